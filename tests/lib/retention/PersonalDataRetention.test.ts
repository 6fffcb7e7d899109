import { expect } from 'chai';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import type { Session } from '#lib/programme/Session';
import { PersonalDataRetention } from '#lib/retention/PersonalDataRetention';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { RETENTION_TABLES } from '#lib/store/personalData';

const ZOE = '100200300400500600';
const ADA = '700800900100200300';
const ORGANIZER = '555666777888999000';

describe('retention/PersonalDataRetention', () => {
	let db: SqliteDatabase;
	let now: Date;
	let sessions: Session[];
	const logged: string[] = [];
	const last: Session = { code: 'S1', title: 'Last talk', start: new Date('2026-07-17T17:00:00Z'), end: new Date('2026-07-17T18:00:00Z'), rooms: ['Forum Hall'], speakers: [], isBreak: false };
	const retention = (options: { rehearsal?: boolean; fetched?: boolean; tables?: readonly string[] } = {}) =>
		new PersonalDataRetention({
			db,
			sessions: () => sessions,
			fetched: () => options.fetched ?? true,
			rehearsal: options.rehearsal ?? false,
			retentionDays: 30,
			now: () => now,
			logger: { debug: (text: string) => logged.push(`debug ${text}`), info: (text: string) => logged.push(`info ${text}`), warn: (text: string) => logged.push(`warn ${text}`) } as never,
			...(options.tables ? { tables: options.tables } : {})
		});
	const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
	const counts = (tables: readonly string[]) => Object.fromEntries(tables.map((table) => [table, count(table)]));
	const seeded = {
		agenda_bookmarks: 3,
		agenda_members: 1,
		agenda_dms: 1,
		speaker_links: 2,
		speaker_link_refusals: 1,
		speaker_role_holders: 1,
		speaker_checkins: 1,
		speaker_nags: 2,
		qa_votes: 2,
		qa_questions: 2,
		qa_threads: 1,
		dm_channels: 1
	};

	beforeEach(() => {
		db = openDatabase(':memory:');
		sessions = [last];
		logged.length = 0;
		const bookmarks = new Bookmarks(db);
		bookmarks.add(ZOE, 'S1', new Date('2026-07-15T07:00:00Z'));
		bookmarks.add(ZOE, 'S2', new Date('2026-07-15T07:00:00Z'));
		bookmarks.add(ADA, 'S1', new Date('2026-07-15T07:00:00Z'));
		// A reminder setting with its DM channel, and the reminder that went out: personal too.
		db.prepare('INSERT INTO agenda_members (user_id, reminder_minutes) VALUES (?, 15)').run(ZOE);
		db.prepare('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?)').run(ZOE, '900900900900900900');
		db.prepare(`INSERT INTO agenda_dms (namespace, user_id, session_code, kind, occasion, status, updated_at) VALUES ('', ?, 'S1', 'reminder', 'x', 'sent', 'x')`).run(ZOE);
		db.prepare(`INSERT INTO speaker_links (user_id, speaker_key, speaker_name, linked_by, linked_at, how) VALUES (?, 'code:P1', 'Zoë Ünal', 'usher', 'x', 'automatic'), (?, 'code:P2', 'Ada Lovelace', ?, 'x', 'organizer')`).run(ZOE, ADA, ORGANIZER);
		db.prepare(`INSERT INTO speaker_link_refusals (user_id, speaker_key, refused_by, refused_at) VALUES (?, 'code:P3', ?, 'x')`).run(ADA, ORGANIZER);
		db.prepare(`INSERT INTO speaker_role_holders (user_id, since) VALUES (?, 'x')`).run(ZOE);
		db.prepare(`INSERT INTO speaker_checkins (namespace, session_code, user_id, checked_in_at) VALUES ('', 'S1', ?, 'x')`).run(ZOE);
		db.prepare(`INSERT INTO speaker_nags (namespace, session_code, occasion, offset_minutes, target, status, updated_at) VALUES ('', 'S1', 'x', 60, ?, 'sent', 'x'), ('', 'S1', 'x', 30, 'desk', 'sent', 'x')`).run(ZOE);
		db.prepare(`INSERT INTO qa_threads (namespace, session_code, status, thread_id, updated_at) VALUES ('', 'S1', 'closed', 't1', 'x')`).run();
		const ask = db.prepare(`INSERT INTO qa_questions (thread_id, asker_id, asker_name, text, message_id, asked_at) VALUES ('t1', ?, ?, ?, 'm', 'x')`);
		const first = ask.run(ZOE, 'Zoë', 'Why asyncio?').lastInsertRowid;
		ask.run(ADA, 'Ada', 'And the GIL?');
		// Votes reference their question: the run must count them before the question's cascade takes them.
		db.prepare(`INSERT INTO qa_votes (question_id, user_id, voted_at) VALUES (?, ?, 'x'), (?, ?, 'x')`).run(first, ADA, first, ORGANIZER);
		db.prepare(
			`INSERT INTO registrations (ticket_key, order_code, position_id, item_name, attendee_name, attendee_name_key, discord_user_id, source, registered_at) VALUES ('k', 'ABC12', 1, 'Business', 'Zoë Ünal', 'zoe unal', ?, 'self', 'x')`
		).run(ZOE);
		expect(counts(RETENTION_TABLES), 'every listed table has rows to delete').to.deep.equal(seeded);
	});
	afterEach(() => db.close());

	it('keeps everything during the retention days, then empties every listed table of agenda, speakers and Q&A, logging only counts', () => {
		now = new Date('2026-08-16T17:59:59Z');
		expect(retention().run().kind).to.equal('keep');
		expect(retention().due()).to.equal(false);
		expect(counts(RETENTION_TABLES)).to.deep.equal(seeded);
		now = new Date('2026-08-16T18:00:00Z');
		expect(retention().due()).to.equal(true);
		expect(retention().run()).to.deep.include({ kind: 'delete', deleted: seeded });
		expect(Object.values(counts(RETENTION_TABLES))).to.deep.equal(RETENTION_TABLES.map(() => 0));
		expect(logged.at(-1)).to.equal(
			'info Personal data retention: deleted 18 rows (agenda_bookmarks 3, agenda_members 1, agenda_dms 1, speaker_links 2, speaker_link_refusals 1, speaker_role_holders 1, speaker_checkins 1, speaker_nags 2, qa_votes 2, qa_questions 2, qa_threads 1, dm_channels 1), 30 days after the last session.'
		);
		expect(logged.join('\n')).not.to.match(new RegExp(`${ZOE}|${ADA}|${ORGANIZER}|900900900900900900|S1|Last talk|Zoë|asyncio`));
	});

	it('keeps the registrations: organizers answer for tickets after the conference', () => {
		now = new Date('2026-09-01T00:00:00Z');
		retention().run();
		expect(count('registrations')).to.equal(1);
		expect(retention().run(), 'a second run finds nothing left').to.deep.include({ deleted: Object.fromEntries(RETENTION_TABLES.map((table) => [table, 0])) });
	});

	it('deletes in one transaction: a table that fails leaves every other table as it was', () => {
		now = new Date('2026-09-01T00:00:00Z');
		expect(() => retention({ tables: [...RETENTION_TABLES, 'no_such_table'] }).run()).to.throw(/no such table/);
		expect(counts(RETENTION_TABLES)).to.deep.equal(seeded);
	});

	it('deletes from every table the list names', () => {
		db.exec('CREATE TABLE agenda_test_extra (user_id TEXT NOT NULL)');
		db.prepare('INSERT INTO agenda_test_extra (user_id) VALUES (?), (?)').run('1', '2');
		now = new Date('2026-09-01T00:00:00Z');
		const outcome = retention({ tables: ['agenda_bookmarks', 'agenda_test_extra'] }).run();
		expect(outcome.deleted).to.deep.equal({ agenda_bookmarks: 3, agenda_test_extra: 2 });
		expect(count('agenda_test_extra')).to.equal(0);
		expect(count('agenda_members'), 'a table the list does not name stays').to.equal(1);
	});

	it('deletes nothing with an empty or unfetched programme, or in a rehearsal, and says why', () => {
		now = new Date('2030-01-01T00:00:00Z');
		expect(retention({ rehearsal: true }).run().kind).to.equal('rehearsal');
		expect(retention({ rehearsal: true }).due()).to.equal(false);
		expect(retention({ fetched: false }).run().kind).to.equal('no-programme');
		sessions = [];
		expect(retention().run().kind).to.equal('no-programme');
		expect(retention().due()).to.equal(false);
		expect(counts(RETENTION_TABLES)).to.deep.equal(seeded);
		expect(logged).to.deep.equal([
			'info Personal data retention: a rehearsal never deletes personal data.',
			'info Personal data retention: no programme loaded, so nothing is deleted.',
			'info Personal data retention: no programme loaded, so nothing is deleted.'
		]);
	});
});
