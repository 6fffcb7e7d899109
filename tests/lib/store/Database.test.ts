import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, openDatabase } from '#lib/store/Database';
import { KeyValueStore } from '#lib/store/KeyValueStore';

describe('store/Database', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'usher-db-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('opens in WAL mode and keeps data across reopen', () => {
		const file = join(dir, 'nested', 'usher.sqlite');
		const db = openDatabase(file);
		expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
		new KeyValueStore(db).set('registration.message', { channelId: '1', messageId: '2' });
		db.close();
		const again = openDatabase(file);
		expect(new KeyValueStore(again).get('registration.message')).to.deep.equal({ channelId: '1', messageId: '2' });
		again.close();
	});

	it('applies each migration once, in id order, and rolls back a failing one', () => {
		const db = openDatabase(':memory:', []);
		const order: string[] = [];
		const first = applyMigrations(db, [
			{ id: '002-b', sql: 'CREATE TABLE b (x)' },
			{ id: '001-a', sql: 'CREATE TABLE a (x)' }
		]);
		order.push(...first);
		expect(order).to.deep.equal(['001-a', '002-b']);
		expect(applyMigrations(db, [{ id: '001-a', sql: 'CREATE TABLE a (x)' }])).to.deep.equal([]);
		expect(() => applyMigrations(db, [{ id: '003-bad', sql: 'CREATE TABLE c (x); CREATE TABLE a (x)' }])).to.throw(/already exists/);
		const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='c'").all();
		expect(tables).to.have.length(0);
	});
});
