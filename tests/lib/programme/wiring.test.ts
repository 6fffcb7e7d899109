import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { SimulatedClock, SystemClock } from '#lib/programme/Clock';
import { ManualClock } from '../../helpers/ManualClock';
import type { ScheduleChange } from '#lib/programme/diff';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import { onRedisReconnect } from '#lib/lifecycle/onRedisReconnect';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import { syncJobs } from '#lib/programme/syncJobs';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import type { ExistingJob } from '#lib/programme/reconcile';
import { NotificationPlanner } from '#lib/programme/NotificationPlanner';
import { programmeTime, REHEARSAL_KEY } from '#lib/programme/rehearsal';
import { nextReply, noProgrammeReply, refreshReply, statusReply, type RefreshSummary } from '#lib/programme/replies';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

class MemoryStore {
	public readonly values = new Map<string, unknown>();
	public get<T>(key: string): T | undefined {
		return this.values.get(key) as T | undefined;
	}
	public set(key: string, value: unknown): void {
		this.values.set(key, structuredClone(value));
	}
}

/** NotificationJobs in memory, remembering each job's real delay. */
class FakeJobs implements NotificationJobs {
	public readonly jobs = new Map<string, { runAt: Date; delayMs: number }>();
	public async list(): Promise<ExistingJob[]> {
		return [...this.jobs].map(([id, job]) => ({ id, runAt: job.runAt }));
	}
	public async schedule(notification: PlannedNotification, delayMs: number): Promise<void> {
		if (!this.jobs.has(notification.id)) this.jobs.set(notification.id, { runAt: notification.notifyAt, delayMs });
	}
	public async remove(id: string): Promise<void> {
		this.jobs.delete(id);
	}
}

const TZ = 'Europe/Prague';
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

describe('programme wiring: rehearsal clock', () => {
	it('is the system clock outside a rehearsal', () => {
		expect(programmeTime({ speed: 1, store: new MemoryStore() })).to.deep.include({ notificationPrefix: '' });
		expect(programmeTime({ speed: 1, store: new MemoryStore() }).clock).to.be.instanceOf(SystemClock);
	});

	it('starts a rehearsal at simulated_start and runs speed× faster', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const { clock } = programmeTime({ simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store: new MemoryStore(), now: () => real.now() });
		expect(clock).to.be.instanceOf(SimulatedClock);
		real.advance(10_000);
		expect(clock.now().toISOString()).to.equal('2026-07-15T07:00:00.000Z');
		expect(clock.realDelayUntil(at('2026-07-15T07:05:00Z'))).to.equal(5_000);
	});

	it('carries on where it was after a restart, and starts over when the rehearsal settings change', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = new MemoryStore();
		const options = { simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store, now: () => real.now() };
		programmeTime(options);
		real.advance(30_000);
		expect(programmeTime(options).clock.now().toISOString()).to.equal('2026-07-15T07:20:00.000Z');
		expect(programmeTime({ ...options, speed: 30 }).clock.now().toISOString()).to.equal('2026-07-15T06:50:00.000Z');
		expect(store.get<{ speed: number }>(REHEARSAL_KEY)?.speed).to.equal(30);
	});

	it('gives a rehearsal its own notification ids, kept across a restart and new when the start or speed changes', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = new MemoryStore();
		const options = { simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store, now: () => real.now() };
		const first = programmeTime(options).notificationPrefix;
		expect(first).to.match(/^r[0-9a-f]{10}_$/);
		real.advance(30_000);
		expect(programmeTime(options).notificationPrefix, 'same rehearsal after a restart').to.equal(first);
		const faster = programmeTime({ ...options, speed: 120 }).notificationPrefix;
		expect(faster).to.not.equal(first);
		expect(programmeTime({ ...options, speed: 120, simulatedStart: '2026-07-15T09:00:00+02:00' }).notificationPrefix).to.not.be.oneOf([first, faster]);
	});
});

