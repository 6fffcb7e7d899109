import { expect } from 'chai';
import { DiscordRateModel, GLOBAL_PER_SECOND } from './rateModel';

/** A model on a clock the test moves by hand. */
function modelAt(scale = 1) {
	let now = Date.UTC(2026, 6, 15, 8, 0, 0);
	const model = new DiscordRateModel({ scale }, () => new Date(now));
	return { model, advance: (ms: number) => (now += ms) };
}

const guild = { guild_id: '100' };
const member = (userId: string) => ({ ...guild, user_id: userId });
const memberRoute = '/guilds/{guild_id}/members/{user_id}';
const roleRoute = '/guilds/{guild_id}/members/{user_id}/roles/{role_id}';
const messages = '/channels/{channel_id}/messages';

function attempts(count: number, run: (i: number) => ReturnType<DiscordRateModel['consume']>) {
	return Array.from({ length: count }, (_, i) => run(i));
}

describe('stand-in: Discord rate-limit model (discord-limits.md)', () => {
	it('member PATCH: 10 per 10 s for the whole guild whatever the user, fixed window, then 429 with the time to the window end', () => {
		const { model, advance } = modelAt();
		const first = attempts(10, (i) => model.consume('PATCH', memberRoute, member(String(i)), { roles: [] }));
		expect(first.every((decision) => !decision.limited)).to.equal(true);
		expect(first.map((decision) => decision.headers['X-RateLimit-Remaining'])).to.deep.equal(['9', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
		advance(4000);
		const refused = model.consume('PATCH', memberRoute, member('another'), { nick: 'x' }).limited!;
		expect(refused.status).to.equal(429);
		expect(refused.headers!['X-RateLimit-Scope']).to.equal('user');
		expect(refused.body).to.deep.include({ retry_after: 6, global: false });
		// Another guild has its own budget.
		expect(model.consume('PATCH', memberRoute, { guild_id: '200', user_id: '1' }, {}).limited).to.equal(undefined);
		// Fixed window: all ten slots come back at once when it ends.
		advance(6000);
		expect(attempts(10, (i) => model.consume('PATCH', memberRoute, member(String(i)), {})).every((decision) => !decision.limited)).to.equal(true);
	});

	it('opens DM channels 5 per 5 s for the whole bot, and a new scale applies from then on with fresh buckets', () => {
		const { model, advance } = modelAt(50);
		const open = () => model.consume('POST', '/users/@me/channels', {}, { recipient_id: '1' });
		expect(attempts(5, open).every((decision) => !decision.limited)).to.equal(true);
		expect(open().limited?.body).to.deep.include({ retry_after: 0.1 });
		advance(100);
		expect(open().limited).to.equal(undefined);
		model.setScale(1);
		expect(attempts(5, open).every((decision) => !decision.limited), 'fresh bucket').to.equal(true);
		advance(1000);
		expect(open().limited?.body, 'Discord’s own 5 s window now').to.deep.include({ retry_after: 4 });
	});

	it('role PUT and DELETE share one 10 per 10 s guild bucket, separate from the member PATCH', () => {
		const { model } = modelAt();
		attempts(5, (i) => model.consume('PUT', roleRoute, { ...member(String(i)), role_id: '7' }));
		attempts(5, (i) => model.consume('DELETE', roleRoute, { ...member(String(i)), role_id: '7' }));
		expect(model.consume('PUT', roleRoute, { ...member('x'), role_id: '8' }).limited?.status).to.equal(429);
		expect(model.consume('PATCH', memberRoute, member('x'), {}).limited).to.equal(undefined);
	});

	it('channel messages: 5 per 5 s per channel on a sliding window', () => {
		const { model, advance } = modelAt();
		for (let i = 0; i < 5; i++) {
			expect(model.consume('POST', messages, { channel_id: '1' }, { content: 'hi' }).limited, `message ${i}`).to.equal(undefined);
			advance(1000);
		}
		// 5 s after the first, one slot frees; the rest free one by one.
		expect(model.consume('POST', messages, { channel_id: '1' }, {}).limited).to.equal(undefined);
		expect(model.consume('POST', messages, { channel_id: '1' }, {}).limited?.body).to.deep.include({ retry_after: 1 });
		expect(model.consume('POST', messages, { channel_id: '2' }, {}).limited).to.equal(undefined);
	});

	it('channel name or topic: a hidden 2 per 10 minutes the headers never show', () => {
		const { model, advance } = modelAt();
		const edit = (body: unknown) => model.consume('PATCH', '/channels/{channel_id}', { channel_id: '1' }, body);
		const first = edit({ topic: 'Stream: https://example.org/1' });
		expect(first.headers['X-RateLimit-Limit']).to.equal('5');
		edit({ topic: 'Stream: https://example.org/2' });
		advance(60_000);
		const third = edit({ topic: 'Stream: https://example.org/3' }).limited!;
		expect(third.status).to.equal(429);
		expect(Number(third.body && (third.body as { retry_after: number }).retry_after)).to.equal(540);
		// Other edits of the channel are not held back by the sub-limit.
		expect(edit({ nsfw: false }).limited).to.equal(undefined);
		advance(540_000);
		expect(edit({ name: 'forum-hall' }).limited).to.equal(undefined);
	});

	it('interaction callbacks: no bucket, no headers, not counted against the global limit; token webhooks 5 per 2 s per token', () => {
		const { model } = modelAt();
		for (let i = 0; i < 200; i++) {
			const decision = model.consume('POST', '/interactions/{interaction_id}/{interaction_token}/callback', { interaction_id: String(i), interaction_token: `t${i}` }, { type: 4 });
			expect(decision.limited).to.equal(undefined);
			expect(decision.headers).to.deep.equal({});
		}
		const edit = (token: string) => model.consume('PATCH', '/webhooks/{webhook_id}/{webhook_token}/messages/@original', { webhook_id: 'app', webhook_token: token }, {});
		expect(attempts(5, () => edit('a')).every((decision) => !decision.limited)).to.equal(true);
		expect(edit('a').limited?.status).to.equal(429);
		expect(edit('b').limited).to.equal(undefined);
		// None of the above used the global budget: 50 other requests still pass in this second.
		expect(attempts(GLOBAL_PER_SECOND, (i) => model.consume('GET', '/channels/{channel_id}', { channel_id: String(i) })).every((decision) => !decision.limited)).to.equal(true);
	});

	it('global: 50 per second per bot across routes, a 429 with the global flag', () => {
		const { model, advance } = modelAt();
		attempts(GLOBAL_PER_SECOND, (i) => model.consume('GET', '/channels/{channel_id}', { channel_id: String(i) }));
		const refused = model.consume('GET', '/channels/{channel_id}', { channel_id: 'next' }).limited!;
		expect(refused.headers).to.include({ 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
		expect(refused.body).to.deep.include({ global: true });
		advance(1000);
		expect(model.consume('GET', '/channels/{channel_id}', { channel_id: 'next' }).limited).to.equal(undefined);
	});

	it('a time scale divides every window: at scale 10 the member bucket refills after 1 s', () => {
		const { model, advance } = modelAt(10);
		attempts(10, (i) => model.consume('PATCH', memberRoute, member(String(i)), {}));
		expect(model.consume('PATCH', memberRoute, member('x'), {}).limited?.body).to.deep.include({ retry_after: 1 });
		advance(1000);
		expect(model.consume('PATCH', memberRoute, member('x'), {}).limited).to.equal(undefined);
		expect(model.stats.byFamily['member edit']).to.deep.equal({ allowed: 11, limited: 1 });
	});
});
