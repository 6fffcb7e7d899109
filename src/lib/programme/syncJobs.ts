import type { Clock } from './Clock';
import type { NotificationJobs } from './NotificationJobs';
import type { NotificationLedger } from './NotificationLedger';
import type { PlannedNotification } from './NotificationPlanner';
import { applyJobPlan, type JobSyncSummary } from './plannedJobs';

export type { JobSyncSummary } from './plannedJobs';

/**
 * Brings the scheduled jobs in line with the plan. Due notifications that no job holds and the ledger has not
 * settled are queued to run now; the notify task then applies the late policy. A rehearsal leaves live jobs alone.
 */
export async function syncJobs(planned: readonly PlannedNotification[], jobs: NotificationJobs, ledger: NotificationLedger, clock: Clock): Promise<JobSyncSummary> {
	const existing = (await jobs.list()).filter((job) => ledger.mayRemoveJob(job.id));
	return applyJobPlan(planned, existing, jobs, clock, (notification) => (ledger.get(notification.id)?.status ?? 'claimed') === 'claimed');
}