describe('programme wiring: syncJobs', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let ledger: NotificationLedger;
	let jobs: FakeJobs;
	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(at('2026-07-15T07:00:00Z'));
		ledger = new NotificationLedger(db, () => clock.now());
		jobs = new FakeJobs();
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
		const store = new MemoryStore();
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

describe('programme wiring: onRedisReconnect', () => {
	it('runs the handler only when the connection is ready again after it was lost', async () => {
		const connection = new EventEmitter();
		let runs = 0;
		const stop = onRedisReconnect(connection, async () => void runs++, () => undefined);
		connection.emit('ready');
		expect(runs).to.equal(0);
		connection.emit('close');
		connection.emit('close');
		connection.emit('ready');
		connection.emit('ready');
		expect(runs).to.equal(1);
		stop();
		connection.emit('close');
		connection.emit('ready');
		expect(runs).to.equal(1);
	});

	it('reports a failing handler instead of throwing', async () => {
		const connection = new EventEmitter();
		const errors: unknown[] = [];
		onRedisReconnect(connection, () => Promise.reject(new Error('redis busy')), (error) => errors.push(error));
		connection.emit('close');
		connection.emit('ready');
		await new Promise((resolve) => setImmediate(resolve));
		expect(errors.map((error) => (error as Error).message)).to.deep.equal(['redis busy']);
	});
});

describe('programme wiring: organizer replies', () => {
	const summary: RefreshSummary = {
		version: '1.3',
		sessionCount: 42,
		changed: true,
		changes: [],
		fromCache: false,
		skippedSlots: 0,
		jobs: { created: 2, moved: 1, removed: 0, late: 0 }
	};
	const moved: ScheduleChange = {
		code: 'S5',
		title: 'Scaling Django',
		kind: 'moved',
		before: { start: at('2026-07-15T07:55:00Z'), end: at('2026-07-15T08:25:00Z'), rooms: ['South Hall 2B'] },
		after: { start: at('2026-07-15T08:05:00Z'), end: at('2026-07-15T08:35:00Z'), rooms: ['South Hall 2B'] }
	};

	it('reports a fetch with its changes in conference time', () => {
		expect(refreshReply({ ...summary, changes: [moved] }, TZ).split('\n')).to.deep.equal([
			'Fetched schedule version 1.3: 42 sessions.',
			'Changes in the next hours:',
			'🔁 Schedule change: “Scaling Django” moved 09:55 → 10:05 (South Hall 2B)',
			'Scheduled posts: 2 new, 1 moved, 0 removed.'
		]);
	});

	it('says plainly when pretalx is down and the saved schedule is in use', () => {
		const text = refreshReply({ ...summary, fromCache: true, error: 'pretalx answered HTTP 503', changed: false }, TZ);
		expect(text.split('\n')[0]).to.equal('⚠️ The schedule source did not answer (pretalx answered HTTP 503). I keep using the saved schedule, version 1.3.');
	});

	it('says what to check when there is no programme at all', () => {
		expect(noProgrammeReply('No programme yet: pretalx answered HTTP 404, and there is no saved copy.', 5)).to.equal(
			'I could not load the programme: No programme yet: pretalx answered HTTP 404, and there is no saved copy. Check `programme.url` in the config; I will try again within 5 minutes.'
		);
	});

	it('summarises status with counts and the rehearsal clock in local time', () => {
		const text = statusReply(
			{ source: 'frab', version: '1.3', sessionCount: 42, fetchedAt: at('2026-07-15T06:50:00Z'), fromCache: false, skippedSlots: 1 },
			{ sent: 12, late: 1, pending: 0, skipped: 2 },
			30,
			{ timezone: TZ, now: at('2026-07-15T07:12:00Z'), rehearsal: true }
		);
		expect(text.split('\n')).to.deep.equal([
			'**Programme status**',
			'Source: frab, version 1.3 (42 sessions).',
			'Last good fetch: Wed 15 Jul 08:50.',
			'1 unreadable slot skipped.',
			'Posts: 12 sent (1 late), 30 scheduled, 2 skipped.',
			'Clock: rehearsal, showing Wed 15 Jul 09:12 (Europe/Prague).'
		]);
	});

	it('tells organizers when nothing is left to announce', () => {
		expect(nextReply([], { timezone: TZ, channelMention: () => '#x' })).to.match(/^Nothing left to announce/);
	});
});
