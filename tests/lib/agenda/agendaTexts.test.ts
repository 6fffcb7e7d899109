import { expect } from 'chai';
import { conflicts, formatAgenda, sessionChoiceName } from '#lib/agenda/agendaTexts';
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
});
