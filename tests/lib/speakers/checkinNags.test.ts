import { expect } from 'chai';
import type { Session } from '#lib/programme/Session';
import { linkedSpeakersOf, nagId, planCheckinNags } from '#lib/speakers/checkinNags';

const session = (code: string, start: string, speakers: Session['speakers'], isBreak = false): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + 30 * 60_000),
	rooms: ['Forum Hall'],
	speakers,
	isBreak
});

describe('speakers/checkinNags', () => {
	const now = new Date('2026-07-15T07:00:00Z');
	const ada = { name: 'Ada Lovelace', code: 'P1' };
	const grace = { name: 'Grace Hopper', code: 'P2' };
	const linked = new Map([
		['code:P1', ['u-ada']],
		['code:P2', ['u-grace', 'u-grace2']]
	]);

	it('plans the speakers’ nag at the first offset and the desk’s at the others, for sessions with linked speakers only', () => {
		const sessions = [session('S1', '2026-07-15T09:00:00Z', [ada, grace]), session('S2', '2026-07-15T09:00:00Z', [{ name: 'Nobody Linked', code: 'P9' }])];
		const nags = planCheckinNags(sessions, linked, [60, 30, 15], now);
		expect(nags.map((nag) => [nag.sessionCode, nag.offsetMinutes, nag.kind, nag.notifyAt.toISOString()])).to.deep.equal([
			['S1', 60, 'speakers', '2026-07-15T08:00:00.000Z'],
			['S1', 30, 'desk', '2026-07-15T08:30:00.000Z'],
			['S1', 15, 'desk', '2026-07-15T08:45:00.000Z']
		]);
		expect(nags[0]!.userIds).to.deep.equal(['u-ada', 'u-grace', 'u-grace2']);
	});

	it('skips breaks and sessions that have started, keeps nags already due while the session is ahead (a restart can tell they were missed)', () => {
		const sessions = [session('B1', '2026-07-15T09:00:00Z', [ada], true), session('OLD', '2026-07-15T07:00:00Z', [ada]), session('SOON', '2026-07-15T07:20:00Z', [ada])];
		const nags = planCheckinNags(sessions, linked, [60, 30, 15], now);
		expect(nags.map((nag) => `${nag.sessionCode} ${nag.offsetMinutes}`)).to.deep.equal(['SOON 60', 'SOON 30', 'SOON 15']);
		expect(nags[0]!.notifyAt.getTime()).to.be.below(now.getTime());
	});

	it('names each nag by namespace, session, offset and start, so a moved session gets new jobs', () => {
		const s = session('A/B:1', '2026-07-15T09:00:00Z', [ada]);
		expect(nagId('r1_', s, 30)).to.equal(`r1_sc_A-B-1_30_${Math.floor(s.start.getTime() / 60_000)}`);
		const moved = { ...s, start: new Date('2026-07-15T09:15:00Z') };
		expect(nagId('', moved, 30)).to.not.equal(nagId('', s, 30));
	});

	it('matches speakers without a pretalx code by name, case aside, and lists a member linked twice once', () => {
		const s = session('S1', '2026-07-15T09:00:00Z', [{ name: 'Zoë Ünal' }, { name: 'Ada', code: 'P1' }]);
		const map = new Map([
			['name:zoë ünal', ['u-zoe']],
			['code:P1', ['u-zoe']]
		]);
		expect(linkedSpeakersOf(s, map)).to.deep.equal(['u-zoe']);
	});
});
