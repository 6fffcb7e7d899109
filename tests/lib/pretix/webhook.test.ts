import { expect } from 'chai';
import { BotHttpServer } from '#lib/http/BotHttpServer';
import { pretixWebhookRoute, type PretixWebhookRouteOptions } from '#lib/http/pretixWebhookRoute';
import { PretixClient } from '#lib/pretix/PretixClient';
import { TicketSnapshotRepository } from '#lib/pretix/TicketSnapshotRepository';
import { TicketSync } from '#lib/pretix/TicketSync';
import { parseWebhook } from '#lib/pretix/webhook';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { openDatabase } from '#lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { PretixStandin } from '../../standins/pretix/PretixStandin';

const target = { organizer: 'europython', event: 'ep2026' };
const SECRET = 'correct horse battery staple';

describe('pretix/webhook', () => {
	describe('parseWebhook', () => {
		const body = { notification_id: 123455, organizer: 'europython', event: 'ep2026', code: 'ABC23', action: 'pretix.event.order.paid' };

		it('yields the order code to re-fetch', () => {
			expect(parseWebhook(body, target)).to.deep.equal({ kind: 'refetch', code: 'ABC23', action: 'pretix.event.order.paid' });
		});

		it("ignores other organizers' and events' notifications", () => {
			expect(parseWebhook({ ...body, event: 'ep2025' }, target).kind).to.equal('ignored');
			expect(parseWebhook({ ...body, organizer: 'pyconde' }, target).kind).to.equal('ignored');
		});

		it('rejects bodies that are not pretix webhooks or carry no usable code', () => {
			expect(parseWebhook({ ...body, code: undefined }, target).kind).to.equal('invalid');
			expect(parseWebhook('ABC23', target).kind).to.equal('invalid');
			expect(parseWebhook({ ...body, code: '../../admin' }, target).kind).to.equal('invalid');
		});
	});

	// The path the bot serves it on: pretixWebhookRoute mounted on BotHttpServer, as setup/http.ts does.
	describe('the webhook route on the bot HTTP server', () => {
		let server: BotHttpServer | undefined;
		let url: string;
		let changed: string[];
		let standin: PretixStandin;

		async function listen(options: Partial<PretixWebhookRouteOptions> = {}, maxBodyBytes?: number) {
			server = new BotHttpServer({ port: 0, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
			server.route(
				'POST',
				'/hooks/pretix',
				pretixWebhookRoute({ ...target, secret: SECRET, onOrderChanged: async (code) => void changed.push(code), onError: () => undefined, ...options })
			);
			const { port } = await server.start();
			url = `http://127.0.0.1:${port}/hooks/pretix`;
		}
		const settle = () => new Promise((resolve) => setImmediate(resolve));
		const post = (path: string, body: string, headers: Record<string, string> = {}) =>
			fetch(url + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }).then((response) => response.status);

		beforeEach(async () => {
			changed = [];
			standin = await PretixStandin.start(fixtureEvent());
		});
		afterEach(async () => {
			await standin.close();
			await server?.close();
			server = undefined;
		});

		it('rejects a missing or wrong secret and does nothing', async () => {
			await listen();
			expect(await standin.sendWebhook(url, 'ABC12')).to.equal(401);
			expect(await standin.sendWebhook(`${url}?secret=wrong`, 'ABC12')).to.equal(401);
			expect(await standin.sendWebhook(url, 'ABC12', 'pretix.event.order.paid', { 'X-Usher-Secret': `${SECRET}!` })).to.equal(401);
			await settle();
			expect(changed).to.deep.equal([]);
		});

		it('accepts the secret in the URL or in X-Usher-Secret and reports the order code', async () => {
			await listen();
			expect(await standin.sendWebhook(`${url}?secret=${encodeURIComponent(SECRET)}`, 'ABC12')).to.equal(200);
			expect(await standin.sendWebhook(url, 'VOLNT', 'pretix.event.order.changed', { 'X-Usher-Secret': SECRET })).to.equal(200);
			await settle();
			expect(changed).to.deep.equal(['ABC12', 'VOLNT']);
		});

		it('answers bad requests with the right status', async () => {
			await listen({}, 512);
			const auth = { 'X-Usher-Secret': SECRET };
			expect(await post('', 'not json', auth)).to.equal(400);
			expect(await post('', JSON.stringify({ hello: 'world' }), auth)).to.equal(400);
			expect(await post('', JSON.stringify({ organizer: 'europython', event: 'ep2026', code: 'A'.repeat(600), action: 'x' }), auth)).to.equal(413);
			expect(await post('', JSON.stringify({ organizer: 'other', event: 'ep2026', code: 'ABC12', action: 'x' }), auth)).to.equal(200);
			expect((await fetch(url, { headers: auth })).status).to.equal(405);
			await settle();
			expect(changed).to.deep.equal([]);
		});

		it('reports a failing re-fetch after answering pretix', async () => {
			const errors: unknown[] = [];
			await listen({ onOrderChanged: () => Promise.reject(new Error('pretix down')), onError: (error) => errors.push(error) });
			expect(await standin.sendWebhook(`${url}?secret=${encodeURIComponent(SECRET)}`, 'ABC12')).to.equal(200);
			await settle();
			await settle();
			expect(errors.map((error) => (error as Error).message)).to.deep.equal(['pretix down']);
		});

		it('makes a just-paid order findable through TicketSync.refreshOrder', async () => {
			const index = new TicketIndex();
			const sync = new TicketSync({
				source: new PretixClient({ baseUrl: standin.baseUrl, token: standin.token }),
				index,
				snapshots: new TicketSnapshotRepository(openDatabase(':memory:'))
			});
			await sync.sync();
			expect(index.lookup('PEND2', 'Alan Turing')).to.deep.equal([]);
			let refreshed!: () => void;
			const done = new Promise<void>((resolve) => (refreshed = resolve));
			await listen({ onOrderChanged: (code) => sync.refreshOrder(code).then(() => refreshed()) });
			standin.markPaid('PEND2');
			expect(await standin.sendWebhook(`${url}?secret=${encodeURIComponent(SECRET)}`, 'PEND2', 'pretix.event.order.paid')).to.equal(200);
			await done;
			expect(index.lookup('PEND2', 'Alan Turing').map((ticket) => ticket.status)).to.deep.equal(['paid']);
		});
	});
});
