import type { ScheduledTaskHandler } from '@sapphire/plugin-scheduled-tasks';
import { z } from 'zod';
import type { Clock } from './Clock';
import type { NotificationLedger } from './NotificationLedger';
import type { PlannedNotification } from './NotificationPlanner';
import { reconcileJobs, type ExistingJob } from './reconcile';

export const NOTIFY_TASK = 'programmeNotify';

/** The delayed jobs that fire notifications; BullMQ in the bot, an in-memory fake in tests. */
export interface NotificationJobs {
	/** Jobs still waiting to run, with the (programme-clock) instant each was planned for. */
	list(): Promise<ExistingJob[]>;
	/** Adds a job (id `notification.id` unless `jobId` says otherwise) that runs after `delayMs` real milliseconds. */
	schedule(notification: PlannedNotification, delayMs: number, jobId?: string): Promise<void>;
	remove(id: string): Promise<void>;
}

export interface JobSyncSummary {
	created: number;
	moved: number;
	removed: number;
	/** Due notifications handed to the notify task at once (bot was down, Redis lost its jobs). */
	late: number;
}

/**
 * Brings the scheduled jobs in line with the plan. Due notifications that no job holds and the ledger has not
 * settled are queued to run now; the notify task then applies the late policy. A rehearsal leaves live jobs alone.
 */
export async function syncJobs(planned: readonly PlannedNotification[], jobs: NotificationJobs, ledger: NotificationLedger, clock: Clock): Promise<JobSyncSummary> {
	const now = clock.now();
	const existing = (await jobs.list()).filter((job) => ledger.mayRemoveJob(job.id));
	const result = reconcileJobs(planned, existing, now);
	for (const job of result.remove) await jobs.remove(job.id);
	for (const notification of result.move) {
		await jobs.remove(notification.id);
		await jobs.schedule(notification, clock.realDelayUntil(notification.notifyAt));
	}
	for (const notification of result.create) await jobs.schedule(notification, clock.realDelayUntil(notification.notifyAt));
	const late = result.missed.filter((notification) => (ledger.get(notification.id)?.status ?? 'claimed') === 'claimed');
	for (const notification of late) await jobs.schedule(notification, 0);
	return { created: result.create.length, moved: result.move.length, removed: result.remove.length, late: late.length };
}

/** What a notify job carries: the plan re-read at run time decides the rest. */
export interface NotifyPayload {
	id: string;
	/** Planned instant on the programme clock, so a rescheduled plan can tell whether the job moved. */
	notifyAt: string;
}

const payloadSchema = z.object({ id: z.string(), notifyAt: z.iso.datetime({ offset: true }) });
const WAITING_STATES = ['delayed', 'waiting', 'prioritized'] as const;

/** NotificationJobs on the scheduled-tasks plugin's BullMQ queue. Job id = notification id, so adds are idempotent. */
export class TaskQueueJobs implements NotificationJobs {
	public constructor(private readonly tasks: () => ScheduledTaskHandler) {}

	public async list(): Promise<ExistingJob[]> {
		const jobs = await this.tasks().list({ types: [...WAITING_STATES] });
		return jobs.flatMap((job) => {
			if (job.name !== NOTIFY_TASK || !job.id) return [];
			const payload = payloadSchema.safeParse(job.data);
			// A job from an older release without a planned time is treated as out of date, so it is replaced.
			return [{ id: job.id, runAt: payload.success ? new Date(payload.data.notifyAt) : new Date(0) }];
		});
	}

	public async schedule(notification: PlannedNotification, delayMs: number, jobId = notification.id): Promise<void> {
		const payload: NotifyPayload = { id: notification.id, notifyAt: notification.notifyAt.toISOString() };
		await this.tasks().create(
			{ name: NOTIFY_TASK, payload },
			{
				repeated: false,
				delay: Math.max(0, Math.round(delayMs)),
				// Finished jobs are dropped so the id can be reused; the ledger, not Redis, remembers what was posted.
				customJobOptions: { jobId, attempts: 3, backoff: { type: 'fixed', delay: 2000 }, removeOnComplete: true, removeOnFail: true }
			}
		);
	}

	public async remove(id: string): Promise<void> {
		// A job already running cannot be removed; it re-reads the plan and skips what is gone.
		await this.tasks()
			.delete(id)
			.catch(() => undefined);
	}
}

/** The events of an ioredis connection that matter here. */
export interface ConnectionEvents {
	on(event: 'close' | 'ready', listener: () => void): unknown;
	off(event: 'close' | 'ready', listener: () => void): unknown;
}

/**
 * Calls `handler` each time the connection is ready again after it was lost. A restarted Redis may have lost every
 * delayed job (and the repeated refresh), so the caller recreates them; the ledger keeps that from posting twice.
 * Returns a function that stops watching.
 */
export function onReconnect(connection: ConnectionEvents, handler: () => Promise<void>, onError: (error: unknown) => void): () => void {
	let lost = false;
	const closed = () => {
		lost = true;
	};
	const ready = () => {
		if (!lost) return;
		lost = false;
		handler().catch(onError);
	};
	connection.on('close', closed);
	connection.on('ready', ready);
	return () => {
		connection.off('close', closed);
		connection.off('ready', ready);
	};
}
