import type { ExistingJob } from './reconcile';

export const NOTIFY_TASK = 'programmeNotify' as const;

/** What a delayed job is planned from: a programme post, or a wave of agenda reminders. */
export interface PlannedJob {
	id: string;
	/** When it should run, on the programme clock. */
	notifyAt: Date;
}

/** The delayed jobs that fire notifications; BullMQ in the bot (TaskQueueJobs), an in-memory fake in tests. */
export interface NotificationJobs {
	/** Jobs still waiting to run, with the (programme-clock) instant each was planned for. */
	list(): Promise<ExistingJob[]>;
	/** Adds a job (id `notification.id` unless `jobId` says otherwise) that runs after `delayMs` real milliseconds. */
	schedule(notification: PlannedJob, delayMs: number, jobId?: string): Promise<void>;
	remove(id: string): Promise<void>;
}

/** What a notify job carries: the plan re-read at run time decides the rest. */
export interface NotifyPayload {
	id: string;
	/** Planned instant on the programme clock, so a rescheduled plan can tell whether the job moved. */
	notifyAt: string;
}
