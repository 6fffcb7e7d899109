import { expect } from 'chai';
import { DiscordStandIn } from './DiscordStandIn';
import { SpecValidator, type SpecMatch } from './openapi';
import { SnowflakeFactory } from './snowflake';

describe('Discord stand-in: OpenAPI checks, rate limits and ids', () => {
	const spec = SpecValidator.shared();
	const match = (method: string, path: string) => spec.match(method, path) as SpecMatch;

	it('prefers literal segments over parameters and decodes percent-encoded ones', () => {
		expect(match('PATCH', '/webhooks/1/abc/messages/%40original').route).to.equal('/webhooks/{webhook_id}/{webhook_token}/messages/@original');
		expect(match('GET', '/guilds/1/members/search').route).to.equal('/guilds/{guild_id}/members/search');
		expect(match('GET', '/guilds/1/members/2').params).to.deep.equal({ guild_id: '1', user_id: '2' });
		expect(spec.match('POST', '/gateway/bot')).to.equal('method-not-allowed');
		expect(spec.match('GET', '/no/such/thing')).to.equal(undefined);
		expect(match('POST', '/interactions/1/tok/callback').requiresAuth).to.equal(false);
		expect(match('GET', '/gateway/bot').requiresAuth).to.equal(true);
	});

	it('checks path and query parameters against their schemas', () => {
		expect(spec.validateRequest(match('GET', '/channels/not-a-snowflake'), new URLSearchParams(), 'none', undefined)).to.have.length(1);
		const list = match('GET', '/channels/1/messages');
		expect(spec.validateRequest(list, new URLSearchParams({ limit: '50' }), 'none', undefined)).to.deep.equal([]);
		expect(spec.validateRequest(list, new URLSearchParams({ limit: '500' }), 'none', undefined)).to.have.length(1);
	});

	it('accepts the string default_member_permissions that Discord documents, and still rejects a wrong type', () => {
		const put = match('PUT', '/applications/1/commands');
		expect(spec.validateRequest(put, new URLSearchParams(), 'json', [{ name: 'x', description: 'y', default_member_permissions: '8' }])).to.deep.equal([]);
		expect(spec.validateRequest(put, new URLSearchParams(), 'json', [{ name: 'x', description: 'y', default_member_permissions: true }])).to.have.length(1);
	});

	it('rejects a response that breaks the response schema', () => {
		const get = match('GET', '/users/1');
		const user = {
			id: '1',
			username: 'a',
			discriminator: '0',
			avatar: null,
			avatar_decoration_data: null,
			public_flags: 0,
			flags: 0,
			global_name: null,
			primary_guild: null,
			collectibles: null
		};
		expect(spec.validateResponse(get, 200, user)).to.equal(undefined);
		expect(spec.validateResponse(get, 200, { ...user, id: 1 })?.errors).to.have.length.greaterThan(0);
		expect(spec.validateResponse(match('PUT', '/guilds/1/members/2/roles/3'), 204, { unexpected: true })?.message).to.contain('no body');
	});

	it('starts in well under a second once the spec is loaded', async () => {
		const started = performance.now();
		const discord = await DiscordStandIn.start();
		const elapsed = performance.now() - started;
		await discord.close();
		expect(elapsed).to.be.lessThan(500);
	});

	it('makes deterministic snowflakes from the injected clock and stays unique past 4096 per millisecond', () => {
		const at = new Date('2026-07-14T08:45:00Z');
		const ids = new SnowflakeFactory(() => at);
		const first = Array.from({ length: 5000 }, () => ids.next());
		expect(new Set(first).size).to.equal(5000);
		expect(SnowflakeFactory.timestampOf(first[0]).toISOString()).to.equal(at.toISOString());
		expect(new SnowflakeFactory(() => at).next()).to.equal(first[0]);
	});

	it('enforces per-route buckets with headers on every answer when rate limiting is on', async () => {
		const discord = await DiscordStandIn.start({ rateLimits: { perRoute: { limit: 2, windowMs: 60_000 } } });
		try {
			const get = () => fetch(`${discord.restUrl}/v10/users/@me`, { headers: { Authorization: `Bot ${discord.token}` } });
			const answers = [await get(), await get(), await get()];
			expect(answers.map((a) => a.status)).to.deep.equal([200, 200, 429]);
			expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).to.deep.equal(['1', '0', '0']);
			expect(Number(answers[2].headers.get('retry-after'))).to.be.greaterThan(59);
			expect(answers[0].headers.get('x-ratelimit-bucket')).to.equal(answers[2].headers.get('x-ratelimit-bucket'));
		} finally {
			await discord.close();
		}
	});
});
