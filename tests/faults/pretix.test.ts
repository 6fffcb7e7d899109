import { expect } from 'chai';
import type { InteractionResult, UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { assertNoSecrets } from '../security/secrets';
import { FaultRig } from './support/harness';
import { openForm, submitForm } from '../e2e/support/registration';

const notAnswering = 'the ticket system is not answering. Nothing was lost: please try again in a few minutes.';

describe('faults: pretix failing while people register', function () {
	this.timeout(30_000);
	let rig: FaultRig;
	let counter = 0;
	const orders = new OrderFactory('ep2026', (length) => 'p'.repeat(length), 60_001);

	/** A ticket bought after the last sync: registering it needs a direct call to pretix. */
	const freshTicket = () => {
		const code = `PFX${String(++counter).padStart(2, '0')}`;
		const name = `Fault Person ${String.fromCharCode(64 + counter)}`;
		rig.pretix.addOrder(orders.build({ code, positions: [{ item: ITEM_IDS.education, variation: 107, name }] }, new Date()));
		return { code, name };
	};
	const attempt = async (user: UserRef, ticket: { code: string; name: string }): Promise<{ result: InteractionResult; ms: number }> => {
		const modal = await openForm(rig.discord, user);
		const started = Date.now();
		const result = await submitForm(rig.discord, user, modal, ticket.code, ticket.name);
		return { result, ms: Date.now() - started };
	};
	const held = (code: string) => rig.ledger().filter((row) => row.order_code === code);
	const directCalls = (code: string) => rig.pretix.requests.filter((request) => request.path.endsWith(`/orders/${code}/`));

	before(async () => {
		// 2 s per pretix call (instead of 10) keeps the suite short; the retry schedule is the production one.
		rig = await FaultRig.start(fixtureEvent(), { overrides: { pretix: { timeout_seconds: 2 } } });
		await rig.boot();
	});

	after(() => rig?.close());

	afterEach(() => rig.pretix.recover());

	it('rides out two 500s: retries, defers in time, registers', async () => {
		const ticket = freshTicket();
		rig.pretix.failNext({ status: 500, times: 2 });
		const { result } = await attempt(rig.discord.addMember({ username: 'five-hundred' }), ticket);
		expect(result.deferred, 'the retries take longer than 1.5 s, so the bot defers').to.equal(true);
		expect(result.content).to.include('You are registered');
		expect(directCalls(ticket.code)).to.have.length(3);
	});

	it('says pretix is not answering when it keeps failing, records nothing, and lets the same person in once it is back', async () => {
		const ticket = freshTicket();
		const user = rig.discord.addMember({ username: 'patient' });
		rig.pretix.failNext({ status: 503, times: 20 });
		const { result } = await attempt(user, ticket);
		expect(result.content).to.include(notAnswering);
		expect(held(ticket.code)).to.deep.equal([]);
		expect(rig.discord.member(user).roles).to.deep.equal([]);
		rig.pretix.recover();
		const again = await attempt(user, ticket);
		expect(again.result.content).to.include('You are registered');
		expect(held(ticket.code).map((row) => row.discord_user_id)).to.deep.equal([user.id]);
	});

	it('honours a short 429 Retry-After and registers', async () => {
		const ticket = freshTicket();
		rig.pretix.failNext({ status: 429, retryAfter: '1' });
		const { result, ms } = await attempt(rig.discord.addMember({ username: 'throttled' }), ticket);
		expect(result.content).to.include('You are registered');
		const [first, second] = directCalls(ticket.code);
		expect(second, 'the retry after Retry-After').to.not.equal(undefined);
		expect(ms).to.be.at.least(1000);
		expect(first).to.not.equal(undefined);
	});

	it('does not keep a member waiting behind a long 429, and does not count it against their tries', async () => {
		const ticket = freshTicket();
		const user = rig.discord.addMember({ username: 'rate-limited' });
		// Six answers in a row, more than the five counted failures the limiter allows.
		for (let i = 0; i < 6; i++) {
			rig.pretix.failNext({ status: 429, retryAfter: '3600' });
			const { result, ms } = await attempt(user, ticket);
			expect(result.content, `try ${i + 1}`).to.include(notAnswering);
			expect(ms, `try ${i + 1}`).to.be.below(3000);
		}
		expect((await attempt(user, ticket)).result.content).to.include('You are registered');
	});

	it('treats a garbage (HTML) answer as pretix being unavailable, and recovers', async () => {
		const ticket = freshTicket();
		const user = rig.discord.addMember({ username: 'garbage' });
		rig.pretix.garbageNext(1);
		const { result } = await attempt(user, ticket);
		expect(result.content).to.include(notAnswering);
		expect(held(ticket.code)).to.deep.equal([]);
		expect((await attempt(user, ticket)).result.content).to.include('You are registered');
	});

	it('answers a member whose lookup hits a 10 s pretix stall: deferred within the 3 s window, then registered by the retry', async () => {
		const ticket = freshTicket();
		rig.pretix.slowNext(10_000);
		const { result, ms } = await attempt(rig.discord.addMember({ username: 'stalled' }), ticket);
		expect(result.deferred).to.equal(true);
		expect(result.content).to.include('You are registered');
		expect(ms).to.be.below(6000);
	});

	it('kept serving tickets it already knew while pretix was failing', async () => {
		rig.pretix.failNext({ status: 500, times: 50 });
		const before = rig.pretix.requests.length;
		const { result } = await attempt(rig.discord.addMember({ username: 'known' }), { code: 'VOLNT', name: 'Seán Ó Rudaí' });
		expect(result.content).to.include('You are registered');
		expect(rig.pretix.requests.length).to.equal(before);
	});

	it('printed no token, and sent Discord only requests its OpenAPI spec accepts', () => {
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
