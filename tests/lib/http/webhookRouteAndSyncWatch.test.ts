import { expect } from 'chai';
import type { HttpRequest } from '#lib/http/BotHttpServer';
import { pretixWebhookRoute } from '#lib/http/pretixWebhookRoute';
import { SyncWatch } from '#lib/http/SyncWatch';

const SECRET = 'correct horse battery staple';
const body = { notification_id: 1, organizer: 'europython', event: 'ep2026', code: 'abc12', action: 'pretix.event.order.paid' };

function post(payload: unknown, secret: { query?: string; header?: string } = {}): HttpRequest {
	const query = new URLSearchParams(secret.query === undefined ? {} : { secret: secret.query });
	return { method: 'POST', path: '/webhooks/pretix', query, headers: secret.header ? { 'x-usher-secret': secret.header } : {}, body: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)) };
}

describe('http/pretixWebhookRoute', () => {
	const refetched: string[] = [];
	const errors: unknown[] = [];
	const route = pretixWebhookRoute({
		organizer: 'europython',
		event: 'ep2026',
		secret: SECRET,
		onOrderChanged: async (code) => {
			if (code === 'FAIL1') throw new Error('pretix down');
			refetched.push(code);
		},
		onError: (error) => errors.push(error)
	});
	beforeEach(() => {
		refetched.length = 0;
		errors.length = 0;
	});
	const settle = () => new Promise((resolve) => setImmediate(resolve));

	it('accepts the secret in the query or the header and re-fetches the order', async () => {
		expect((await route(post(body, { query: SECRET }))).status).to.equal(200);
		expect((await route(post(body, { header: SECRET }))).status).to.equal(200);
		await settle();
		expect(refetched).to.deep.equal(['ABC12', 'ABC12']);
	});

	it('rejects a missing or wrong secret before reading the body', async () => {
		expect((await route(post(body))).status).to.equal(401);
		expect((await route(post('not json', { query: 'wrong' }))).status).to.equal(401);
		await settle();
		expect(refetched).to.deep.equal([]);
	});

	it('answers 400 to bodies that are not pretix webhooks, and ignores other events', async () => {
		expect((await route(post('{', { query: SECRET }))).status).to.equal(400);
		expect((await route(post({ hello: 'world' }, { query: SECRET }))).status).to.equal(400);
		const ignored = await route(post({ ...body, event: 'ep2025' }, { query: SECRET }));
		expect([ignored.status, JSON.parse(String(ignored.body))]).to.deep.equal([200, { status: 'ignored' }]);
		await settle();
		expect(refetched).to.deep.equal([]);
	});

	it('reports a failed re-fetch without failing the answer to pretix', async () => {
		expect((await route(post({ ...body, code: 'FAIL1' }, { query: SECRET }))).status).to.equal(200);
		await settle();
		expect(errors.map((error) => (error as Error).message)).to.deep.equal(['pretix down']);
	});

	it('refuses to start without a secret', () => {
		expect(() => pretixWebhookRoute({ organizer: 'o', event: 'e', secret: '', onOrderChanged: async () => undefined, onError: () => undefined })).to.throw(/secret/);
	});
});

describe('http/SyncWatch', () => {
	it('reports seconds since the last sync per source, and null before the first', () => {
		const watch = new SyncWatch();
		const now = new Date('2026-07-13T08:45:00Z');
		expect(watch.ageSeconds('pretix', now)).to.equal(null);
		watch.record('pretix', new Date('2026-07-13T08:40:00Z'));
		expect(watch.ageSeconds('pretix', now)).to.equal(300);
		expect(watch.ageSeconds('pretalx', now)).to.equal(null);
	});
});
