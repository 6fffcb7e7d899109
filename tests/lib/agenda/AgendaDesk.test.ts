import { expect } from 'chai';
import { AgendaDesk } from '#lib/agenda/AgendaDesk';
import { agendaReplies } from '#lib/agenda/agendaTexts';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import { dmsClosedNotice } from '#lib/agenda/reminderTexts';
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
	let told: string[];
	let closedFor: Set<string>;
	beforeEach(() => {
		told = [];
		closedFor = new Set();
		db = openDatabase(':memory:');
		sessions = [session('A', '2026-07-15T07:00:00Z'), session('B', '2026-07-15T08:00:00Z')];
		clock = new ManualClock(new Date('2026-07-15T06:00:00Z'));
		desk = new AgendaDesk({ bookmarks: new Bookmarks(db), sessions: () => sessions, clock, timezone: 'Europe/Prague', isRegistered: (id) => registered.has(id),
			reminders: {
				bookmarked: (userId) => told.push(`bookmarked ${userId}`),
				changed: () => told.push('changed'),
				setLeadMinutes: (userId, minutes) => told.push(`lead ${userId} ${minutes}`),
				takeClosedNotice: (userId) => closedFor.delete(userId)
			}
		});
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

	it('tells the reminders of each new bookmark, removal and clear, and of nothing that changed nothing', () => {
		desk.add('u1', 'A');
		desk.add('u1', 'A');
		desk.remove('u1', 'A');
		desk.remove('u1', 'A');
		desk.clear('u1');
		desk.add('u1', 'B');
		desk.clear('u1');
		expect(told).to.deep.equal(['bookmarked u1', 'changed', 'bookmarked u1', 'changed']);
	});

	it('sets the reminder lead for registered members only, and says what it did', () => {
		expect(desk.setReminders('u2', 15)).to.equal(agendaReplies.notRegistered);
		expect(desk.setReminders('u1', 15)).to.include('15 minutes before');
		expect(desk.setReminders('u1', 0)).to.include('Reminders off');
		expect(told).to.deep.equal(['lead u1 15', 'changed', 'lead u1 0', 'changed']);
	});

	it('gives the closed-DM notice once, only to the member it is about', () => {
		closedFor.add('u1');
		expect(desk.closedNotice('u2')).to.equal(null);
		expect(desk.closedNotice('u1')).to.equal(dmsClosedNotice);
		expect(desk.closedNotice('u1')).to.equal(null);
	});
});
