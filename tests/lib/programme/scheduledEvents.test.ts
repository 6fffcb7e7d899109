import { expect } from 'chai';
import { SCHEDULED_EVENT_LIMITS } from '#lib/discord/limits';
import { textsFor } from '#lib/i18n/texts';
import { eventSpecFor, planEventWindow } from '#lib/programme/scheduledEvents';
import type { Session } from '#lib/programme/Session';
import { hours, now, session } from './fixtures';

describe('programme/scheduledEvents', () => {
	const options = { mode: 'all' as const, max: 3, keynoteTypes: ['Keynote'], now, mirrored: new Set<string>() };
	const codes = (sessions: Session[]) => sessions.map((s) => s.code);

	it('takes the next max sessions that have not ended, in start order, without breaks', () => {
		const sessions = [session('D', hours(4)), session('A', hours(1)), { ...session('B', hours(2)), isBreak: true }, session('C', hours(3)), session('E', hours(5)), session('OLD', hours(-2))];
		expect(codes(planEventWindow(sessions, options))).to.deep.equal(['A', 'C', 'D']);
	});

	it('keeps a running session that already has an event, and gives none to a running one without', () => {
		const running = [session('R1', hours(-0.25)), session('R2', hours(-0.25)), session('N', hours(1))];
		expect(codes(planEventWindow(running, { ...options, mirrored: new Set(['R1']) }))).to.deep.equal(['R1', 'N']);
	});

	it('mirrors only keynote types in "keynotes" mode and nothing when off', () => {
		const sessions = [{ ...session('K', hours(1)), type: 'Keynote' }, { ...session('T', hours(1)), type: 'Talk' }];
		expect(codes(planEventWindow(sessions, { ...options, mode: 'keynotes' }))).to.deep.equal(['K']);
		expect(planEventWindow(sessions, { ...options, mode: 'off' })).to.deep.equal([]);
	});

	it('writes speakers and abstract escaped and within Discord limits; a long location keeps the stream link', () => {
		const long: Session = { ...session('L', hours(1), ['A very long room name '.repeat(5)]), title: 'T'.repeat(150), speakers: [{ name: '**Ada**' }], abstract: 'x'.repeat(2000) };
		const spec = eventSpecFor(long, 'https://youtube.example/live');
		expect(spec.name).to.have.length(SCHEDULED_EVENT_LIMITS.name);
		expect(spec.description).to.have.length(SCHEDULED_EVENT_LIMITS.description);
		expect(spec.description.startsWith('**\\*\\*Ada\\*\\***')).to.equal(true);
		expect(spec.location).to.equal('https://youtube.example/live');
		expect(eventSpecFor(session('S', hours(1)), 'https://y.example/1').location).to.equal('Forum Hall · https://y.example/1');
	});

	it('puts an event without a room at the conference, in [bot] language', () => {
		const roomless = session('N', hours(1), []);
		expect(eventSpecFor(roomless).location).to.equal('Conference');
		expect(eventSpecFor(roomless, 'https://y.example/1', textsFor('de', 'programme')).location).to.equal('Konferenz · https://y.example/1');
		expect(eventSpecFor(roomless, undefined, textsFor('ja', 'programme')).location).to.equal('カンファレンス会場');
	});
});
