import type { Clock } from './Clock';
import type { NotificationJobs } from './NotificationJobs';
import type { NotificationLedger } from './NotificationLedger';
import type { PlannedNotification } from './NotificationPlanner';
import { reconcileJobs } from './reconcile';

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
