import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PretixAuthError, PretixResponseError, PretixUnavailableError } from '#lib/pretix/errors';
import { PretixClient, type PretixClientOptions } from '#lib/pretix/PretixClient';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { generateEvent } from '../../standins/pretix/generateEvent';
import { PretixStandin } from '../../standins/pretix/PretixStandin';
import type { RawEvent } from '../../standins/pretix/types';

describe('pretix/PretixClient (against the stand-in)', () => {
	let standin: PretixStandin;
	let sleeps: number[];
	let clock: number;
	const tick = () => new Date((clock += 1000));

	async function start(event: RawEvent = fixtureEvent()) {
		clock = Date.parse('2026-06-01T08:00:00Z');
		standin = await PretixStandin.start(event, { now: tick });
	}

	function client(options: Partial<PretixClientOptions> = {}) {
		return new PretixClient({ baseUrl: standin.baseUrl, token: standin.token, timeoutMs: 2000, retries: 3, backoffMs: 500, sleep: async (ms) => void sleeps.push(ms), ...options });
	}

	beforeEach(() => {
		sleeps = [];
	});
	afterEach(() => standin.close());

	it('lists items with their variations', async () => {
		await start();
		const { items, skipped } = await client().listItems();
		expect(items.map((item) => item.id)).to.deep.equal(fixtureEvent().items.map((item) => item.id));
		expect(items.find((item) => item.id === 104)!.variations.map((variation) => variation.id)).to.deep.equal([110, 111]);
		expect(skipped).to.deep.equal([]);
		expect(standin.requests[0]!.authorized).to.equal(true);
	});

	it('follows absolute next links as given and takes X-Page-Generated from the first page', async () => {
		await start(generateEvent({ seed: 7, orders: 120 }));
		const { orders, generatedAt } = await client().listOrders();
		expect(orders).to.have.length(120);
		expect(new Set(orders.map((order) => order.code)).size).to.equal(120);
		const log = standin.requests;
		expect(log.map((request) => request.query.page ?? '1')).to.deep.equal(['1', '2', '3']);
		expect(log[0]!.query).to.deep.equal({ testmode: 'false', include_canceled_positions: 'true' });
		expect(log[1]!.query).to.deep.equal({ testmode: 'false', include_canceled_positions: 'true', page: '2' });
		// The stand-in's clock ticks per call: the first page's stamp is the earliest one.
		expect(generatedAt).to.equal(new Date(Date.parse('2026-06-01T08:00:00Z') + 1000).toISOString());
	});

	it('passes X-Page-Generated back as modified_since and gets only what changed since', async () => {
		await start();
		const first = await client().listOrders();
		standin.renameAttendee('VOLNT', standin.order('VOLNT').positions[0]!.id, 'Seán Ó Rudaí-Byrne');
		const second = await client().listOrders({ modifiedSince: first.generatedAt });
		expect(second.orders.map((order) => order.code)).to.deep.equal(['VOLNT']);
		expect(standin.requests.at(-1)!.query.modified_since).to.equal(first.generatedAt);
	});

	it('does not include test-mode orders and keeps cancelled positions', async () => {
		await start();
		const { orders } = await client().listOrders();
		expect(orders.map((order) => order.code)).to.not.include('TEST9');
		expect(orders.find((order) => order.code === 'GRP34')!.positions).to.have.length(3);
	});

	it('fails with PretixAuthError on 401 without retrying and without the token in the message', async () => {
		await start();
		const wrongToken = 'secret-token-that-must-not-leak';
		const error = await client({ token: wrongToken })
			.listOrders()
			.then(() => null, (caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixAuthError);
		expect((error as PretixAuthError).status).to.equal(401);
		expect((error as Error).message).to.include('Invalid token.');
		expect(`${(error as Error).message} ${(error as Error).stack} ${JSON.stringify(error)}`).to.not.include(wrongToken);
		expect(standin.requests).to.have.length(1);
	});

	it('returns an order by code, and null for an unknown code', async () => {
		await start();
		const order = await client().getOrder('ABC12');
		expect(order!.positions.map((position) => position.item)).to.deep.equal([101, 110, 111]);
		expect(await client().getOrder('ZZZ99')).to.equal(null);
		expect(standin.requests.map((request) => request.path)).to.deep.equal([
			'/api/v1/organizers/europython/events/ep2026/orders/ABC12/',
			'/api/v1/organizers/europython/events/ep2026/orders/ZZZ99/'
		]);
	});

	it('waits as long as a 429 Retry-After asks, then succeeds', async () => {
		await start();
		standin.failNext({ status: 429, retryAfter: '7' });
		const { orders } = await client().listOrders();
		expect(orders.length).to.be.greaterThan(0);
		expect(sleeps).to.deep.equal([7000]);
	});

	it('gives up at once when Retry-After is longer than it may wait', async () => {
		await start();
		standin.failNext({ status: 429, retryAfter: '3600' });
		const error = await client().listItems().catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixUnavailableError);
		expect((error as Error).message).to.include('3600 s');
		expect(sleeps).to.deep.equal([]);
	});

	it('retries 5xx with exponential backoff and recovers', async () => {
		await start();
		standin.failNext({ status: 500, times: 2 });
		expect((await client().listItems()).items.length).to.be.greaterThan(0);
		expect(sleeps).to.deep.equal([500, 1000]);
		expect(standin.requests).to.have.length(3);
	});

	it('gives up on persistent 5xx with PretixUnavailableError', async () => {
		await start();
		standin.failNext({ status: 503, times: 10 });
		const error = await client().listOrders().catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixUnavailableError);
		expect((error as PretixUnavailableError).status).to.equal(503);
		expect(sleeps).to.deep.equal([500, 1000, 2000]);
		expect(standin.requests).to.have.length(4);
	});

	it('reports a body that is not JSON as PretixResponseError', async () => {
		await start();
		standin.garbageNext();
		const error = await client().listOrders().catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixResponseError);
		expect((error as Error).message).to.include('not JSON');
	});

	it('times out slow answers, retries, then reports pretix unavailable', async () => {
		await start();
		standin.slowNext(1000, 2);
		const error = await client({ timeoutMs: 100, retries: 1 }).getOrder('ABC12').catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixUnavailableError);
		expect((error as Error).message).to.match(/timed out after 100 ms/);
		expect(standin.requests).to.have.length(2);
	});

	it('skips and reports a malformed order or position without losing the rest', async () => {
		const event = fixtureEvent();
		(event.orders[1] as unknown as { status: string }).status = 'weird';
		(event.orders[0]!.positions[2] as unknown as { item: string }).item = 'not-a-number';
		await start(event);
		const { orders, skipped } = await client().listOrders();
		expect(orders.map((order) => order.code)).to.not.include('PEND1');
		expect(orders.find((order) => order.code === 'ABC12')!.positions).to.have.length(2);
		expect(skipped.map((skip) => [skip.order, skip.positionId])).to.deep.equal([
			['AB***', event.orders[0]!.positions[2]!.id],
			['PE***', null]
		]);
	});

	it('refuses to send the token to a next link on another host', async () => {
		await start();
		const elsewhere = createServer((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ count: 2, next: 'http://localhost:1/api/v1/?page=2', results: [] }));
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		try {
			const port = (elsewhere.address() as AddressInfo).port;
			const error = await client({ baseUrl: `http://127.0.0.1:${port}/api/v1/organizers/o/events/e` }).listOrders().catch((caught: unknown) => caught);
			expect(error).to.be.instanceOf(PretixResponseError);
			expect((error as Error).message).to.include('pagination left');
		} finally {
			await new Promise((resolve) => elsewhere.close(resolve));
		}
	});
});
