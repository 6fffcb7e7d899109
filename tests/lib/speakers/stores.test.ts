import { expect } from 'chai';
import { CheckIns } from '#lib/speakers/CheckIns';
import { DESK_TARGET, NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

describe('speakers/stores', () => {
	let db: SqliteDatabase;
	beforeEach(() => (db = openDatabase(':memory:')));
	afterEach(() => db.close());

	it('SpeakerLinks: links once, lists by speaker, unlinks one or all', () => {
		const links = new SpeakerLinks(db);
		const link = (userId: string, speakerKey: string, speakerName: string) => links.link({ userId, speakerKey, speakerName, linkedBy: 'org', linkedAt: '2026-07-15T07:00:00.000Z' });
		expect(link('u1', 'code:P1', 'Ada')).to.equal(true);
		expect(link('u1', 'code:P1', 'Ada'), 'the same link again').to.equal(false);
		link('u1', 'code:P2', 'Grace');
		link('u2', 'code:P2', 'Grace');
		expect([...links.membersBySpeaker()]).to.deep.equal([
			['code:P1', ['u1']],
			['code:P2', ['u1', 'u2']]
		]);
		expect(links.unlink('u1', 'code:P2').map((l) => l.speakerName)).to.deep.equal(['Grace']);
		expect(links.linksOf('u1').map((l) => l.speakerKey)).to.deep.equal(['code:P1']);
		expect(links.unlink('u2').map((l) => l.speakerKey)).to.deep.equal(['code:P2']);
		expect(links.unlink('u2')).to.deep.equal([]);
	});

	it('SpeakerLinks keeps DM channels for DirectMessages', () => {
		const links = new SpeakerLinks(db);
		links.rememberDmChannel('u1', 'c1');
		links.rememberDmChannel('u1', 'c2');
		expect(links.dmChannel('u1')).to.equal('c2');
		links.forgetDmChannel('u1');
		expect(links.dmChannel('u1')).to.equal(undefined);
	});

	it('CheckIns: once per session and speaker, through a new instance (a restart), per namespace', () => {
		const at = new Date('2026-07-15T08:10:00Z');
		expect(new CheckIns(db).checkIn('S1', 'u1', at)).to.equal(true);
		expect(new CheckIns(db).checkIn('S1', 'u1', new Date('2026-07-15T08:20:00Z'))).to.equal(false);
		expect(new CheckIns(db).checkedInAt('S1', 'u1')?.toISOString()).to.equal(at.toISOString());
		expect([...new CheckIns(db).checkedIn('S1')]).to.deep.equal(['u1']);
		expect([...new CheckIns(db, 'r1_').checkedIn('S1')], 'a rehearsal does not see live check-ins').to.deep.equal([]);
	});

	it('NagLedger: one claim wins, settled nags stay settled, a released claim can be taken again, a stale claim is taken over', () => {
		let now = new Date('2026-07-15T08:00:00Z');
		const ledger = new NagLedger(db, () => now);
		const key = { sessionCode: 'S1', occasion: '2026-07-15T09:00:00.000Z', offsetMinutes: 30, target: DESK_TARGET };
		expect(ledger.claim(key)).to.equal(true);
		expect(ledger.claim(key), 'a second worker').to.equal(false);
		expect(ledger.settled(key)).to.equal(false);
		ledger.release(key);
		expect(ledger.claim(key), 'after a failed send').to.equal(true);
		now = new Date(now.getTime() + 3 * 60_000);
		expect(ledger.claim(key), 'the holder crashed').to.equal(true);
		ledger.settle(key, 'sent');
		expect(ledger.settled(key)).to.equal(true);
		now = new Date(now.getTime() + 10 * 60_000);
		expect(ledger.claim(key), 'sent is final').to.equal(false);
		expect(new NagLedger(db, () => now, 'r1_').claim(key), 'a rehearsal has its own rows').to.equal(true);
	});
});
