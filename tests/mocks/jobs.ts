import type { NotificationJobs, PlannedJob } from '#lib/programme/NotificationJobs';
import type { ExistingJob } from '#lib/programme/reconcile';

/** Delayed jobs kept in a map, as BullMQ keeps them: an id already held is not added again. */
export class RecordingJobs implements NotificationJobs {
	public readonly jobs = new Map<string, { runAt: Date; delayMs: number }>();
	public async list(): Promise<ExistingJob[]> {
		return [...this.jobs].map(([id, job]) => ({ id, runAt: job.runAt }));
	}
	public async schedule(job: PlannedJob, delayMs: number, jobId = job.id): Promise<void> {
		if (!this.jobs.has(jobId)) this.jobs.set(jobId, { runAt: job.notifyAt, delayMs });
	}
	public async remove(id: string): Promise<void> {
		this.jobs.delete(id);
	}
}
