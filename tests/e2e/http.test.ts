import { expect } from 'chai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { fixtureEvent } from '../fixtures/pretix/event';
import { ThrowawayRedis } from '../helpers/redisServer';
import { register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

const SECRET = 'webhook-secret-for-tests';

describe('e2e: HTTP endpoints (/metrics, /healthz, pretix webhook)', function () {
	this.timeout(30_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let bot: RunningBot;
	let base: string;
	let counter = 0;
	const orders = new OrderFactory('ep2026', (length) => 'w'.repeat(length), 50_001);

	const newcomer = (): UserRef => discord.addMember({ username: `webhook${++counter}` });
	const orderFetches = (code: string) => pretix.requests.filter((request) => request.path.endsWith(`/orders/${code}/`)).length;
	const metrics = async () => {
		const response = await fetch(`${base}/metrics`);
		expect(response.status).to.equal(200);
		expect(response.headers.get('content-type')).to.match(/^text\/plain/);
		return parsePrometheusTextFormat(await response.text());
	};
	const sample = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) =>
		families.find((family) => family.name === name)?.metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
	const health = async () => {
		const response = await fetch(`${base}/healthz`);
		return { status: response.status, body: (await response.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> } };
	};

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1000 });
		pretix = await PretixStandin.start(fixtureEvent());
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			overrides: {
				programme: { enabled: false },
				http: { enabled: true, port: 0 },
				pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026', webhook: { enabled: true, path: '/hooks/pretix' } }
			},
			secrets: { PRETIX_TOKEN: pretix.token, PRETIX_WEBHOOK_SECRET: SECRET }
		});
		await bot.waitForOutput(/HTTP server listening on http:\/\/127\.0\.0\.1:\d+/);
		base = `http://127.0.0.1:${/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(bot.output())![1]}`;
		await eventually(() => /pretix full sync/.test(bot.output()) && discord.messagesIn('registration-form').length > 0, 'the first pretix sync and the form');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await redis?.kill();
	});

	it('/healthz is 200 with gateway, Redis, SQLite and pretix sync all fine', async () => {
		await eventually(() => discord.gatewayStats.heartbeats > 0, 'a heartbeat');
		const { status, body } = await health();
		expect(body.checks).to.have.keys(['gateway', 'redis', 'sqlite', 'pretixSync', 'roleQueue']);
		expect(body.checks.roleQueue).to.deep.equal({ ok: true, waiting: 0, etaSeconds: 0 });
		expect(body.ok, JSON.stringify(body)).to.equal(true);
		expect(status).to.equal(200);
	});

	it('/metrics is Prometheus text with registrations by result, sync age and duration, gateway latency', async () => {
		const before = await metrics();
		const success = Number(sample(before, 'usher_registrations_total', { result: 'success' })?.value);
		const wrongName = Number(sample(before, 'usher_registrations_total', { result: 'wrong-name' })?.value);
		expect((await register(discord, newcomer(), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
		expect((await register(discord, newcomer(), 'ABC12', 'Someone Else')).content).to.include('no ticket in it with that name');
		const after = await metrics();
		expect(Number(sample(after, 'usher_registrations_total', { result: 'success' })?.value)).to.equal(success + 1);
		expect(Number(sample(after, 'usher_registrations_total', { result: 'wrong-name' })?.value)).to.equal(wrongName + 1);
		expect(Number(sample(after, 'usher_role_queue_depth', {})?.value), 'nobody waits once both are answered').to.equal(0);
		expect(Number(sample(after, 'usher_role_queue_wait_seconds', {})?.value)).to.equal(0);
		const age = Number(sample(after, 'usher_pretix_sync_age_seconds')?.value);
		expect(age).to.be.at.least(0).and.below(60);
		expect(Number(sample(after, 'usher_pretix_sync_duration_seconds')?.count)).to.be.at.least(1);
		expect(Number(sample(after, 'usher_gateway_latency_seconds')?.value)).to.be.at.least(0);
		expect(after.map((family) => family.name)).to.include.members(['usher_discord_rest_errors_total', 'usher_notifications_posted_total', 'usher_process_cpu_seconds_total']);
	});

	it('counts Discord REST errors by status and rate-limit hits', async () => {
		discord.failNext({ route: /^PATCH .*\/members\//, status: 429, retryAfter: 1 });
		expect((await register(discord, newcomer(), 'VOLNT', 'Seán Ó Rudaí')).content).to.include('You are registered');
		// Discord refuses the nickname: the roles alone are applied in a second request.
		discord.failNext({ route: /^PATCH .*\/members\//, status: 403 });
		expect((await register(discord, newcomer(), 'RMT56', 'Olga Petrova')).content).to.include('You are registered');
		const families = await metrics();
		expect(Number(sample(families, 'usher_discord_rest_errors_total', { status: '403' })?.value)).to.equal(1);
		expect(Number(sample(families, 'usher_discord_rest_errors_total', { status: '429' })?.value)).to.equal(1);
		expect(Number(sample(families, 'usher_discord_rate_limits_total', { scope: 'route' })?.value)).to.be.at.least(1);
	});

	it('rejects a webhook without the right secret and fetches nothing', async () => {
		const before = orderFetches('ABC12');
		expect(await pretix.sendWebhook(`${base}/hooks/pretix`, 'ABC12')).to.equal(401);
		expect(await pretix.sendWebhook(`${base}/hooks/pretix?secret=wrong`, 'ABC12')).to.equal(401);
		// The accepted webhook's fetch is the positive signal: the rejected ones, answered before it was sent, fetched nothing.
		expect(await pretix.sendWebhook(`${base}/hooks/pretix?secret=${SECRET}`, 'ABC12')).to.equal(200);
		await eventually(() => orderFetches('ABC12') > before, 'the accepted webhook to re-fetch the order');
		expect(orderFetches('ABC12')).to.equal(before + 1);
	});

	it('a webhook makes a just-paid order registrable at once', async () => {
		pretix.addOrder(orders.build({ code: 'WEBH1', status: 'n', positions: [{ item: ITEM_IDS.remote, name: 'Hedy Lamarr' }] }, new Date()));
		const hedy = newcomer();
		// Unpaid: the cache miss asks pretix once, which then holds back further lookups of this code for a while.
		expect((await register(discord, hedy, 'WEBH1', 'Hedy Lamarr')).content).to.include('I found your ticket in order `WEBH1`, but the order is not paid yet');
		const fetchedBefore = orderFetches('WEBH1');
		pretix.markPaid('WEBH1');
		expect(await pretix.sendWebhook(`${base}/hooks/pretix?secret=${SECRET}`, 'WEBH1', 'pretix.event.order.paid')).to.equal(200);
		await eventually(() => orderFetches('WEBH1') === fetchedBefore + 1, 'the webhook to re-fetch the order');
		await bot.waitForOutput(/pretix webhook: order W\S* refreshed/);
		const reply = await register(discord, hedy, 'WEBH1', 'Hedy Lamarr');
		expect(reply.content).to.include('You are registered');
		expect(discord.member(hedy).roles).to.include('Remote Participants');
		expect(orderFetches('WEBH1')).to.equal(fetchedBefore + 1);
		expect(bot.output()).not.to.include('WEBH1');
	});

	it('/healthz turns 503 when Redis stops answering', async () => {
		await redis.kill();
		const { status, body } = await health();
		expect(status).to.equal(503);
		expect(body.ok).to.equal(false);
		expect(body.checks.redis!.ok).to.equal(false);
		expect(body.checks.sqlite!.ok).to.equal(true);
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
