import { expect } from 'chai';
import type { InteractionResult } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { eventually } from '../e2e/support/startBot';
import { assertNoSecrets } from '../security/secrets';
import { FaultRig } from './support/harness';
import { logEntries, openForm, submitForm } from '../e2e/support/registration';
import { sleep } from '../helpers/sleep';

const DROPS = 5;
const PER_DROP = 3;

describe('faults: the gateway drops five times in a minute', function () {
	this.timeout(60_000);
	let rig: FaultRig;
	const orders = new OrderFactory('ep2026', (length) => 'g'.repeat(length), 70_001);
	const people = Array.from({ length: DROPS * PER_DROP }, (_, i) => ({ code: `GWY${String(i).padStart(2, '0')}`, name: `Gateway Person ${String.fromCharCode(65 + i)}` }));
	const event = fixtureEvent();
	event.orders.push(...people.map((person) => orders.build({ code: person.code, positions: [{ item: ITEM_IDS.business, variation: 101, name: person.name }] }, new Date('2026-05-03T10:00:00Z'))));
	const results: Array<{ userId: string; code: string; result: InteractionResult }> = [];

	before(async () => {
		rig = await FaultRig.start(event);
		await rig.boot();
	});

	after(() => rig?.close());

	it('resumes after every drop and answers every registration submitted around the drops exactly once', async () => {
		const { discord } = rig;
		const resumedBefore = discord.gatewayStats.resumed;
		const identifiedBefore = discord.gatewayStats.identified;
		for (let drop = 0; drop < DROPS; drop++) {
			const batch = people.slice(drop * PER_DROP, (drop + 1) * PER_DROP).map(async (person, i) => {
				const user = discord.addMember({ username: `gw${drop}-${i}` });
				const modal = await openForm(discord, user);
				// Submitted just before, at, and just after the drop: some arrive while the socket is down and come by RESUME replay.
				await sleep(i * 40);
				results.push({ userId: user.id, code: person.code, result: await submitForm(discord, user, modal, person.code, person.name, 20_000) });
			});
			await sleep(30);
			discord.disconnectGateway(4000);
			await Promise.all(batch);
			await eventually(() => discord.gatewayStats.resumed >= resumedBefore + drop + 1, `resume ${drop + 1}`, 15_000);
		}
		expect(discord.gatewayStats.resumed - resumedBefore).to.equal(DROPS);
		expect(discord.gatewayStats.identified, 'resumed, never re-identified').to.equal(identifiedBefore);

		expect(results).to.have.length(people.length);
		const callbacks = new Map<string, number>();
		for (const request of discord.requests) {
			const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
			if (id) callbacks.set(id, (callbacks.get(id) ?? 0) + 1);
		}
		for (const { result, code } of results) {
			expect(result.content, code).to.include('You are registered');
			expect(callbacks.get(result.interactionId), `callbacks for ${code}`).to.equal(1);
		}
	});

	it('recorded each registration once: one ledger row and one claim per person', async () => {
		const rows = rig.ledger().filter((row) => row.order_code.startsWith('GWY'));
		expect(rows.map((row) => row.order_code).sort()).to.deep.equal(people.map((person) => person.code));
		expect(new Set(rows.map((row) => row.discord_user_id)).size).to.equal(people.length);
		const logged = () => logEntries(rig.discord).filter((entry) => / registered as \*\*Gateway Person/.test(entry));
		// Log posts trail the replies; wait for every entry, then check none came twice.
		await eventually(() => logged().length >= people.length, 'a log entry per registration', 15_000);
		expect(logged()).to.have.length(people.length);
	});

	it('printed no token, and sent Discord only requests its OpenAPI spec accepts', () => {
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
