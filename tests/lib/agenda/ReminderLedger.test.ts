import { expect } from 'chai';
import { ReminderLedger, type AgendaDmKey } from '#lib/agenda/ReminderLedger';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

describe('agenda/ReminderLedger', () => {
	let db: SqliteDatabase;
	let now: Date;
	let ledger: ReminderLedger;
	const key: AgendaDmKey = { userId: 'u1', sessionCode: 'K1', kind: 'reminder', occasion: '2026-07-15T07:00:00.000Z' };
	beforeEach(() => {
		db = openDatabase(':memory:');
		now = new Date('2026-07-15T06:50:00Z');
		ledger = new ReminderLedger(db, () => now);
	});
	afterEach(() => db.close());

	it('lets one caller claim a DM, and nobody send it again once sent or refused', () => {
		expect(ledger.claim(key)).to.equal(true);
		expect(ledger.claim(key), 'claimed by someone else').to.equal(false);
		ledger.markSent(key);
		expect(ledger.settled(key)).to.equal(true);
		now = new Date(now.getTime() + 3_600_000);
		expect(ledger.claim(key), 'sent stays sent').to.equal(false);
		const other = { ...key, userId: 'u2' };
		ledger.claim(other);
		ledger.markRefused(other);
		expect(ledger.claim(other)).to.equal(false);
		expect(ledger.counts()).to.deep.equal({ sent: 1, refused: 1 });
	});

	it('takes over a claim whose holder crashed, after the stale window only', () => {
		ledger.claim(key);
		now = new Date(now.getTime() + 60_000);
		expect(ledger.claim(key)).to.equal(false);
		now = new Date(now.getTime() + 61_000);
		expect(ledger.claim(key)).to.equal(true);
	});

	it('gives a failed reminder back at once, and a failed notice back to pending with its text', () => {
		ledger.claim(key);
		ledger.release(key);
		expect(ledger.claim(key)).to.equal(true);
		const notice = { userId: 'u1', sessionCode: 'S1', kind: 'change' as const, occasion: 'moved@x', body: 'S1 moved' };
		expect(ledger.queue([notice, notice])).to.equal(1);
		expect(ledger.pendingNotices()).to.deep.equal([notice]);
		expect(ledger.claim(notice)).to.equal(true);
		expect(ledger.pendingNotices(), 'claimed').to.deep.equal([]);
		ledger.release(notice);
		expect(ledger.pendingNotices()).to.deep.equal([notice]);
		ledger.claim(notice);
		ledger.markSent(notice);
		expect(ledger.queue([notice]), 'the same change seen again').to.equal(0);
		expect(ledger.pendingNotices()).to.deep.equal([]);
	});

	it('keeps a rehearsal’s DMs apart from the live conference’s', () => {
		const rehearsal = new ReminderLedger(db, () => now, { namespace: 'r0123456789_' });
		rehearsal.claim(key);
		rehearsal.markSent(key);
		expect(ledger.claim(key)).to.equal(true);
		expect(ledger.counts()).to.deep.equal({ sent: 0, refused: 0 });
		expect(rehearsal.counts()).to.deep.equal({ sent: 1, refused: 0 });
	});
});
