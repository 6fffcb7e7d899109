import { expect } from 'chai';
import { ManualClock } from '../../helpers/ManualClock';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import { ScheduleSnapshotRepository } from '#lib/programme/ScheduleSnapshotRepository';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

const details = { kind: 'main' as const, channelKey: 'programme', sessionCodes: ['AAA', 'BBB'] };

describe('programme/NotificationLedger', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let ledger: NotificationLedger;
	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T07:55:00Z'));
		ledger = new NotificationLedger(db, () => clock.now(), { staleClaimMinutes: 2 });
	});
	afterEach(() => db.close());

	it('lets exactly one claim win, and never again once posted', () => {
		expect(ledger.claim('n_main_1', details)).to.equal(true);
		expect(ledger.claim('n_main_1', details)).to.equal(false);
		ledger.markPosted('n_main_1', { channelId: '42', messageIds: ['m1', 'm2'] });
		clock.advance(60 * 60_000);
		expect(ledger.claim('n_main_1', details)).to.equal(false);
		const entry = ledger.get('n_main_1')!;
		expect(entry.status).to.equal('posted');
		expect(entry.messageIds).to.deep.equal(['m1', 'm2']);
		expect(entry.sessionCodes).to.deep.equal(['AAA', 'BBB']);
	});

	it('survives a restart: a second ledger on the same database sees the claim', () => {
		expect(ledger.claim('n_main_1', details)).to.equal(true);
		expect(new NotificationLedger(db, () => clock.now()).claim('n_main_1', details)).to.equal(false);
	});

	it('lets a stale claim (crash before posting) be taken over after the stale window, not before', () => {
		expect(ledger.claim('n_main_1', details)).to.equal(true);
		clock.advance(60_000);
		expect(ledger.claim('n_main_1', details)).to.equal(false);
		clock.advance(61_000);
		expect(ledger.claim('n_main_1', details)).to.equal(true);
	});

	it('releases a claim after a failed post so the retry can claim at once', () => {
		ledger.claim('n_main_1', details);
		ledger.release('n_main_1');
		expect(ledger.claim('n_main_1', details)).to.equal(true);
	});

	it('finds posts per session and counts sent, late, pending and skipped', () => {
		ledger.claim('n_a', details);
		ledger.markPosted('n_a', { channelId: '1', messageIds: ['m1'] });
		ledger.claim('n_b', { ...details, sessionCodes: ['AAA'] });
		ledger.markPosted('n_b', { channelId: '2', messageIds: ['m2'], late: true, note: 'late' });
		ledger.claim('n_c', { ...details, sessionCodes: ['CCC'] });
		ledger.claim('n_d', { ...details, sessionCodes: ['DDD'] });
		ledger.markSkipped('n_d', 'the session has already started');
		expect(ledger.postedFor('AAA').map((entry) => entry.id)).to.deep.equal(['n_a', 'n_b']);
		expect(ledger.postedFor('CCC')).to.deep.equal([]);
		expect(ledger.counts()).to.deep.equal({ sent: 2, late: 1, pending: 1, skipped: 1 });
	});

	it('keeps a rehearsal and the live conference apart on one database: each counts and edits only its own posts', () => {
		const rehearsal = new NotificationLedger(db, () => clock.now(), { idPrefix: 'r0123456789_' });
		expect(rehearsal.claim('r0123456789_n_main_1', details)).to.equal(true);
		rehearsal.markPosted('r0123456789_n_main_1', { channelId: '42', messageIds: ['rehearsed'] });
		expect(ledger.claim('n_main_1', details), 'the live post is not taken by the rehearsal').to.equal(true);
		ledger.markPosted('n_main_1', { channelId: '42', messageIds: ['live'] });
		expect(ledger.counts()).to.deep.equal({ sent: 1, late: 0, pending: 0, skipped: 0 });
		expect(rehearsal.counts()).to.deep.equal({ sent: 1, late: 0, pending: 0, skipped: 0 });
		expect(ledger.postedFor('AAA').flatMap((entry) => entry.messageIds)).to.deep.equal(['live']);
		expect(rehearsal.postedFor('AAA').flatMap((entry) => entry.messageIds)).to.deep.equal(['rehearsed']);
	});
});

describe('programme/ScheduleSnapshotRepository', () => {
	it('round-trips the last good schedule with dates revived', () => {
		const db = openDatabase(':memory:');
		const repository = new ScheduleSnapshotRepository(db);
		const sessions = [
			{ code: 'AAA', title: 'Τίτλος', start: new Date('2026-07-15T08:00:00Z'), end: new Date('2026-07-15T08:30:00Z'), rooms: ['Forum Hall'], speakers: [{ name: 'Grace' }], isBreak: false }
		];
		expect(repository.load('frab')).to.equal(undefined);
		repository.save({ source: 'frab', version: '1.0', etag: '"abc"', sessions, fetchedAt: new Date('2026-07-15T06:00:00Z') });
		repository.save({ source: 'frab', version: '1.1', etag: '"def"', sessions, fetchedAt: new Date('2026-07-15T06:05:00Z') });
		const loaded = repository.load('frab')!;
		expect(loaded).to.deep.equal({ source: 'frab', version: '1.1', etag: '"def"', sessions, fetchedAt: new Date('2026-07-15T06:05:00Z') });
		expect(loaded.sessions[0]!.start).to.be.instanceOf(Date);
		db.close();
	});
});
