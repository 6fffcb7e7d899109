import type { Texts } from '#lib/i18n/texts';
import type { PlannedNotification } from './NotificationPlanner';
import { englishProgrammeTexts } from './programmeTexts';
import type { Session } from './Session';

/** A delayed job the scheduler already holds (BullMQ job id = notification id). */
export interface ExistingJob {
	id: string;
	runAt: Date;
}

/** What a job is reconciled by: its id, when it runs, and when what it announces starts. */
export type ReconcilableJob = Pick<PlannedNotification, 'id' | 'notifyAt' | 'startsAt'>;

export interface JobReconciliation<T extends ReconcilableJob = PlannedNotification> {
	/** Not scheduled yet. */
	create: T[];
	/** Scheduled, but at another time: reschedule. Other sessions at the same time need nothing: the job re-reads the plan. */
	move: T[];
	/** Scheduled but no longer planned: delete. */
	remove: ExistingJob[];
	/** Due already but their sessions have not started and no job holds them: hand them to `latePolicy`. */
	missed: T[];
}

/** Brings the scheduler's jobs in line with a new plan. Pure; the caller applies the result. */
export function reconcileJobs<T extends ReconcilableJob>(planned: readonly T[], existingJobs: readonly ExistingJob[], now: Date): JobReconciliation<T> {
	const existing = new Map(existingJobs.map((job) => [job.id, job]));
	const plannedIds = new Set(planned.map((notification) => notification.id));
	const result: JobReconciliation<T> = { create: [], move: [], remove: [], missed: [] };
	for (const notification of planned) {
		const job = existing.get(notification.id);
		const due = notification.notifyAt.getTime() <= now.getTime();
		if (!job) {
			if (!due) result.create.push(notification);
			else if (notification.startsAt.getTime() > now.getTime()) result.missed.push(notification);
			continue;
		}
		// A job already due is running or about to: leave it; it re-reads the programme when it runs.
		if (due) continue;
		if (job.runAt.getTime() !== notification.notifyAt.getTime()) result.move.push(notification);
	}
	for (const job of existingJobs) if (!plannedIds.has(job.id)) result.remove.push(job);
	return result;
}

export type LateDecision = { action: 'send'; late: false } | { action: 'send'; late: true; note: string } | { action: 'skip'; reason: string };

/** A post counts as on time within this much of its planned instant (job pickup, rate limits). */
const ON_TIME_GRACE_MS = 60_000;

/**
 * Whether to post a notification now. Posted late (with a note) while its sessions have not started;
 * skipped once they have, or when every session in it was cancelled meanwhile. `t`: the `programme` texts the post's note is in.
 */
export function latePolicy(notification: PlannedNotification, sessions: readonly Session[], now: Date, t: Texts = englishProgrammeTexts()): LateDecision {
	const current = sessions.filter((session) => notification.sessionCodes.includes(session.code));
	if (current.length === 0) return { action: 'skip', reason: 'every session in it was cancelled or moved' };
	const starts = current.map((session) => session.start.getTime());
	// A morning post is worth making until the day's last session starts; it then lists only what is still to come.
	const morning = notification.kind === 'morning';
	if (now.getTime() >= (morning ? Math.max(...starts) : Math.min(...starts))) return { action: 'skip', reason: morning ? "the day's last session has started" : 'the session has already started' };
	if (now.getTime() <= notification.notifyAt.getTime() + ON_TIME_GRACE_MS) return { action: 'send', late: false };
	if (morning) return { action: 'send', late: true, note: t('lateMorning') };
	return { action: 'send', late: true, note: t('lateReminder') };
}
