import { expect } from 'chai';
import { TicketSnapshotRepository } from '#lib/pretix/TicketSnapshotRepository';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { openDatabase } from '#lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';

describe('pretix/TicketSnapshotRepository', () => {
	const event = parsedEvent(fixtureEvent());

	it('is empty before the first sync', () => {
		expect(new TicketSnapshotRepository(openDatabase(':memory:')).load()).to.equal(null);
	});

	it('round-trips orders, catalog and sync marks, and serves the same lookups after a restart', () => {
		const db = openDatabase(':memory:');
		const repository = new TicketSnapshotRepository(db);
		repository.replaceAll({ catalog: event.catalog, orders: event.orders, generatedAt: '2026-06-01T08:00:00Z', fullSyncAt: '2026-06-01T07:59:00Z' });
		const snapshot = new TicketSnapshotRepository(db).load()!;
		expect(snapshot.lastGeneratedAt).to.equal('2026-06-01T08:00:00Z');
		expect(snapshot.lastFullSyncAt).to.equal('2026-06-01T07:59:00Z');
		expect(snapshot.catalog.toJSON()).to.deep.equal(event.catalog.toJSON());
		const byCode = (orders: typeof event.orders) => [...orders].sort((a, b) => a.code.localeCompare(b.code));
		expect(byCode(snapshot.orders)).to.deep.equal(byCode(event.orders));
		const index = new TicketIndex();
		index.replaceAll(snapshot.orders, snapshot.catalog);
		expect(index.lookup('GRP34', '山田太郎').map((ticket) => ticket.itemName)).to.deep.equal(['Sponsor Conference Pass']);
	});

	it('upserts changed orders and moves the mark without touching the rest; a full replace drops vanished orders', () => {
		const db = openDatabase(':memory:');
		const repository = new TicketSnapshotRepository(db);
		repository.replaceAll({ catalog: event.catalog, orders: event.orders, generatedAt: 'g1', fullSyncAt: 'f1' });
		const changed = structuredClone(event.byCode.get('ABC12')!);
		changed.positions[0]!.attendee_name = 'Augusta Ada King';
		repository.upsertOrders([changed], 'g2');
		let snapshot = repository.load()!;
		expect(snapshot.lastGeneratedAt).to.equal('g2');
		expect(snapshot.lastFullSyncAt).to.equal('f1');
		expect(snapshot.orders).to.have.length(event.orders.length);
		expect(snapshot.orders.find((order) => order.code === 'ABC12')!.positions[0]!.attendee_name).to.equal('Augusta Ada King');
		repository.replaceAll({ catalog: event.catalog, orders: [changed], generatedAt: 'g3', fullSyncAt: 'f3' });
		snapshot = repository.load()!;
		expect(snapshot.orders.map((order) => order.code)).to.deep.equal(['ABC12']);
	});

	it('drops stored rows that no longer validate instead of failing the restart', () => {
		const db = openDatabase(':memory:');
		const repository = new TicketSnapshotRepository(db);
		repository.replaceAll({ catalog: event.catalog, orders: event.orders, generatedAt: 'g1', fullSyncAt: 'f1' });
		db.prepare("UPDATE pretix_orders SET data = '{\"code\":\"ABC12\"}' WHERE code = 'ABC12'").run();
		db.prepare("UPDATE pretix_orders SET data = '{not json' WHERE code = 'VOLNT'").run();
		const codes = repository.load()!.orders.map((order) => order.code);
		expect(codes).to.not.include('ABC12');
		expect(codes).to.not.include('VOLNT');
		expect(codes).to.have.length(event.orders.length - 2);
	});
});
