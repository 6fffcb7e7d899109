import { expect } from 'chai';
import { PretixUnavailableError } from '#lib/pretix/errors';
import { PretixClient, type PretixSource } from '#lib/pretix/PretixClient';
import { parseItem } from '#lib/pretix/schemas';
import { TicketSnapshotRepository } from '#lib/pretix/TicketSnapshotRepository';
import { TicketSync, type SyncReport, type TicketSyncOptions } from '#lib/pretix/TicketSync';
import { RoleMapping } from '#lib/registration/RoleMapping';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';
import { buildItem, OrderFactory } from '../../standins/pretix/builders';
import { ITEM_IDS } from '../../standins/pretix/generateEvent';
import { PretixStandin } from '../../standins/pretix/PretixStandin';

const HOUR = 3_600_000;

describe('pretix/TicketSync', () => {
	let standin: PretixStandin;
	let db: SqliteDatabase;
	let now: number;
	let reports: SyncReport[];
	const factory = new OrderFactory('ep2026', (length) => 'n'.repeat(length), 90_001);

	beforeEach(async () => {
		now = Date.parse('2026-06-01T08:00:00Z');
		reports = [];
		db = openDatabase(':memory:');
		standin = await PretixStandin.start(fixtureEvent());
	});
	afterEach(() => standin.close());

	function setup(overrides: Partial<TicketSyncOptions> = {}) {
		const index = new TicketIndex();
		const source = new PretixClient({ baseUrl: standin.baseUrl, token: standin.token, retries: 0, sleep: async () => undefined });
		const sync = new TicketSync({
			source,
			index,
			snapshots: new TicketSnapshotRepository(db),
			roleMapping: new RoleMapping({ items: { Business: ['Participants'] } }),
			fullSyncIntervalMs: 6 * HOUR,
			now: () => new Date(now),
			onReport: (report) => reports.push(report),
			...overrides
		});
		return { index, sync };
	}
	const orderRequests = () => standin.requests.filter((request) => /\/orders\/$/.test(request.path));
	const directRequests = () => standin.requests.filter((request) => /\/orders\/[^/]+\/$/.test(request.path));

	it('keeps why a synced or fetched order grants nothing, also across a restart from the snapshot', async () => {
		const { index, sync } = setup();
		await sync.sync();
		expect(index.explainMiss('PEND2', 'Alan Turing')).to.equal('order-pending');
		expect(index.explainMiss('GRP34', 'Ольга Петрова')).to.equal('ticket-canceled');
		// Test-mode orders are not listed (testmode=false): a miss fetches the order, which then says why.
		expect(index.explainMiss('TEST9', 'Test Person')).to.equal('unknown-order');
		expect(await sync.lookupOrFetch('TEST9', 'Test Person')).to.deep.equal([]);
		expect(index.explainMiss('TEST9', 'Test Person')).to.equal('test-mode');
		const restarted = setup();
		expect(restarted.sync.restore()).to.not.equal(null);
		for (const [order, name, miss] of [
			['PEND2', 'Alan Turing', 'order-pending'],
			['BLCK1', 'Barbara Liskov', 'ticket-blocked'],
			['GRP34', 'Ольга Петрова', 'ticket-canceled'],
			['TEST9', 'Test Person', 'test-mode']
		] as const) {
			expect(restarted.index.explainMiss(order, name), order).to.equal(miss);
		}
	});

	it('asks pretix for a missed order through the lookup client, after the first sync has brought the ticket types', async () => {
		const lookupCalls: string[] = [];
		const direct = new PretixClient({ baseUrl: standin.baseUrl, token: standin.token, retries: 0 });
		const lookupSource: PretixSource = {
			listItems: () => direct.listItems(),
			listOrders: (options) => direct.listOrders(options),
			getOrder: (code) => (lookupCalls.push(code), direct.getOrder(code))
		};
		const { sync } = setup({ lookupSource });
		// A member asks while the very first sync is still running: the lookup waits for it instead of missing.
		const firstSync = sync.sync();
		const tickets = await sync.lookupOrFetch('VOLNT', 'Seán Ó Rudaí');
		await firstSync;
		expect(tickets.map((ticket) => ticket.orderCode)).to.deep.equal(['VOLNT']);
		expect(lookupCalls).to.deep.equal([]);
		standin.addOrder(factory.build({ code: 'LATE1', positions: [{ item: ITEM_IDS.business, variation: 101, name: 'Late Buyer' }] }, new Date(now)));
		expect(await sync.lookupOrFetch('LATE1', 'Late Buyer')).to.have.length(1);
		expect(lookupCalls).to.deep.equal(['LATE1']);
	});

	it('does a full sync first, reports it, and stores a snapshot', async () => {
		const { index, sync } = setup();
		const report = await sync.sync();
		expect(report.kind).to.equal('full');
		expect(report.orders).to.equal(10);
		expect(report.positions).to.equal(index.size).and.to.equal(8);
		expect(report.at).to.equal(new Date(now).toISOString());
		expect(report.unmapped.map((entry) => entry.itemName)).to.include('Grant ticket').and.not.include('Business');
		expect(reports).to.deep.equal([report]);
		expect(index.lookup('ABC12', 'Ada Lovelace')).to.have.length(2);
		expect(new TicketSnapshotRepository(db).load()!.orders).to.have.length(10);
	});

	it('continues incrementally from X-Page-Generated, picking up renames and cancelled positions', async () => {
		const { index, sync } = setup();
		await sync.sync();
		const firstGenerated = new TicketSnapshotRepository(db).load()!.lastGeneratedAt;
		const group = standin.order('GRP34');
		standin.cancelPosition('GRP34', group.positions[1]!.id);
		standin.renameAttendee('GRP34', group.positions[0]!.id, 'Zoë Ünal-Weber');
		now += HOUR;
		const report = await sync.sync();
		expect(report.kind).to.equal('incremental');
		expect(orderRequests().at(-1)!.query.modified_since).to.equal(firstGenerated);
		expect(index.lookup('GRP34', '山田太郎')).to.deep.equal([]);
		expect(index.lookup('GRP34', 'Zoë Ünal')).to.deep.equal([]);
		expect(index.lookup('GRP34', 'Zoë Ünal-Weber')).to.have.length(1);
		expect(report.positions).to.equal(7);
	});

	it('falls back to a full sync when due or when the catalog changed', async () => {
		const { sync } = setup();
		await sync.sync();
		now += 7 * HOUR;
		expect((await sync.sync()).kind).to.equal('full');
		now += HOUR;
		expect((await sync.sync()).kind).to.equal('incremental');
		standin.addItem(buildItem({ id: 999, name: 'Sprint Day', admission: true }, 99));
		now += HOUR;
		expect((await sync.sync()).kind).to.equal('full');
	});

	it('restores the snapshot so lookups work while pretix is down', async () => {
		await setup().sync.sync();
		const down: PretixSource = {
			listItems: () => Promise.reject(new PretixUnavailableError('down', 503)),
			listOrders: () => Promise.reject(new PretixUnavailableError('down', 503)),
			getOrder: () => Promise.reject(new PretixUnavailableError('down', 503))
		};
		const { index, sync } = setup({ source: down });
		const report = sync.restore()!;
		expect(report.kind).to.equal('snapshot');
		expect(report.positions).to.equal(8);
		expect(index.lookup('VOLNT', 'Sean O Rudai')).to.have.length(1);
		// The restored marks carry on: the next sync is incremental, and pretix being down surfaces as an error.
		const error = await sync.sync().catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(PretixUnavailableError);
		expect(index.size).to.equal(8);
	});

	it('on a miss fetches the order once from pretix and finds a ticket bought after the last sync', async () => {
		const { sync } = setup();
		await sync.sync();
		standin.addOrder(factory.build({ code: 'NEW77', positions: [{ item: ITEM_IDS.business, variation: 101, name: 'Hedy Lamarr' }] }, new Date(now)));
		const tickets = await sync.lookupOrFetch('#new77-1', 'lamarr hedy');
		expect(tickets.map((ticket) => ticket.key)).to.deep.equal(['NEW77-hedylamarr']);
		expect(directRequests().map((request) => request.path)).to.deep.equal(['/api/v1/organizers/europython/events/ep2026/orders/NEW77/']);
		expect(await sync.lookupOrFetch('NEW77', 'Hedy Lamarr')).to.have.length(1);
		expect(directRequests()).to.have.length(1);
	});

	it('throttles repeated misses of the same order code', async () => {
		const { sync } = setup({ missThrottleMs: 30_000 });
		await sync.sync();
		expect(await sync.lookupOrFetch('ABC12', 'Mallory Guess')).to.deep.equal([]);
		now += 10_000;
		expect(await sync.lookupOrFetch('abc12', 'Eve Guess')).to.deep.equal([]);
		expect(directRequests()).to.have.length(1);
		now += 21_000;
		expect(await sync.lookupOrFetch('ABC12', 'Trent Guess')).to.deep.equal([]);
		expect(directRequests()).to.have.length(2);
		await sync.lookupOrFetch('XYZ98', 'Other Code');
		expect(directRequests()).to.have.length(3);
	});

	it('asks pretix again right after a failed miss fetch instead of answering "no such order"', async () => {
		const { sync } = setup({ missThrottleMs: 30_000 });
		await sync.sync();
		standin.addOrder(factory.build({ code: 'NEW77', positions: [{ item: ITEM_IDS.business, variation: 101, name: 'Hedy Lamarr' }] }, new Date(now)));
		standin.failNext({ status: 503 });
		let failure: unknown;
		await sync.lookupOrFetch('NEW77', 'Hedy Lamarr').catch((error: unknown) => (failure = error));
		expect(failure).to.be.instanceOf(PretixUnavailableError);
		now += 1000;
		expect(await sync.lookupOrFetch('NEW77', 'Hedy Lamarr')).to.have.length(1);
		expect(directRequests()).to.have.length(2);
	});

	it('never asks pretix about input that cannot match', async () => {
		const { sync } = setup();
		await sync.sync();
		expect(await sync.lookupOrFetch('no', 'Ada Lovelace')).to.deep.equal([]);
		expect(await sync.lookupOrFetch('ZZZ99', '🐍')).to.deep.equal([]);
		expect(directRequests()).to.have.length(0);
	});

	it('removes an order pretix no longer knows when refreshing it', async () => {
		const { index, sync } = setup();
		await sync.sync();
		standin.deleteOrder('RMT56');
		const report = await sync.refreshOrder('RMT56');
		expect(report.kind).to.equal('order');
		expect(index.hasOrder('RMT56')).to.equal(false);
	});

	it('keeps an order refreshed during a full sync when the listed copy is older', async () => {
		const event = parsedEvent(fixtureEvent());
		const stale = event.byCode.get('RMT56')!;
		const fresh = { ...structuredClone(stale), last_modified: '2026-06-01T09:00:00Z' };
		fresh.positions[0]!.attendee_name = 'Olga Petrova-Smith';
		let releaseList!: () => void;
		const listed = new Promise<void>((resolve) => (releaseList = resolve));
		const source: PretixSource = {
			listItems: async () => ({ items: fixtureEvent().items.map((raw) => parseItem(raw).item!), skipped: [] }),
			listOrders: async () => {
				await listed;
				return { orders: event.orders, generatedAt: '2026-06-01T08:59:00Z', skipped: [] };
			},
			getOrder: async () => fresh
		};
		const { index, sync } = setup({ source });
		const full = sync.sync();
		await sync.refreshOrder('RMT56');
		releaseList();
		await full;
		expect(index.lookup('RMT56', 'Olga Petrova-Smith')).to.have.length(1);
		expect(index.lookup('RMT56', 'Ольга Петрова')).to.deep.equal([]);
		expect(new TicketSnapshotRepository(db).load()!.orders.find((order) => order.code === 'RMT56')!.positions[0]!.attendee_name).to.equal('Olga Petrova-Smith');
	});
});
