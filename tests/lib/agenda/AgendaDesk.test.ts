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
				takeClosedNotice: (userId) => closedFor.delete(userId),
				rememberLocale: (userId, locale) => told.push(`locale ${userId} ${locale}`),
				forget: (userId) => told.push(`forget ${userId}`)
			}
		});
	});
	afterEach(() => db.close());
	const noHooks = { bookmarked: () => undefined, changed: () => undefined, setLeadMinutes: () => undefined, takeClosedNotice: () => false, rememberLocale: () => undefined, forget: () => undefined };

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

	it('tells the reminders of each new bookmark, removal and clear, and of nothing that changed nothing; clear forgets the member always', () => {
		desk.add('u1', 'A');
		desk.add('u1', 'A');
		desk.remove('u1', 'A');
		desk.remove('u1', 'A');
		desk.clear('u1');
		desk.add('u1', 'B');
		desk.clear('u1');
		expect(told).to.deep.equal(['bookmarked u1', 'changed', 'forget u1', 'bookmarked u1', 'forget u1', 'changed']);
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

	describe('addMany: what a member picked on a programme post', () => {
		const stored = () => db.prepare('SELECT user_id, session_code FROM agenda_bookmarks ORDER BY session_code').all();

		it('bookmarks one session with the same answer as /agenda add, and a second click only says it is there', () => {
			expect(desk.addMany('u1', ['A'])).to.equal(agendaReplies.added('Talk A', sessions[0]!.start, 'Europe/Prague'));
			expect(desk.addMany('u1', ['A'])).to.equal(agendaReplies.already('Talk A'));
			expect(stored()).to.deep.equal([{ user_id: 'u1', session_code: 'A' }]);
		});

		it('refuses a member who is not registered, and stores nothing', () => {
			expect(desk.addMany('u2', ['A', 'B'])).to.equal(agendaReplies.notRegistered);
			expect(stored()).to.deep.equal([]);
		});

		it('answers truly for a session that already started or was cancelled, and adds neither', () => {
			clock.set(new Date('2026-07-15T07:10:00Z'));
			expect(desk.addMany('u1', ['A'])).to.equal(agendaReplies.started('Talk A', sessions[0]!.start, sessions[0]!.end, 'Europe/Prague'));
			expect(agendaReplies.started('Talk A', sessions[0]!.start, sessions[0]!.end, 'Europe/Prague')).to.equal(
				'**Talk A** already started at 09:00 (it runs until 09:30), so there is nothing left to remind you of; I did not add it.'
			);
			expect(desk.addMany('u1', ['GONE'])).to.equal(agendaReplies.gone);
			expect(stored()).to.deep.equal([]);
		});

		it('answers several picks at once, outcome by outcome, each picked session stored once', () => {
			sessions.push({ ...sessions[1]!, code: 'C', title: '**C** @everyone' }, { ...sessions[1]!, code: 'D', title: 'Talk D' });
			desk.addMany('u1', ['D']);
			clock.set(new Date('2026-07-15T07:10:00Z'));
			expect(desk.addMany('u1', ['A', 'B', 'C', 'C', 'D', 'GONE'])).to.equal(
				[
					'🔖 Bookmarked 2 sessions:',
					'• 10:00 **Talk B**',
					'• 10:00 **\\*\\*C\\*\\* @\u200beveryone**',
					'Already on your agenda:',
					'• 10:00 **Talk D**',
					'Already started, so not added:',
					'• 09:00 **Talk A**',
					'1 session is no longer in the programme (cancelled or withdrawn), so not added.',
					'`/agenda list` shows your day.'
				].join('\n')
			);
			expect(stored()).to.deep.equal(['B', 'C', 'D'].map((code) => ({ user_id: 'u1', session_code: code })));
		});

		it('answers a click on a session with a 4,000-character title within one message', () => {
			sessions = [{ ...session('LONG', '2026-07-15T08:00:00Z'), title: `@everyone ${'long '.repeat(800)}` }];
			const reply = desk.addMany('u1', ['LONG']);
			expect(reply.length).to.be.below(400);
			expect(reply).to.match(/^🔖 Bookmarked \*\*@\u200beveryone long long .*…\*\* \(Wednesday 15 July, 10:00\)/);
		});

		it('fits 25 picks with 4,000-character titles into one message', () => {
			sessions = Array.from({ length: 25 }, (_, index) => ({ ...session(`S${index}`, '2026-07-15T08:00:00Z'), title: 'long '.repeat(800) }));
			const reply = desk.addMany('u1', sessions.map((s) => s.code));
			expect(reply.length).to.be.at.most(2000);
			expect(reply).to.match(/^🔖 Bookmarked 25 sessions:/);
			expect(stored()).to.have.length(25);
		});
	});

	describe("in the member's language", () => {
		const german = { locale: 'de', guildLocale: 'en-US' };
		const japanese = { locale: 'ja', guildLocale: 'en-US' };

		it("answers in the client's language, else the server's, else `[bot] language`, else English", () => {
			expect(desk.add('u1', 'A', german)).to.equal('🔖 Vorgemerkt: **Talk A** (Mittwoch, 15. Juli, 09:00). `/agenda list` zeigt deinen Tag.');
			expect(desk.add('u1', 'A', japanese)).to.equal('**Talk A** はすでにアジェンダにあります。');
			expect(desk.add('u1', 'A', { locale: 'ko', guildLocale: 'fr' })).to.equal('**Talk A** est déjà dans votre agenda.');
			expect(desk.add('u1', 'A', { locale: 'ko' })).to.equal(agendaReplies.already('Talk A'));
			const configured = new AgendaDesk({ bookmarks: new Bookmarks(db), sessions: () => sessions, clock, timezone: 'Europe/Prague', isRegistered: () => true, reminders: noHooks, language: 'it' });
			expect(configured.add('u1', 'A', { locale: 'ko' })).to.equal('**Talk A** è già nella tua agenda.');
		});

		it('refuses, lists, removes, clears and sets reminders in German', () => {
			expect(desk.add('u2', 'A', german)).to.equal('Deine Agenda steht dir offen, sobald du registriert bist: Registrier dich zuerst mit dem Button im Registrierungskanal.');
			expect(desk.add('u1', 'ZZZ', german)).to.match(/^Diesen Vortrag finde ich nicht\./);
			desk.add('u1', 'A', german);
			expect(desk.list('u1', 'today', german)).to.match(/^\*\*Deine Agenda für heute\*\* \(1 Vortrag, Zeiten in Europe\/Prague\)\n\n__Mittwoch, 15\. Juli__\n• 09:00–09:30 \*\*Talk A\*\*/);
			expect(desk.remove('u1', 'A', german)).to.equal('**Talk A** ist von deiner Agenda entfernt.');
			expect(desk.remove('u1', 'A', german)).to.equal('Dieser Vortrag steht nicht auf deiner Agenda, es gab also nichts zu entfernen.');
			expect(desk.clear('u1', japanese)).to.equal('アジェンダはもともと空でした。あなたについて保存しているものはありません。');
			expect(desk.setReminders('u1', 5, japanese)).to.equal('🔔 これからは登録セッションの 5分前に DM でリマインダーを送ります。');
			sessions = [];
			expect(desk.list('u1', 'today', japanese)).to.equal('プログラムをまだ読み込めていないため、登録できるセッションがありません。1分ほどしてからもう一度お試しください。');
		});

		it('answers picks, autocomplete and the closed-DM notice in German', () => {
			expect(desk.addMany('u1', ['A', 'GONE'], german).split('\n')[0]).to.equal('🔖 1 Vortrag vorgemerkt:');
			expect(desk.suggest('Talk', german).map((choice) => choice.name)).to.deep.equal(['Talk A · Mi 09:00 · Forum Hall', 'Talk B · Mi 10:00 · Forum Hall']);
			expect(desk.suggestOwn('u1', '', german).map((choice) => choice.name)).to.deep.equal(['Talk A · Mi 09:00 · Forum Hall']);
			closedFor.add('u1');
			expect(desk.closedNotice('u1', german)).to.match(/^⚠️ Ich konnte dir keine Erinnerung per DM schicken/);
		});

		it("remembers a registered member's client locale for their DMs, and nothing of anyone else", () => {
			desk.list('u1', 'today', german);
			desk.addMany('u1', ['A'], japanese);
			desk.setReminders('u1', 5, { locale: 'cs' });
			desk.remove('u1', 'A', { locale: 'fr' });
			desk.add('u2', 'A', german);
			desk.setReminders('u2', 5, german);
			desk.add('u1', 'B');
			expect(told.filter((line) => line.startsWith('locale'))).to.deep.equal(['locale u1 de', 'locale u1 ja', 'locale u1 cs', 'locale u1 fr']);
		});
	});
});
