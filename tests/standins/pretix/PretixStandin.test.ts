import { expect } from 'chai';
import { parseItem, parseOrder } from '#lib/pretix/schemas';
import { eventually } from '../../e2e/support/startBot';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { generateEvent, ITEM_IDS } from './generateEvent';
import { PretixStandin } from './PretixStandin';

describe('standins/pretix', () => {
	describe('PretixStandin', () => {
		let standin: PretixStandin;
		let clock: number;
		beforeEach(async () => {
			clock = Date.parse('2026-06-01T08:00:00Z');
			standin = await PretixStandin.start(generateEvent({ seed: 1, orders: 130 }), { now: () => new Date((clock += 1000)) });
		});
		afterEach(() => standin.close());

		const get = async (path: string, token: string | null = standin.token) => {
			const response = await fetch(path.startsWith('http') ? path : `${standin.baseUrl}${path}`, { headers: token ? { Authorization: `Token ${token}` } : {} });
			return { status: response.status, headers: response.headers, body: (await response.json()) as any };
		};

		it('answers 401 like DRF for a missing or wrong token', async () => {
			expect(await get('/orders/', null)).to.include({ status: 401 }).and.have.nested.property('body.detail', 'Authentication credentials were not provided.');
			expect((await get('/orders/', 'nope')).body).to.deep.equal({ detail: 'Invalid token.' });
		});

		it('serves only the real paths, with trailing slashes, for its own organizer and event', async () => {
			expect((await get('/orders')).status).to.equal(404);
			expect((await get('/orderz/')).status).to.equal(404);
			const otherEvent = standin.baseUrl.replace('/ep2026', '/ep2025');
			expect((await get(`${otherEvent}/orders/`)).status).to.equal(403);
			expect((await get('/items/101/')).body.id).to.equal(101);
			expect((await get('/orders/NOPE1/')).body).to.deep.equal({ detail: 'Not found.' });
		});

		it('paginates 50 per page with absolute next/previous links and X-Page-Generated', async () => {
			const first = await get('/orders/?testmode=false');
			expect(first.body.count).to.equal(130);
			expect(first.body.results).to.have.length(50);
			expect(first.body.previous).to.equal(null);
			expect(first.body.next).to.equal(`${standin.baseUrl}/orders/?testmode=false&page=2`);
			expect(Number.isNaN(Date.parse(first.headers.get('x-page-generated')!))).to.equal(false);
			const third = await get(`${standin.baseUrl}/orders/?testmode=false&page=3`);
			expect(third.body.results).to.have.length(30);
			expect(third.body.next).to.equal(null);
			expect((await get('/orders/?page_size=500')).body.results).to.have.length(50);
			for (const page of ['4', '0', 'x']) expect(await get(`/orders/?page=${page}`)).to.deep.include({ status: 404, body: { detail: 'Invalid page.' } });
		});

		it('filters by status, code, search and modified_since, and validates them', async () => {
			const all = (await get('/orders/?page_size=50&status=p')).body.count as number;
			expect(all).to.be.greaterThan(0).and.lessThan(130);
			const someone = standin.order((await get('/orders/')).body.results[0].code);
			expect((await get(`/orders/?code=${someone.code}`)).body.results.map((order: any) => order.code)).to.deep.equal([someone.code]);
			const named = someone.positions.find((position) => position.attendee_name)?.attendee_name ?? someone.invoice_address!.name;
			const found = (await get(`/orders/?search=${encodeURIComponent(named.toUpperCase())}`)).body.results.map((order: any) => order.code);
			expect(found).to.include(someone.code);
			expect((await get('/orders/?modified_since=2030-01-01T00:00:00Z')).body.count).to.equal(0);
			standin.markPaid(someone.code);
			const since = new Date(clock - 500).toISOString();
			expect((await get(`/orders/?modified_since=${encodeURIComponent(since)}`)).body.results.map((order: any) => order.code)).to.deep.equal([someone.code]);
			expect((await get('/orders/?modified_since=yesterday')).status).to.equal(400);
			expect((await get('/orders/?status=x')).status).to.equal(400);
			expect((await get('/orders/?testmode=maybe')).status).to.equal(400);
		});

		it('hides cancelled positions unless include_canceled_positions=true', async () => {
			const order = standin.order((await get('/orders/?status=p')).body.results[0].code);
			standin.cancelPosition(order.code, order.positions[0]!.id);
			const hidden = (await get(`/orders/${order.code}/`)).body.positions.map((position: any) => position.id);
			const shown = (await get(`/orders/${order.code}/?include_canceled_positions=true`)).body.positions.map((position: any) => position.id);
			expect(hidden).to.not.include(order.positions[0]!.id);
			expect(shown).to.include(order.positions[0]!.id).and.have.length(order.positions.length);
		});

		it('injects faults in order: status with Retry-After, garbage, slowness', async () => {
			standin.failNext({ status: 429, retryAfter: '3' });
			standin.failNext({ status: 503 });
			const throttled = await fetch(`${standin.baseUrl}/items/`);
			expect([throttled.status, throttled.headers.get('retry-after')]).to.deep.equal([429, '3']);
			expect((await fetch(`${standin.baseUrl}/items/`)).status).to.equal(503);
			standin.garbageNext();
			const garbage = await fetch(`${standin.baseUrl}/items/`, { headers: { Authorization: `Token ${standin.token}` } });
			expect(garbage.status).to.equal(200);
			expect(await garbage.text()).to.match(/^<html>/);
			standin.slowNext(120);
			const started = Date.now();
			expect((await get('/items/')).status).to.equal(200);
			expect(Date.now() - started).to.be.at.least(100);
			expect(standin.requests).to.have.length(4);
		});

		it('holds the next matching request until released and lets the others through', async () => {
			const release = standin.holdNext(/\/orders\/NOPE2\/$/);
			let heldStatus: number | null = null;
			const held = get('/orders/NOPE2/').then((response) => (heldStatus = response.status));
			await eventually(() => standin.requests.some((request) => request.path.endsWith('/NOPE2/')), 'the held request to arrive');
			expect((await get('/orders/NOPE3/')).status).to.equal(404);
			expect(heldStatus).to.equal(null);
			release();
			await held;
			expect(heldStatus).to.equal(404);
			// Only the next matching request was held: the same path answers at once now.
			expect((await get('/orders/NOPE2/')).status).to.equal(404);
		});

		it('bumps last_modified on every mutation', async () => {
			const order = standin.order((await get('/orders/')).body.results[0].code);
			const position = order.positions[0]!;
			let before = order.last_modified;
			for (const mutate of [
				() => standin.renameAttendee(order.code, position.id, 'Renamed Person'),
				() => standin.setBlocked(order.code, position.id, ['admin']),
				() => standin.cancelPosition(order.code, position.id),
				() => standin.markPaid(order.code)
			]) {
				mutate();
				expect(Date.parse(standin.order(order.code).last_modified)).to.be.greaterThan(Date.parse(before));
				before = standin.order(order.code).last_modified;
			}
			expect(() => standin.renameAttendee(order.code, -1, 'x')).to.throw(/no position/);
		});
	});

	describe('generateEvent', () => {
		const event = generateEvent({ seed: 42, orders: 2000 });

		it('is deterministic by seed', () => {
			expect(generateEvent({ seed: 42, orders: 2000 })).to.deep.equal(event);
			expect(generateEvent({ seed: 43, orders: 2000 }).orders.map((order) => order.code)).to.not.deep.equal(event.orders.map((order) => order.code));
		});

		it('produces pretix-valid data that usher parses without skipping anything', () => {
			for (const raw of event.items) expect(parseItem(raw).skipped).to.deep.equal([]);
			for (const raw of event.orders) expect(parseOrder(raw).skipped).to.deep.equal([]);
			expect(new Set(event.orders.map((order) => order.code)).size).to.equal(2000);
			expect(event.orders.every((order) => /^[A-Z0-9]{5}$/.test(order.code))).to.equal(true);
			const ids = event.orders.flatMap((order) => order.positions.map((position) => position.id));
			expect(new Set(ids).size).to.equal(ids.length);
		});

		it('covers every case the sync must handle', () => {
			const positions = event.orders.flatMap((order) => order.positions.map((position) => ({ order, position })));
			expect(new Set(event.orders.map((order) => order.status))).to.have.all.keys('p', 'n', 'e', 'c');
			expect(event.orders.some((order) => order.status === 'n' && order.valid_if_pending)).to.equal(true);
			expect(event.orders.some((order) => order.positions.filter((position) => position.addon_to === null).length >= 3)).to.equal(true);
			expect(positions.some(({ order, position }) => order.status === 'p' && position.canceled)).to.equal(true);
			expect(positions.some(({ position }) => position.blocked?.length)).to.equal(true);
			expect(positions.some(({ position }) => position.addon_to === null && position.attendee_name === null)).to.equal(true);
			const addons = positions.filter(({ position }) => position.item === ITEM_IDS.tshirt || position.item === ITEM_IDS.childcare);
			expect(addons.length).to.be.greaterThan(0);
			expect(addons.every(({ order, position }) => position.attendee_name === null && order.positions.some((parent) => parent.id === position.addon_to))).to.equal(true);
			const names = positions.map(({ position }) => position.attendee_name ?? '');
			for (const script of [/\p{Script=Cyrillic}/u, /\p{Script=Greek}/u, /\p{Script=Han}/u, /\p{Script=Hangul}/u, /\p{Script=Arabic}/u, /\p{Script=Hebrew}/u, /\p{Script=Devanagari}/u, /\p{Script=Thai}/u]) {
				expect(names.some((name) => script.test(name)), String(script)).to.equal(true);
			}
			expect(event.orders.some((order) => order.positions.some((position) => position.variation === 110 && position.item === ITEM_IDS.community))).to.equal(true);
		});

		it('keeps the fixture event consistent with its own catalogue', () => {
			const itemIds = new Set(fixtureEvent().items.map((item) => item.id));
			expect(fixtureEvent().orders.every((order) => order.positions.every((position) => itemIds.has(position.item)))).to.equal(true);
		});
	});
});
