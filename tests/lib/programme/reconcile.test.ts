import { expect } from 'chai';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import { textsFor } from '#lib/i18n/texts';
import { latePolicy, reconcileJobs } from '#lib/programme/reconcile';
import { hours, now, session } from './fixtures';

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

	it("latePolicy for a morning post: sent late while the day's last session is to come, then skipped", () => {
		const first = session('A', hours(2));
		const last = session('B', hours(8));
		const notification: PlannedNotification = { ...planned('m', now, ['A', 'B']), kind: 'morning', startsAt: last.start, leadMinutes: 0 };
		expect(latePolicy(notification, [first, last], now)).to.deep.equal({ action: 'send', late: false });
		const late = latePolicy(notification, [first, last], hours(3));
		expect(late.action === 'send' && late.late && late.note).to.equal('Posted later than planned, so it lists only the sessions still to come.');
		expect(latePolicy(notification, [first, last], last.start)).to.deep.equal({ action: 'skip', reason: "the day's last session has started" });
	});

	it('latePolicy writes its note in the language of the texts it is given; the skip reasons stay for the log', () => {
		const notification = planned('n', now);
		const talk = session('A', notification.startsAt);
		const late = latePolicy(notification, [talk], new Date(now.getTime() + 3 * 60_000), textsFor('de', 'programme'));
		expect(late).to.deep.equal({ action: 'send', late: true, note: 'Diese Erinnerung kommt etwas spät – entschuldigt bitte.' });
		const morning: PlannedNotification = { ...planned('m', now, ['A']), kind: 'morning', leadMinutes: 0 };
		const lateMorning = latePolicy(morning, [talk], new Date(now.getTime() + 3 * 60_000), textsFor('ja', 'programme'));
		expect(lateMorning).to.deep.equal({ action: 'send', late: true, note: '予定より遅れて投稿したため、これから始まるセッションだけを載せています。' });
		expect(latePolicy(notification, [talk], notification.startsAt, textsFor('de', 'programme'))).to.deep.equal({ action: 'skip', reason: 'the session has already started' });
	});
});
