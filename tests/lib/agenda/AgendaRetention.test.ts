import { expect } from 'chai';
import { AgendaRetention } from '#lib/agenda/AgendaRetention';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import { AGENDA_PERSONAL_DATA_TABLES } from '#lib/agenda/personalData';
import type { Session } from '#lib/programme/Session';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

describe('agenda/AgendaRetention', () => {
	let db: SqliteDatabase;
	let bookmarks: Bookmarks;
	let now: Date;
	let sessions: Session[];
	const logged: string[] = [];
	const last: Session = { code: 'S1', title: 'Last talk', start: new Date('2026-07-17T17:00:00Z'), end: new Date('2026-07-17T18:00:00Z'), rooms: ['Forum Hall'], speakers: [], isBreak: false };
	const retention = (options: { rehearsal?: boolean; fetched?: boolean } = {}) =>
		new AgendaRetention({
			db,
			sessions: () => sessions,
			fetched: () => options.fetched ?? true,
			rehearsal: options.rehearsal ?? false,
			retentionDays: 30,
			now: () => now,
			logger: { debug: (text: string) => logged.push(`debug ${text}`), info: (text: string) => logged.push(`info ${text}`), warn: (text: string) => logged.push(`warn ${text}`) } as never
		});
	const stored = () => db.prepare('SELECT COUNT(*) FROM agenda_bookmarks').pluck().get() as number;

	beforeEach(() => {
		db = openDatabase(':memory:');
		bookmarks = new Bookmarks(db);
		sessions = [last];
		logged.length = 0;
		bookmarks.add('100200300400500600', 'S1', new Date('2026-07-15T07:00:00Z'));
		bookmarks.add('100200300400500600', 'S2', new Date('2026-07-15T07:00:00Z'));
		bookmarks.add('700800900100200300', 'S1', new Date('2026-07-15T07:00:00Z'));
		// A reminder setting with its DM channel, and the reminder that went out: personal too.
		db.prepare('INSERT INTO agenda_members (user_id, reminder_minutes, dm_channel_id) VALUES (?, 15, ?)').run('100200300400500600', '900900900900900900');
		db.prepare(`INSERT INTO agenda_dms (namespace, user_id, session_code, kind, occasion, status, updated_at) VALUES ('', ?, 'S1', 'reminder', 'x', 'sent', 'x')`).run('100200300400500600');
	});
	afterEach(() => db.close());

	it('lists the bookmarks, the reminder settings and the DM ledger as agenda personal data, and every listed table exists', () => {
		expect(AGENDA_PERSONAL_DATA_TABLES).to.have.members(['agenda_bookmarks', 'agenda_members', 'agenda_dms']);
		for (const table of AGENDA_PERSONAL_DATA_TABLES) expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table), table).to.equal(table);
	});

	it('keeps every bookmark during the retention days, then deletes every member’s, logging only counts', () => {
		now = new Date('2026-08-16T17:59:59Z');
		expect(retention().run().kind).to.equal('keep');
		expect(stored()).to.equal(3);
		now = new Date('2026-08-16T18:00:00Z');
		expect(retention().run()).to.deep.include({ kind: 'delete', deleted: { agenda_bookmarks: 3, agenda_members: 1, agenda_dms: 1 } });
		expect(stored()).to.equal(0);
		expect(db.prepare('SELECT (SELECT COUNT(*) FROM agenda_members) + (SELECT COUNT(*) FROM agenda_dms)').pluck().get()).to.equal(0);
		expect(logged.at(-1)).to.equal('info Agenda retention: deleted 5 rows (agenda_bookmarks 3, agenda_members 1, agenda_dms 1), 30 days after the last session.');
		expect(logged.join('\n')).not.to.match(/100200300400500600|700800900100200300|900900900900900900|S1|Last talk/);
	});

	it('deletes from every table the list names', () => {
		db.exec('CREATE TABLE agenda_test_extra (user_id TEXT NOT NULL)');
		db.prepare('INSERT INTO agenda_test_extra (user_id) VALUES (?), (?)').run('1', '2');
		now = new Date('2026-09-01T00:00:00Z');
		const outcome = new AgendaRetention({ db, sessions: () => sessions, fetched: () => true, rehearsal: false, retentionDays: 30, now: () => now, logger: { debug() {}, info() {}, warn() {} }, tables: [...AGENDA_PERSONAL_DATA_TABLES, 'agenda_test_extra'] }).run();
		expect(outcome.deleted).to.deep.equal({ agenda_bookmarks: 3, agenda_members: 1, agenda_dms: 1, agenda_test_extra: 2 });
		expect(db.prepare('SELECT COUNT(*) FROM agenda_test_extra').pluck().get()).to.equal(0);
	});

	it('deletes nothing with an empty or unfetched programme, or in a rehearsal, and says why', () => {
		now = new Date('2030-01-01T00:00:00Z');
		expect(retention({ rehearsal: true }).run().kind).to.equal('rehearsal');
		expect(retention({ fetched: false }).run().kind).to.equal('no-programme');
		sessions = [];
		expect(retention().run().kind).to.equal('no-programme');
		expect(stored()).to.equal(3);
		expect(logged).to.deep.equal([
			'info Agenda retention: a rehearsal never deletes agenda data.',
			'info Agenda retention: no programme loaded, so nothing is deleted.',
			'info Agenda retention: no programme loaded, so nothing is deleted.'
		]);
	});
});
