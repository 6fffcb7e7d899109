import { expect } from 'chai';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import { NotificationPlanner, type PlannedNotification } from '#lib/programme/NotificationPlanner';
import { programmeTime } from '#lib/programme/rehearsal';
import { syncJobs } from '#lib/programme/syncJobs';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { KeyValueStore } from '#lib/store/KeyValueStore';
import { ManualClock } from '../../helpers/ManualClock';
import { RecordingJobs } from '../../mocks/jobs';

/**
 * NotificationJobs in memory, remembering each job's real delay, which is what syncJobs decides. The BullMQ adapter
 * itself is tested on a throwaway Redis (TaskQueueJobs.test.ts); its worker would run a due job here with no bot.
 */
const at = (iso: string) => new Date(iso);
const planned = (id: string, notifyAt: string, startsAt: string): PlannedNotification => ({
	id,
	kind: 'main',
	notifyAt: at(notifyAt),
	startsAt: at(startsAt),
	channelKey: 'programme.main_channel',
	sessionCodes: [id.toUpperCase()],
	rooms: ['Forum Hall'],
	leadMinutes: 5
});

describe('programme/syncJobs', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let ledger: NotificationLedger;
	let jobs: RecordingJobs;
	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(at('2026-07-15T07:00:00Z'));
		ledger = new NotificationLedger(db, () => clock.now());
		jobs = new RecordingJobs();
	});
	afterEach(() => db.close());

	it('creates a job per future notification with the real delay until it is due', async () => {
		const summary = await syncJobs([planned('a', '2026-07-15T07:10:00Z', '2026-07-15T07:15:00Z')], jobs, ledger, clock);
		expect(summary).to.deep.equal({ created: 1, moved: 0, removed: 0, late: 0 });
		expect(jobs.jobs.get('a')?.delayMs).to.equal(10 * 60_000);
	});

	it('moves a job whose time changed and removes one no longer planned', async () => {
		await syncJobs([planned('a', '2026-07-15T07:10:00Z', '2026-07-15T07:15:00Z'), planned('b', '2026-07-15T07:20:00Z', '2026-07-15T07:25:00Z')], jobs, ledger, clock);
		const summary = await syncJobs([planned('a', '2026-07-15T07:30:00Z', '2026-07-15T07:35:00Z')], jobs, ledger, clock);
		expect(summary).to.deep.equal({ created: 0, moved: 1, removed: 1, late: 0 });
		expect([...jobs.jobs.keys()]).to.deep.equal(['a']);
		expect(jobs.jobs.get('a')).to.deep.equal({ runAt: at('2026-07-15T07:30:00Z'), delayMs: 30 * 60_000 });
	});

	it('replaces every job of a rehearsal whose speed changed by jobs delayed for the new speed, and never touches live jobs', async () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = new KeyValueStore(db);
		const settings = { simulatedStart: '2026-07-15T08:50:00+02:00', store, now: () => real.now() };
		const sessions = [{ code: 'AAA', title: 'Talk', start: at('2026-07-15T07:30:00Z'), end: at('2026-07-15T08:00:00Z'), rooms: ['Forum Hall'], speakers: [], isBreak: false }];
		const planFor = (idPrefix: string, now: Date) => new NotificationPlanner().plan(sessions, { rooms: {}, idPrefix }, now).notifications;
		const live = planFor('', real.now())[0]!;
		await jobs.schedule(live, 3_600_000);
		const slow = programmeTime({ ...settings, speed: 60 });
		await syncJobs(planFor(slow.notificationPrefix, slow.clock.now()), jobs, new NotificationLedger(db, undefined, { idPrefix: slow.notificationPrefix }), slow.clock);
		const slowId = `${slow.notificationPrefix}n_main_${Math.floor(at('2026-07-15T07:30:00Z').getTime() / 60_000)}`;
		// 08:50 local is 06:50 UTC; the post is due at 07:25, 35 simulated minutes away: 35 s at 60×.
		expect(jobs.jobs.get(slowId)?.delayMs).to.equal(35_000);
		const fast = programmeTime({ ...settings, speed: 140 });
		const summary = await syncJobs(planFor(fast.notificationPrefix, fast.clock.now()), jobs, new NotificationLedger(db, undefined, { idPrefix: fast.notificationPrefix }), fast.clock);
		expect(summary).to.deep.include({ created: 1, removed: 1 });
		expect(jobs.jobs.has(slowId)).to.equal(false);
		expect([...jobs.jobs].map(([id, job]) => [id.startsWith(fast.notificationPrefix) ? 'fast' : id, job.delayMs])).to.deep.equal([
			[live.id, 3_600_000],
			['fast', 15_000]
		]);
	});

	it('queues a missed notification at once, unless the ledger already settled it', async () => {
		const missed = [planned('a', '2026-07-15T06:58:00Z', '2026-07-15T07:03:00Z'), planned('b', '2026-07-15T06:59:00Z', '2026-07-15T07:04:00Z')];
		ledger.claim('b', { kind: 'main', channelKey: 'programme.main_channel', sessionCodes: ['B'] });
		ledger.markPosted('b', { messageIds: ['1'] });
		const summary = await syncJobs(missed, jobs, ledger, clock);
		expect(summary.late).to.equal(1);
		expect(jobs.jobs.get('a')?.delayMs).to.equal(0);
		expect(jobs.jobs.has('b')).to.equal(false);
	});
});
