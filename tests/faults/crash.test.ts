import { expect } from 'chai';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { eventually } from '../e2e/support/startBot';
import { assertNoSecrets } from '../security/secrets';
import { FaultRig } from './support/harness';
import { RestGate, type HoldStage } from './support/RestGate';
import { logEntries, openForm, submitForm } from '../e2e/support/registration';
import { sleep } from '../helpers/sleep';

const SEED = 6;
const POINTS = 10;

interface Gap {
	what: string;
	pattern: RegExp | null;
	stage: HoldStage;
	/** The member's answer comes before this gap, so the attempt may finish first; the hold still marks the moment. */
	afterReply?: boolean;
}

// The gaps worth dying in; a seeded delay after the hold (or after the submit, for the last) picks the exact moment.
const gaps: Gap[] = [
	{ what: 'claim written, roles not yet sent', pattern: /^PATCH \/guilds\/\d+\/members\/\d+$/, stage: 'request' },
	{ what: 'roles given, not yet recorded', pattern: /^PATCH \/guilds\/\d+\/members\/\d+$/, stage: 'response' },
	{ what: 'registered, reply not yet sent', pattern: /^POST \/interactions\/\d+\/[^/]+\/callback$/, stage: 'request' },
	{ what: 'reply sent, log entry not yet posted', pattern: /^POST \/channels\/\d+\/messages$/, stage: 'request', afterReply: true },
	{ what: 'anywhere in the first 400 ms', pattern: null, stage: 'request' }
];

describe('faults: kill -9 during a registration, then restart', function () {
	this.timeout(30_000);
	let rig: FaultRig;
	let gate: RestGate;
	const rng = xoroshiro128plus(SEED);
	const orders = new OrderFactory('ep2026', (length) => 'k'.repeat(length), 50_001);
	const people = Array.from({ length: POINTS + 1 }, (_, i) => ({ code: `KIL${String(i).padStart(2, '0')}`, name: `Crash Tester ${String.fromCharCode(65 + i)}` }));
	const crashed: Array<{ user: UserRef; code: string }> = [];

	const event = fixtureEvent();
	event.orders.push(...people.map((person) => orders.build({ code: person.code, positions: [{ item: ITEM_IDS.personal, variation: 104, name: person.name }] }, new Date('2026-05-02T10:00:00Z'))));

	/** The ledger and the guild agree: every ticket this user holds has its roles recorded and given; no roles without a ticket. */
	const agrees = (user: UserRef) => {
		const rows = rig.ledger().filter((row) => row.discord_user_id === user.id);
		const roleIds = rig.discord.member(user).roleIds;
		if (rows.length === 0) return !roleIds.includes(rig.discord.role('Participants').id);
		return rows.every((row) => {
			const recorded = JSON.parse(row.roles) as string[];
			return recorded.length > 0 && recorded.every((id) => roleIds.includes(id));
		});
	};

	before(async () => {
		rig = await FaultRig.start(event, {
			restUrl: async (discord) => {
				gate = await RestGate.start(discord.restUrl);
				return gate.restUrl;
			}
		});
		await rig.boot();
	});

	after(async () => {
		await rig?.close();
		await gate?.close();
	});

	for (let point = 0; point < POINTS; point++) {
		const gap = gaps[point % gaps.length]!;
		const delayMs = uniformInt(rng, 0, gap.pattern ? 150 : 400);
		it(`point ${point + 1}: ${gap.what} (+${delayMs} ms): the restart leaves ledger and guild agreeing, and a retry succeeds`, async () => {
			const { discord } = rig;
			const user = discord.addMember({ username: `crash${point}` });
			const person = people[point]!;
			const modal = await openForm(discord, user);
			const held = gap.pattern ? gate.holdNext(gap.pattern, gap.stage) : Promise.resolve();
			const attempt = submitForm(discord, user, modal, person.code, person.name, 15_000);
			// The attempt must not finish before the gap is reached, or the test would not crash where it says.
			const finished = gap.afterReply ? await held.then(() => null) : await Promise.race([held.then(() => null), attempt.catch(() => null)]);
			if (finished) throw new Error(`the registration finished before ${gap.what}: ${finished.content}`);
			await sleep(delayMs);
			await rig.crash();
			gate.reset();
			attempt.catch(() => undefined);

			await rig.restart();
			await eventually(() => agrees(user), 'the ledger and the guild to agree after the restart', 8000);
			const retry = await submitForm(discord, user, await openForm(discord, user), person.code, person.name);
			expect(retry.content).to.match(/You are registered|You were already registered/);
			const rows = rig.ledger().filter((row) => row.order_code === person.code);
			expect(rows.map((row) => row.discord_user_id)).to.deep.equal([user.id]);
			expect(discord.member(user).roles).to.include.members(['Participants', 'Onsite Participants']);
			expect(agrees(user)).to.equal(true);
			crashed.push({ user, code: person.code });
		});
	}

	it('finishes an interrupted registration at start and tells the organizers', async () => {
		const repaired = () => logEntries(rig.discord).filter((entry) => entry.includes('was interrupted by a restart; finished it'));
		// The two PATCH gaps leave a claim without recorded roles; both recur every five points.
		const expected = Math.ceil(POINTS / gaps.length) * 2;
		await eventually(() => repaired().length >= expected, `${expected} repair entries in the log`, 10_000);
	});

	it('releases an interrupted claim when the member left before the restart', async () => {
		const { discord } = rig;
		const person = people[POINTS]!;
		const leaver = discord.addMember({ username: 'leaver' });
		const modal = await openForm(discord, leaver);
		const held = gate.holdNext(gaps[0]!.pattern!, 'request');
		submitForm(discord, leaver, modal, person.code, person.name, 15_000).catch(() => undefined);
		await held;
		await rig.crash();
		gate.reset();
		expect(rig.ledger().filter((row) => row.order_code === person.code).map((row) => row.discord_user_id)).to.deep.equal([leaver.id]);
		discord.removeMember(leaver);

		await rig.restart();
		await eventually(() => rig.ledger().every((row) => row.order_code !== person.code), 'the claim of the member who left to be released', 8000);
		const heir = discord.addMember({ username: 'heir' });
		const reply = await submitForm(discord, heir, await openForm(discord, heir), person.code, person.name);
		expect(reply.content).to.include('You are registered');
		expect(logEntries(rig.discord).some((entry) => entry.includes(`<@${leaver.id}>'s registration (order ${person.code}) was interrupted by a restart and could not be finished`))).to.equal(true);
	});

	it('never lets a ticket be held twice: another account is refused every crashed ticket', async () => {
		const { discord } = rig;
		const heldTwice = new Map<string, Set<string>>();
		for (const row of rig.ledger()) heldTwice.set(row.ticket_key, (heldTwice.get(row.ticket_key) ?? new Set()).add(row.discord_user_id));
		expect([...heldTwice.values()].filter((holders) => holders.size > 1)).to.deep.equal([]);
		const intruder = discord.addMember({ username: 'intruder' });
		for (const { code } of crashed.slice(0, 3)) {
			const person = people.find((p) => p.code === code)!;
			const reply = await submitForm(discord, intruder, await openForm(discord, intruder), code, person.name);
			expect(reply.content).to.include('already linked to another Discord account');
		}
		expect(discord.member(intruder).roles).to.deep.equal([]);
	});

	it('printed no token, and sent Discord only requests its OpenAPI spec accepts', () => {
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
