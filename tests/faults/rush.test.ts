import { expect } from 'chai';
import type { InteractionResult, UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { eventually } from '../helpers/eventually';
import { logEntries, openForm, submitForm } from '../e2e/support/registration';
import { FaultRig } from './support/harness';

// Discord's limits five times faster: 10 member edits and 10 role adds every 2 s for the guild, tokens that die after 3 minutes.
const SCALE = 5;
const PEOPLE = 40;

describe('faults: a registration rush under Discord’s real limits (time-lapse ×5), with a kill -9 in the middle', function () {
	this.timeout(120_000);
	let rig: FaultRig;
	const orders = new OrderFactory('ep2026', (length) => 'r'.repeat(length), 90_001);
	const people = Array.from({ length: PEOPLE }, (_, i) => ({ code: `RSH${String(i).padStart(2, '0')}`, name: `Rush Person ${String.fromCharCode(65 + (i % 26))}${i}` }));
	const event = fixtureEvent();
	// A second wave, and one attendee an organizer registers by hand while that wave waits.
	const wave = Array.from({ length: 60 }, (_, i) => ({ code: `WAV${String(i).padStart(2, '0')}`, name: `Wave Person ${String.fromCharCode(65 + (i % 26))}${i}` }));
	const byHand = { code: 'DESK1', name: 'Desk Person' };
	event.orders.push(
		...[...people, ...wave, byHand].map((person) => orders.build({ code: person.code, positions: [{ item: ITEM_IDS.business, variation: 101, name: person.name }] }, new Date('2026-05-03T10:00:00Z')))
	);

	before(async () => {
		rig = await FaultRig.start(event, {
			discord: { rateLimits: { model: 'discord', scale: SCALE } },
			overrides: { discord: { interaction_token_minutes: 15 / SCALE } }
		});
		await rig.boot();
	});

	after(() => rig?.close());

	it('answers everyone at once with a place, updates the replies as roles arrive, survives kill -9, and never uses a dead token', async () => {
		const { discord } = rig;
		const users: UserRef[] = people.map((_, i) => discord.addMember({ username: `rush${i}` }));
		const modals = await Promise.all(users.map((user) => openForm(discord, user)));
		const results: InteractionResult[] = await Promise.all(users.map((user, i) => submitForm(discord, user, modals[i]!, people[i]!.code, people[i]!.name)));

		// Every first answer is the interaction's own reply (not a deferral), whatever the member bucket holds.
		expect(results.map((result) => result.callbackType)).to.deep.equal(results.map(() => 4));
		const places = results.map((result) => Number(/you are number (\d+) in line/.exec(result.firstContent ?? '')?.[1] ?? 0));
		const waiting = places.filter((place) => place > 0).length;
		// Two buckets let members in (the role PUT and the member PATCH): a quarter of the burst still waits.
		expect(waiting, 'a good part of a burst of 40 wait for the buckets').to.be.at.least(PEOPLE / 4);
		expect(results.every((result, i) => places[i]! > 0 || result.firstContent?.includes('You are registered'))).to.equal(true);
		// Members in line are let in first through the role route, and their reply says so while the nickname waits.
		await eventually(() => results.some((result) => result.content.includes('You are in: the conference channels are open to you now')), 'a reply updated at access');
		expect(discord.requests.filter((request) => request.method === 'PUT' && request.route?.endsWith('/roles/{role_id}')).length, 'access roles given ahead').to.be.greaterThan(0);

		// An organizer sees the line.
		const stats = await discord.runCommand('olivia', 'stats', { subcommand: 'registration' });
		expect(stats.content).to.match(/\*\*Waiting for roles\*\*: \d+ \(Discord lets a bot update about 10 members every 10 seconds\)/);

		// The member last in line submits again and hears their current place, never a worse one.
		const last = places.indexOf(Math.max(...places));
		const again = await submitForm(discord, users[last]!, await openForm(discord, users[last]!), people[last]!.code, people[last]!.name);
		const placeAgain = Number(/you are number (\d+) in line/.exec(again.firstContent ?? '')?.[1] ?? 0);
		expect(placeAgain, again.content).to.be.within(1, places[last]!);

		// kill -9 with people still in line; the next process carries on from SQLite.
		const finished = (user: UserRef) => discord.member(user).roles.includes('Participants') && discord.member(user).nick === people[users.indexOf(user)]!.name;
		expect(users.filter(finished).length, 'the line is not done yet').to.be.below(PEOPLE);
		await rig.crash();
		await rig.restart();
		await eventually(() => users.every(finished), 'everyone’s roles and badge nickname after the restart', 60_000);

		// Nobody lost, nobody doubled: one claim each, each role given once.
		const rows = rig.ledger().filter((row) => row.order_code.startsWith('RSH'));
		expect(rows.map((row) => row.discord_user_id).sort()).to.deep.equal(users.map((user) => user.id).sort());
		for (const user of users) {
			const adds = discord.events.filter((e) => e.kind === 'role.add' && e.userId === user.id && e.role === 'Participants');
			expect(adds, user.username).to.have.length(1);
		}
		// Every reply that said "in line" now says they are registered (the newest one for the member who sent again).
		const latest = results.map((result, i) => (i === last ? again : result));
		await eventually(() => latest.every((result) => result.content.includes('You are registered')), 'every reply updated', 20_000).catch((error: Error) => {
			const stale = latest.map((result, i) => [i, places[i], result.content.slice(0, 60)]).filter(([, , content]) => !String(content).includes('You are registered'));
			throw new Error(`${error.message}: ${JSON.stringify(stale)}\n${rig.printed().split('\n').filter((line) => /update|WARN|ERROR/.test(line)).join('\n')}`);
		});
		expect(discord.deadTokenRequests, 'no edit on a dead token').to.equal(0);
		expect(discord.rateModel!.stats.limited, `429s: ${JSON.stringify(discord.rateModel!.stats.byFamily)}`).to.equal(0);
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('puts an organizer’s registration and a rejoin in the same line: the organizer’s first, the rejoin in turn, both logged', async () => {
		const { discord } = rig;
		const rejoiner = discord.user('rush0');
		expect(discord.member(rejoiner).roles).to.include('Participants');
		const users = wave.map((_, i) => discord.addMember({ username: `wave${i}` }));
		const modals = await Promise.all(users.map((user) => openForm(discord, user)));
		const results = await Promise.all(users.map((user, i) => submitForm(discord, user, modals[i]!, wave[i]!.code, wave[i]!.name)));
		expect(results.filter((result) => /you are number \d+ in line/.test(result.firstContent ?? '')).length, 'the wave waits').to.be.at.least(wave.length / 2);

		discord.removeMember(rejoiner);
		const back = discord.rejoin(rejoiner);
		const newcomer = discord.addMember({ username: 'desk-person' });
		const desk = await discord.runCommand('olivia', 'registration', {
			subcommand: 'register',
			options: { member: { id: newcomer.id }, order: byHand.code, name: byHand.name, reason: 'at the help desk' },
			channel: 'organisers'
		});
		expect(desk.content, desk.content).to.match(/Registered <@\d+> for 1 ticket/);
		// Organizers go first: the roles came within the answer, or the organizer's member is next.
		expect(desk.content.includes('and gave them: Participants') || desk.content.includes('number 1 in line'), desk.content).to.equal(true);

		const adds = () => discord.events.filter((e) => e.kind === 'role.add' && e.role === 'Participants').map((e) => (e as { userId: string }).userId);
		// The rejoiner's first Participants came in the first test; the restore is their second.
		await eventually(() => [newcomer.id, ...users.map((user) => user.id)].every((id) => adds().includes(id)) && adds().filter((id) => id === back.id).length === 2, 'every role given', 60_000).catch(
			(error: Error) => {
				throw new Error(`${error.message}\n${rig.printed().split('\n').filter((line) => /rejoin|WARN|ERROR/.test(line)).join('\n')}`);
			}
		);
		const order = adds();
		const lastOfWave = Math.max(...users.map((user) => order.lastIndexOf(user.id)));
		const waveStillWaiting = users.filter((user) => order.lastIndexOf(user.id) > order.lastIndexOf(newcomer.id)).length;
		expect(waveStillWaiting, 'the organizer’s registration went ahead of the waiting wave').to.be.at.least(1);
		// Two lanes work side by side, so the rejoin may finish alongside the wave's last member, never before the rest.
		expect(order.lastIndexOf(back.id), 'the rejoin waited its turn behind the wave').to.be.at.least(lastOfWave - 1);

		await eventually(() => desk.content.includes('and gave them: Participants'), 'the organizer’s reply updated (or final at once)', 20_000);
		await eventually(() => logEntries(discord).some((entry) => entry.includes(`registered <@${newcomer.id}> by hand`) && entry.includes('at the help desk')), 'the organizer log entry');
		// The rejoiner was let in ahead; the rest of their restore (the nickname) comes after the wave's, and then the log entry.
		await eventually(() => logEntries(discord).some((entry) => entry.includes(`<@${back.id}> rejoined; restored their registration: Participants`)), 'the rejoin log entry', 60_000);
		expect(rig.ledger().filter((row) => row.order_code === byHand.code).map((row) => row.discord_user_id)).to.deep.equal([newcomer.id]);
		expect(discord.rateModel!.stats.limited, `429s: ${JSON.stringify(discord.rateModel!.stats.byFamily)}`).to.equal(0);
		expect(discord.deadTokenRequests).to.equal(0);
	});
});
