import { expect } from 'chai';
import { searchSessions, searchWords } from '#lib/agenda/sessionSearch';
import type { Session } from '#lib/programme/Session';

const at = (hhmm: string) => new Date(`2026-07-15T${hhmm}:00Z`);
const session = (code: string, title: string, start: string, extra: Partial<Session> = {}): Session => ({
	code,
	title,
	start: at(start),
	end: new Date(at(start).getTime() + 30 * 60_000),
	rooms: ['Forum Hall'],
	speakers: [{ name: 'Ada Lovelace' }],
	isBreak: false,
	...extra
});
const programme = [
	session('DJ1', 'Scaling Django', '09:00', { speakers: [{ name: 'Łukasz Langa' }], track: 'Web' }),
	session('AS1', 'Taming asyncio', '08:00'),
	session('DJ2', 'Django and HTMX', '10:00', { rooms: ['Terrace 2A'] }),
	session('BR1', 'Coffee break', '09:30', { isBreak: true, speakers: [] }),
	session('OLD', 'Already over: Django history', '06:00')
];
const now = at('07:00');
const codes = (query: string) => searchSessions(programme, query, now).map((found) => found.code);

describe('agenda/sessionSearch', () => {
	it('folds accents, case and punctuation into words', () => {
		expect(searchWords('Łukasz  LANGA, “Django”!')).to.deep.equal(['lukasz', 'langa', 'django']);
	});

	it('matches every typed word, by word start, in title, speaker, room or track; breaks and ended sessions never', () => {
		expect(codes('django')).to.deep.equal(['DJ1', 'DJ2']);
		expect(codes('djan terrace')).to.deep.equal(['DJ2']);
		expect(codes('lukasz')).to.deep.equal(['DJ1']);
		expect(codes('web')).to.deep.equal(['DJ1']);
		expect(codes('coffee')).to.deep.equal([]);
		expect(codes('history')).to.deep.equal([]);
	});

	it('forgives one wrong, missing, extra or swapped letter in words of four letters or more', () => {
		expect(codes('dajngo'), 'swapped').to.deep.equal(['DJ1', 'DJ2']);
		expect(codes('asyncoi'), 'swapped at the end').to.deep.equal(['AS1']);
		expect(codes('asynco'), 'missing').to.deep.equal(['AS1']);
		expect(codes('tamming'), 'extra').to.deep.equal(['AS1']);
		expect(codes('asx'), 'short words must match exactly or by start').to.deep.equal([]);
		expect(codes('ajsnico'), 'two mistakes are too many').to.deep.equal([]);
	});

	it('puts title matches before speaker matches, then the earlier session', () => {
		const programmeWithNamesake = [session('T1', 'Ada in practice', '11:00', { speakers: [{ name: 'Grace Hopper' }] }), session('T2', 'Something else', '08:30')];
		expect(searchSessions(programmeWithNamesake, 'ada', now).map((found) => found.code)).to.deep.equal(['T1', 'T2']);
	});

	it('with nothing typed gives the sessions still to come in start order, at most the limit', () => {
		expect(codes('')).to.deep.equal(['AS1', 'DJ1', 'DJ2']);
		expect(searchSessions(programme, '', now, 2).map((found) => found.code)).to.deep.equal(['AS1', 'DJ1']);
	});
});
