import { expect } from 'chai';
import { annotateEmbed, diffSchedules, formatScheduleChange } from '#lib/programme/diff';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import { latePolicy, reconcileJobs } from '#lib/programme/reconcile';
import type { Session } from '#lib/programme/Session';

const now = new Date('2026-07-15T06:00:00Z');
const hours = (h: number): Date => new Date(now.getTime() + h * 3_600_000);
const session = (code: string, start: Date, rooms = ['Forum Hall']): Session => ({
	code,
	title: `Talk ${code}`,
	start,
	end: new Date(start.getTime() + 1_800_000),
	rooms,
	speakers: [],
	isBreak: false
});

describe('programme/diff', () => {
	const before = [session('MOVE', hours(2)), session('ROOM', hours(3)), session('GONE', hours(4)), session('FAR', hours(48)), session('SAME', hours(1))];
	const after = [session('MOVE', hours(3.5)), session('ROOM', hours(3), ['South Hall 2A']), session('FAR', hours(50)), session('SAME', hours(1)), session('NEW', hours(5))];

	it('finds moved, re-roomed, cancelled and added sessions within the horizon', () => {
		const changes = diffSchedules(before, after, { now, horizonHours: 24 });
		expect(changes.map((change) => [change.code, change.kind])).to.deep.equal([
			['ROOM', 'reroomed'],
			['MOVE', 'moved'],
			['GONE', 'cancelled'],
			['NEW', 'added']
		]);
		expect(changes[1]!.before!.start).to.deep.equal(hours(2));
		expect(changes[1]!.after!.start).to.deep.equal(hours(3.5));
	});

	it('ignores sessions already started and breaks', () => {
		const started = [session('PAST', hours(-1))];
		expect(diffSchedules(started, [], { now })).to.deep.equal([]);
		expect(diffSchedules([{ ...session('BRK', hours(1)), isBreak: true }], [], { now })).to.deep.equal([]);
	});

	it('formats changes in the conference zone, escaped', () => {
		const [reroom, move, cancel, add] = diffSchedules(before, after, { now });
		// 08:00 UTC is 10:00 in Prague; the host zone plays no part.
		expect(formatScheduleChange(move!, 'Europe/Prague')).to.equal('🔁 Schedule change: “Talk MOVE” moved 10:00 → 11:30 (Forum Hall)');
		expect(formatScheduleChange(reroom!, 'Europe/Prague')).to.equal('🚪 Room change: “Talk ROOM” at 11:00 is now in South Hall 2A (was Forum Hall)');
		expect(formatScheduleChange(cancel!, 'Europe/Prague')).to.equal('❌ Cancelled: “Talk GONE” (12:00, Forum Hall)');
		expect(formatScheduleChange(add!, 'Europe/Prague')).to.equal('🆕 Added: “Talk NEW” at 13:00 (Forum Hall)');
		const sneaky = { ...cancel!, title: '@everyone **now**' };
		expect(formatScheduleChange(sneaky, 'Europe/Prague')).to.not.match(/@everyone|(?<!\\)\*\*/);
	});

	it('annotates a posted embed once, replacing an older note', () => {
		const [, move, cancel] = diffSchedules(before, after, { now });
		const embed = { title: 'Talk', fields: [{ name: 'Start', value: 'x' }] };
		const once = annotateEmbed(embed, move!, 'Europe/Prague');
		const twice = annotateEmbed(once, move!, 'Europe/Prague');
		expect(twice.fields!.map((field) => field.name)).to.deep.equal(['Schedule change', 'Start']);
		const cancelled = annotateEmbed(embed, cancel!, 'Europe/Prague');
		expect(cancelled.title).to.equal('~~Talk~~');
		expect(cancelled.fields![0]!.name).to.equal('Cancelled');
	});
});

describe('programme/reconcile', () => {
	const planned = (id: string, notifyAt: Date, codes = ['A']): PlannedNotification => ({
		id,
		kind: 'main',
		notifyAt,
		startsAt: new Date(notifyAt.getTime() + 300_000),
		channelKey: 'programme',
		sessionCodes: codes,
		rooms: ['Forum Hall'],
		leadMinutes: 5
	});

	it('creates new jobs, moves retimed ones, removes unplanned ones, never creates past ones', () => {
		const plan = [planned('keep', hours(1)), planned('moved', hours(2)), planned('other-sessions', hours(3), ['A', 'B']), planned('new', hours(4)), planned('past', hours(-1))];
		const existing = [
			{ id: 'keep', runAt: hours(1) },
			{ id: 'moved', runAt: hours(1.5) },
			// Same time, other sessions: the job re-reads the plan when it runs, so it stays.
			{ id: 'other-sessions', runAt: hours(3) },
			{ id: 'stale', runAt: hours(6) }
		];
		const result = reconcileJobs(plan, existing, now);
		expect(result.create.map((notification) => notification.id)).to.deep.equal(['new']);
		expect(result.move.map((notification) => notification.id)).to.deep.equal(['moved']);
		expect(result.remove.map((job) => job.id)).to.deep.equal(['stale']);
		expect(result.missed).to.deep.equal([]);
	});

	it('lists as missed a due notification whose sessions have not started', () => {
		const due = planned('due', new Date(now.getTime() - 60_000));
		expect(reconcileJobs([due], [], now).missed.map((notification) => notification.id)).to.deep.equal(['due']);
	});

	it('latePolicy: on time, late with a note before start, skipped after start or when cancelled', () => {
		const notification = planned('n', now);
		const talk = session('A', notification.startsAt);
		expect(latePolicy(notification, [talk], now)).to.deep.equal({ action: 'send', late: false });
		const late = latePolicy(notification, [talk], new Date(now.getTime() + 3 * 60_000));
		expect(late.action).to.equal('send');
		expect(late.action === 'send' && late.late && late.note).to.match(/late/);
		expect(latePolicy(notification, [talk], notification.startsAt)).to.deep.equal({ action: 'skip', reason: 'the session has already started' });
		expect(latePolicy(notification, [], now).action).to.equal('skip');
	});
});
