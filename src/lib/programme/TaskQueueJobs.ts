import type { ScheduledTaskHandler, ScheduledTasks } from '@sapphire/plugin-scheduled-tasks';
import { z } from 'zod';
import { NOTIFY_TASK, type NotificationJobs, type NotifyPayload, type PlannedJob } from './NotificationJobs';
import type { ExistingJob } from './reconcile';

const payloadSchema = z.object({ id: z.string(), notifyAt: z.iso.datetime({ offset: true }) });
/** The scheduled tasks whose jobs carry a NotifyPayload: the programme's posts and the agenda's reminder waves. */
type DelayedTaskName = { [K in keyof ScheduledTasks]: ScheduledTasks[K] extends NotifyPayload ? K : never }[keyof ScheduledTasks];
const WAITING_STATES = ['delayed', 'waiting', 'prioritized'] as const;

/** NotificationJobs on the scheduled-tasks plugin's BullMQ queue, for one task. Job id = plan id, so adds are idempotent. */
export class TaskQueueJobs implements NotificationJobs {
	public constructor(
		private readonly tasks: () => ScheduledTaskHandler,
		private readonly taskName: DelayedTaskName = NOTIFY_TASK
	) {}

	public async list(): Promise<ExistingJob[]> {
		const jobs = await this.tasks().list({ types: [...WAITING_STATES] });
		return jobs.flatMap((job) => {
			if (job.name !== this.taskName || !job.id) return [];
			const payload = payloadSchema.safeParse(job.data);
			// A job from an older release without a planned time is treated as out of date, so it is replaced.
			return [{ id: job.id, runAt: payload.success ? new Date(payload.data.notifyAt) : new Date(0) }];
		});
	}

	public async schedule(notification: PlannedJob, delayMs: number, jobId = notification.id): Promise<void> {
		const payload: NotifyPayload = { id: notification.id, notifyAt: notification.notifyAt.toISOString() };
		await this.tasks().create(
			{ name: this.taskName, payload },
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
