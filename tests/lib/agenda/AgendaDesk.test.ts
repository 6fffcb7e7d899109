import { expect } from 'chai';
import { AgendaDesk } from '#lib/agenda/AgendaDesk';
import { agendaReplies } from '#lib/agenda/agendaTexts';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import type { Session } from '#lib/programme/Session';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';

const session = (code: string, start: string): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + 30 * 60_000),
	rooms: ['Forum Hall'],
	speakers: [],
	isBreak: false
});

describe('agenda/AgendaDesk', () => {
	let db: SqliteDatabase;
	let sessions: Session[];
	let clock: ManualClock;
	let desk: AgendaDesk;
	const registered = new Set(['u1']);
	beforeEach(() => {
		db = openDatabase(':memory:');
		sessions = [session('A', '2026-07-15T07:00:00Z'), session('B', '2026-07-15T08:00:00Z')];
		clock = new ManualClock(new Date('2026-07-15T06:00:00Z'));
		desk = new AgendaDesk({ bookmarks: new Bookmarks(db), sessions: () => sessions, clock, timezone: 'Europe/Prague', isRegistered: (id) => registered.has(id) });
	});
	afterEach(() => db.close());

	it('keeps an agenda only for registered members, but lets anyone clear what is stored', () => {
		expect(desk.add('u2', 'A')).to.equal(agendaReplies.notRegistered);
		expect(desk.list('u2', 'today')).to.equal(agendaReplies.notRegistered);
		expect(desk.clear('u2')).to.equal(agendaReplies.cleared(0));
	});

	it('says when the programme is not loaded yet instead of an empty agenda', () => {
		sessions = [];
		expect(desk.add('u1', 'A')).to.equal(agendaReplies.noProgramme);
		expect(desk.list('u1', 'upcoming')).to.equal(agendaReplies.noProgramme);
	});

	it('refuses a session that has ended, and one the programme does not have', () => {
		clock.advance(2 * 3_600_000);
		expect(desk.add('u1', 'A')).to.equal(agendaReplies.over('Talk A'));
		expect(desk.add('u1', 'ZZZ')).to.equal(agendaReplies.unknownSession);
	});

	it('offers only the member’s own bookmarks to remove, ended ones included, and a session the programme dropped by its code', () => {
		desk.add('u1', 'A');
		desk.add('u1', 'B');
		clock.advance(90 * 60_000);
		expect(desk.suggestOwn('u1', '').map((choice) => choice.value)).to.deep.equal(['A', 'B']);
		expect(desk.suggest('').map((choice) => choice.value), 'only what is still to come is offered to add').to.deep.equal(['B']);
		sessions = [sessions[1]!];
		expect(desk.remove('u1', 'A')).to.equal(agendaReplies.removed('A'));
	});
});
