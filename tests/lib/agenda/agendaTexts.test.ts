import { expect } from 'chai';
import { agendaReplies, agendaRepliesIn, conflicts, formatAgenda, pickedReply, sessionChoiceName } from '#lib/agenda/agendaTexts';
import { MESSAGE_LIMIT } from '#lib/discord/limits';
import type { Session } from '#lib/programme/Session';

const TZ = 'Europe/Prague';
const session = (code: string, start: string, minutes = 30, extra: Partial<Session> = {}): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + minutes * 60_000),
	rooms: ['Forum Hall'],
	speakers: [{ name: 'Ada' }],
	isBreak: false,
	...extra
});
const now = new Date('2026-07-15T06:00:00Z');

describe('agenda/agendaTexts', () => {
	it('marks sessions that overlap another bookmarked one, not those that only touch', () => {
		const day = [session('A', '2026-07-15T07:00:00Z', 45), session('B', '2026-07-15T07:30:00Z'), session('C', '2026-07-15T08:00:00Z')];
		expect([...conflicts(day)].sort()).to.deep.equal(['A', 'B']);
	});

	it('groups by day in the conference zone and shows today only unless asked for everything', () => {
		const sessions = [session('T', '2026-07-15T21:30:00Z'), session('W', '2026-07-16T07:00:00Z')];
		// 21:30 UTC is 23:30 in Prague, still the 15th there.
		expect(formatAgenda(sessions, 'today', now, TZ)).to.include('__Wednesday 15 July__\n• 23:30–00:00 **Talk T**').and.not.include('Talk W');
		expect(formatAgenda(sessions, 'upcoming', now, TZ)).to.include('__Thursday 16 July__\n• 09:00–09:30 **Talk W**');
	});

	it('escapes titles and names and never pings', () => {
		const text = formatAgenda([session('X', '2026-07-15T07:00:00Z', 30, { title: '**Bold** @everyone', speakers: [{ name: '_Ada_' }] })], 'today', now, TZ);
		expect(text).to.include('**\\*\\*Bold\\*\\* @\u200beveryone** — \\_Ada\\_');
	});

	it('fits a very full agenda into one message, saying how many more there are', () => {
		const many = Array.from({ length: 300 }, (_, index) => session(`S${index}`, new Date(now.getTime() + index * 60_000).toISOString(), 30, { title: 'A rather long title '.repeat(3) }));
		const text = formatAgenda(many, 'upcoming', now, TZ);
		expect(text.length).to.be.at.most(MESSAGE_LIMIT);
		expect(text).to.match(/…and \d+ more sessions\.$/);
	});

	it('names a choice within Discord’s 100 characters, keeping when and where', () => {
		const long = session('L', '2026-07-15T07:00:00Z', 30, { title: 'T'.repeat(150), speakers: [{ name: 'Ada' }, { name: 'Grace' }] });
		const name = sessionChoiceName(long, TZ);
		expect(name.length).to.be.at.most(100);
		expect(name.endsWith('… · Wed 09:00 · Forum Hall')).to.equal(true);
		expect(sessionChoiceName(session('S', '2026-07-15T07:00:00Z'), TZ)).to.equal('Talk S — Ada · Wed 09:00 · Forum Hall');
	});

	it('writes the agenda in German and Japanese, day names and overlaps included', () => {
		const day = [session('A', '2026-07-15T07:00:00Z', 45), session('B', '2026-07-15T07:30:00Z')];
		expect(formatAgenda(day, 'today', now, TZ, 'de').split('\n')).to.deep.equal([
			'**Deine Agenda für heute** (2 Vorträge, Zeiten in Europe/Prague)',
			'',
			'__Mittwoch, 15. Juli__',
			'• 09:00–09:45 **Talk A** — Ada · Forum Hall ⚠️ überschneidet sich mit einem anderen deiner Vorträge',
			'• 09:30–10:00 **Talk B** — Ada · Forum Hall ⚠️ überschneidet sich mit einem anderen deiner Vorträge'
		]);
		const japanese = formatAgenda([session('W', '2026-07-16T07:00:00Z')], 'upcoming', now, TZ, 'ja');
		expect(japanese).to.equal('**アジェンダ**（1件、Europe/Prague の時刻）\n\n__7月16日木曜日__\n• 09:00–09:30 **Talk W** — Ada · Forum Hall');
		expect(formatAgenda([], 'today', now, TZ, 'de')).to.match(/^Für den Rest des Tages steht nichts auf deiner Agenda\. `\/agenda list when:kommend`/);
	});

	it('says how many more there are in the member’s language, with its plural', () => {
		const many = Array.from({ length: 300 }, (_, index) => session(`S${index}`, new Date(now.getTime() + index * 60_000).toISOString(), 30, { title: 'A rather long title '.repeat(3) }));
		const czech = formatAgenda(many, 'upcoming', now, TZ, 'cs');
		expect(czech.length).to.be.at.most(MESSAGE_LIMIT);
		expect(czech).to.match(/…a ještě \d+ přednáš(ek|ky)\.$/);
		expect(formatAgenda(many, 'upcoming', now, TZ, 'ja')).to.match(/…ほか \d+件のセッション。$/);
	});

	it('answers /agenda in German and Japanese, escaping titles the same way', () => {
		const start = new Date('2026-07-15T07:00:00Z');
		expect(agendaRepliesIn('de').added('**Talk** @everyone', start, TZ)).to.equal('🔖 Vorgemerkt: **\\*\\*Talk\\*\\* @\u200beveryone** (Mittwoch, 15. Juli, 09:00). `/agenda list` zeigt deinen Tag.');
		expect(agendaRepliesIn('ja').added('Talk A', start, TZ)).to.equal('🔖 **Talk A**（7月15日水曜日 09:00）を登録しました。`/agenda list` で今日の予定を確認できます。');
		expect(agendaRepliesIn('cs').cleared(3)).to.equal('Hotovo: vaše agenda je teď prázdná (smazány 3 přednášky).');
		expect(agendaRepliesIn('de').cleared(1)).to.equal('Erledigt: Deine Agenda ist jetzt leer (1 Vormerkung gelöscht).');
		expect(agendaRepliesIn('ja').notRegistered).to.equal('アジェンダは登録が済むと使えるようになります。まず登録チャンネルのボタンから登録してください。');
		expect(agendaRepliesIn('en-US').notRegistered).to.equal(agendaReplies.notRegistered);
		expect(agendaReplies.added('Talk A', start, TZ)).to.equal('🔖 Bookmarked **Talk A** (Wednesday 15 July, 09:00). `/agenda list` shows your day.');
	});

	it('answers several picks in German, outcome by outcome', () => {
		const [a, b] = [session('A', '2026-07-15T07:00:00Z'), session('B', '2026-07-15T07:30:00Z')];
		const reply = pickedReply([{ kind: 'added', session: a }, { kind: 'already', session: b }, { kind: 'gone', code: 'X' }], TZ, 'de');
		expect(reply.split('\n')).to.deep.equal([
			'🔖 1 Vortrag vorgemerkt:',
			'• 09:00 **Talk A**',
			'Schon auf deiner Agenda:',
			'• 09:30 **Talk B**',
			'1 Vortrag steht nicht mehr im Programm (abgesagt oder zurückgezogen), daher nicht hinzugefügt.',
			'`/agenda list` zeigt deinen Tag.'
		]);
	});

	it('names a choice with the weekday in the member’s language', () => {
		expect(sessionChoiceName(session('S', '2026-07-15T07:00:00Z'), TZ, 'de')).to.equal('Talk S — Ada · Mi 09:00 · Forum Hall');
		expect(sessionChoiceName(session('S', '2026-07-15T07:00:00Z'), TZ, 'ja')).to.equal('Talk S — Ada · 水 09:00 · Forum Hall');
	});
});
