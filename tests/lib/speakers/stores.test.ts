import { expect } from 'chai';
import { CheckIns } from '#lib/speakers/CheckIns';
import { DESK_TARGET, NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { applyMigrations, openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { migrations } from '#lib/store/schema';
import { DmChannels } from '#lib/discord/DmChannels';
import { AgendaMembers } from '#lib/agenda/AgendaMembers';

describe('speakers/stores', () => {
	let db: SqliteDatabase;
	beforeEach(() => (db = openDatabase(':memory:')));
	afterEach(() => db.close());
	const refusal = { by: 'org', at: new Date('2026-07-15T07:30:00Z') };

	it('SpeakerLinks: links once, lists by speaker, unlinks one or all', () => {
		const links = new SpeakerLinks(db);
		const link = (userId: string, speakerKey: string, speakerName: string) => links.link({ userId, speakerKey, speakerName, linkedBy: 'org', linkedAt: '2026-07-15T07:00:00.000Z', how: 'organizer' });
		expect(link('u1', 'code:P1', 'Ada')).to.equal(true);
		expect(link('u1', 'code:P1', 'Ada'), 'the same link again').to.equal(false);
		link('u1', 'code:P2', 'Grace');
		link('u2', 'code:P2', 'Grace');
		expect([...links.membersBySpeaker()]).to.deep.equal([
			['code:P1', ['u1']],
			['code:P2', ['u1', 'u2']]
		]);
		expect(links.unlink('u1', 'code:P2', refusal).map((l) => l.speakerName)).to.deep.equal(['Grace']);
		expect(links.linksOf('u1').map((l) => l.speakerKey)).to.deep.equal(['code:P1']);
		expect(links.unlink('u2', undefined, refusal).map((l) => l.speakerKey)).to.deep.equal(['code:P2']);
		expect(links.unlink('u2', undefined, refusal)).to.deep.equal([]);
	});

	it('SpeakerLinks: an organizer unlink is remembered until an organizer links the pair again; automatic links to speakers gone, or of members without a ticket, are dropped', () => {
		const links = new SpeakerLinks(db);
		const link = (userId: string, speakerKey: string, how: 'organizer' | 'automatic') => links.link({ userId, speakerKey, speakerName: speakerKey, linkedBy: how === 'organizer' ? 'org' : 'usher', linkedAt: '2026-07-15T07:00:00.000Z', how });
		link('u1', 'code:P1', 'automatic');
		link('u2', 'code:P2', 'automatic');
		link('u3', 'code:P3', 'organizer');
		expect(links.linksOf('u1').map((l) => l.how)).to.deep.equal(['automatic']);
		links.unlink('u1', undefined, refusal);
		expect([...links.refusals()]).to.deep.equal(['u1 code:P1']);
		link('u1', 'code:P1', 'automatic');
		expect([...links.refusals()], 'matching does not lift it').to.deep.equal(['u1 code:P1']);
		link('u1', 'code:P1', 'organizer');
		expect([...links.refusals()], 'an organizer does').to.deep.equal([]);
		const registered = new Set(['u1', 'u2', 'u3']);
		expect(links.dropAutomatic(new Set(['code:P1', 'code:P3']), registered).map((l) => l.userId)).to.deep.equal(['u2']);
		expect(links.all().map((l) => `${l.userId} ${l.how}`)).to.deep.equal(['u1 automatic', 'u3 organizer']);
		expect(links.dropAutomatic(new Set(['code:P1', 'code:P3']), new Set(['u3'])).map((l) => l.userId), 'a freed ticket takes its match along').to.deep.equal(['u1']);
		link('u1', 'code:P1', 'automatic');
		expect(links.dropAutomatic(new Set(), new Set()).map((l) => l.userId), 'organizer links stay').to.deep.equal(['u1']);
	});

	it('SpeakerLinks: role holders are kept once each until let go', () => {
		const links = new SpeakerLinks(db);
		links.hold('u2', new Date());
		links.hold('u1', new Date());
		links.hold('u1', new Date());
		expect(links.holders()).to.deep.equal(['u1', 'u2']);
		expect(links.isHolder('u1')).to.equal(true);
		links.letGo('u1');
		expect(links.holders()).to.deep.equal(['u2']);
		expect(links.isHolder('u1')).to.equal(false);
	});

	it('migration 501: links made before it are organizers\' and their members hold the role', () => {
		const older = openDatabase(':memory:', migrations.filter((migration) => migration.id < '501'));
		older.prepare("INSERT INTO speaker_links (user_id, speaker_key, speaker_name, linked_by, linked_at) VALUES ('u1', 'code:P1', 'Ada', 'org', '2026-07-01T00:00:00Z')").run();
		applyMigrations(older, migrations);
		const links = new SpeakerLinks(older);
		expect(links.all().map((l) => l.how)).to.deep.equal(['organizer']);
		expect(links.holders()).to.deep.equal(['u1']);
		older.close();
	});

	it('DmChannels: one channel id per member whichever feature opened it, shared by the agenda and the check-in', () => {
		const channels = new DmChannels(db);
		channels.rememberDmChannel('u1', 'c1');
		channels.rememberDmChannel('u1', 'c2');
		expect(channels.dmChannel('u1')).to.equal('c2');
		const agenda = new AgendaMembers(db, 10);
		expect(agenda.dmChannel('u1'), 'the agenda sees the channel the check-in opened').to.equal('c2');
		agenda.forget('u1');
		expect(channels.dmChannel('u1'), '/agenda clear forgets it').to.equal(undefined);
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
