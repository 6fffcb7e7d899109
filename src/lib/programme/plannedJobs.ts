import type { Clock } from './Clock';
import type { NotificationJobs, PlannedJob } from './NotificationJobs';
import { reconcileJobs, type ExistingJob, type ReconcilableJob } from './reconcile';

export interface JobSyncSummary {
	created: number;
	moved: number;
	removed: number;
	/** Due jobs handed to their task at once (the bot was down, Redis lost its jobs, a late change). */
	late: number;
}

/**
 * Brings a task's delayed jobs (`existing`: only the ones this plan owns) in line with `planned`. A due job no job holds
 * runs now when `stillWanted` says something of it is still to do; the task's run re-reads the plan and the ledger.
 */
export async function applyJobPlan<T extends ReconcilableJob>(
	planned: readonly T[],
	existing: readonly ExistingJob[],
	jobs: NotificationJobs,
	clock: Clock,
	stillWanted: (job: T) => boolean
): Promise<JobSyncSummary> {
	const result = reconcileJobs(planned, existing, clock.now());
	for (const job of result.remove) await jobs.remove(job.id);
	for (const job of result.move) {
		await jobs.remove(job.id);
		await jobs.schedule(job, clock.realDelayUntil(job.notifyAt));
	}
	for (const job of result.create) await jobs.schedule(job, clock.realDelayUntil(job.notifyAt));
	const late = result.missed.filter(stillWanted);
	for (const job of late) await jobs.schedule(job, 0);
	return { created: result.create.length, moved: result.move.length, removed: result.remove.length, late: late.length };
}

/**
 * A job that fired before its time (delayed for another clock, or a rehearsal's speed changed) is queued again; the
 * running job still holds the id, so the new one gets its own and the next sync swaps it back. Null when it is due.
 */
export async function requeueIfEarly(job: PlannedJob, clock: Clock, jobs: NotificationJobs, slackMs = 0): Promise<number | null> {
	if (clock.now().getTime() >= job.notifyAt.getTime() - slackMs) return null;
	const retryInMs = clock.realDelayUntil(job.notifyAt);
	await jobs.schedule(job, retryInMs, `${job.id}_early${Date.now()}`);
	return retryInMs;
}
