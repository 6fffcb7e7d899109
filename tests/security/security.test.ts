import { expect } from 'chai';
import { notOrganizerMessage } from '#lib/discord/organizers';
import type { InteractionResult, UserRef } from '../standins/discord';
import { invocations as allInvocations, organizerOnly } from '../e2e/support/commands';
import { fixtureEvent } from '../fixtures/pretix/event';
import { eventually } from '../e2e/support/startBot';
import { FaultRig } from '../faults/support/harness';
import { openForm, submitForm } from '../e2e/support/registration';
import { assertNoSecrets } from './secrets';

const WEBHOOK_SECRET = 'whsec-security-suite-9c41d7e2b8';

describe('security: secrets, organizer-only tools, the webhook', function () {
	this.timeout(30_000);
	let rig: FaultRig;
	let base: string;
	let registered: UserRef;

	const invocations = (filter: Parameters<typeof allInvocations>[2]) => allInvocations(rig.discord, registered, filter);
	const expectRefusal = (result: InteractionResult, label: string) => {
		expect(result.content, label).to.equal(notOrganizerMessage);
		expect(result.ephemeral, label).to.equal(true);
		expect([result.embeds, result.attachments, result.components, result.followUps].map((list) => list.length), label).to.deep.equal([0, 0, 0, 0]);
	};
	const webhook = (query: string, headers: Record<string, string> = {}, method = 'POST') =>
		fetch(`${base}/webhooks/pretix${query}`, {
			method,
			headers: { 'Content-Type': 'application/json', ...headers },
			body: method === 'GET' ? undefined : JSON.stringify({ notification_id: 1, organizer: 'europython', event: 'ep2026', code: 'ABC12', action: 'pretix.event.order.paid' })
		}).then((response) => response.status);

	before(async () => {
		rig = await FaultRig.start(fixtureEvent(), {
			// Debug logging is the most talkative the bot gets: if a secret leaks anywhere, it leaks here.
			overrides: { bot: { log_level: 'debug' }, http: { enabled: true, port: 0 }, pretix: { webhook: { enabled: true } } },
			secrets: { PRETIX_WEBHOOK_SECRET: WEBHOOK_SECRET }
		});
		await rig.boot();
		base = `http://127.0.0.1:${/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(rig.bot.output())![1]}`;
		registered = rig.discord.addMember({ username: 'attendee' });
		expect((await submitForm(rig.discord, registered, await openForm(rig.discord, registered), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
	});

	after(() => rig?.close());

	it('finds the organizer commands to check (the enumeration is not empty)', () => {
		expect(invocations(organizerOnly).length).to.be.at.least(3);
	});

	it('refuses every organizer subcommand to an admin who is not an organizer, with no data in the reply', async () => {
		const admin = rig.discord.user('adam');
		for (const { name, input, label } of invocations(organizerOnly)) expectRefusal(await rig.discord.runCommand(admin, name, input), label);
		expect(rig.discord.member(registered).roles).to.include('Participants');
	});

	it('rejects pretix webhooks without the configured secret, and fetches nothing for them', async () => {
		const fetches = () => rig.pretix.requests.filter((request) => request.path.endsWith('/orders/ABC12/')).length;
		const before = fetches();
		const half = WEBHOOK_SECRET.slice(0, WEBHOOK_SECRET.length / 2);
		for (const [query, headers] of [
			['', {}],
			['?secret=', {}],
			['?secret=wrong', {}],
			[`?secret=${half}`, {}],
			[`?secret=${WEBHOOK_SECRET.toUpperCase()}`, {}],
			[`?secret=${WEBHOOK_SECRET}x`, {}],
			['', { 'X-Usher-Secret': 'wrong' }],
			['', { Authorization: `Token ${rig.pretix.token}` }]
		] as Array<[string, Record<string, string>]>) {
			expect(await webhook(query, headers), `${query} ${JSON.stringify(headers)}`).to.be.oneOf([401, 403]);
		}
		// The accepted webhook's fetch is the positive signal: the rejected ones, answered before it was sent, added none.
		expect(await webhook(`?secret=${WEBHOOK_SECRET}`)).to.equal(200);
		await eventually(() => fetches() > before, 'the accepted webhook to re-fetch the order');
		expect(fetches()).to.equal(before + 1);
	});

	it('never prints a token or the webhook secret, nor the names and order codes of registered people (debug logging, SIGTERM included)', async () => {
		await rig.bot.stop();
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.printed()).to.not.include('Ada Lovelace');
		expect(rig.printed()).to.not.include('ABC12');
		await rig.restart();
	});

	it('sent Discord only requests its OpenAPI spec accepts', () => {
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
