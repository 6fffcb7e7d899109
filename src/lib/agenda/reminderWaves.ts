import { startMinute } from '#lib/programme/NotificationPlanner';
import type { Session } from '#lib/programme/Session';

/** DMs per second the reminders may use: half of Discord's global 50/s, so posts, grants and replies keep the rest. */
export const REMINDER_SENDS_PER_SECOND = 25;
/** What `/agenda reminders` offers, in minutes before a session; 0 turns DMs off. */
export const REMINDER_LEAD_CHOICES = [0, 5, 10, 15, 30, 60] as const;
/** Head start for picking up the job and the first requests. */
const WAVE_MARGIN_MS = 5_000;
/** Spreads are rounded up to this step, so a few more bookmarks do not move the job each time. */
const SPREAD_STEP_MS = 10_000;
const MINUTE = 60_000;
/** What every wave id starts with after its namespace prefix. */
export const REMINDER_WAVE_HEAD = 'r_';

/** How many members bookmarked a session with one reminder lead. */
export interface BookmarkGroup {
	sessionCode: string;
	leadMinutes: number;
	members: number;
}

/**
 * The reminders of one session for every member with one lead: one delayed job. It starts early enough that the last
 * DM, sent at the reminders' pace, still goes out `leadMinutes` before the session: spread by count, not by luck.
 */
export interface ReminderWave {
	id: string;
	sessionCode: string;
	leadMinutes: number;
	startsAt: Date;
	/** When the job runs (the first DM goes out). */
	notifyAt: Date;
	/** When the last DM should have gone out: `leadMinutes` before the start. */
	lastBy: Date;
	members: number;
}

/** How long sending `members` DMs takes at the reminders' pace, with a margin, in whole steps. */
export function waveSpreadMs(members: number, sendsPerSecond = REMINDER_SENDS_PER_SECOND): number {
	const sending = (members / sendsPerSecond) * 1000 + WAVE_MARGIN_MS;
	return Math.ceil(sending / SPREAD_STEP_MS) * SPREAD_STEP_MS;
}

/** The id of a session's wave for one lead; BullMQ-safe (no `:`), deterministic, and it names the start it was planned for. */
export function waveId(idPrefix: string, session: Pick<Session, 'code' | 'start'>, leadMinutes: number): string {
	return `${idPrefix}${REMINDER_WAVE_HEAD}${session.code.replace(/[^A-Za-z0-9-]/g, '-')}_${leadMinutes}_${startMinute(session)}`;
}

/**
 * The waves to schedule for sessions still to come. Pure: the same input gives the same plan. `speed` is a rehearsal's:
 * sending takes real seconds, which its clock shows as more.
 */
export function planReminderWaves(sessions: readonly Session[], groups: readonly BookmarkGroup[], now: Date, idPrefix = '', speed = 1): ReminderWave[] {
	const byCode = new Map(sessions.map((session) => [session.code, session]));
	const waves: ReminderWave[] = [];
	for (const group of groups) {
		const session = byCode.get(group.sessionCode);
		if (!session || session.isBreak || group.leadMinutes <= 0 || group.members <= 0) continue;
		if (session.start.getTime() <= now.getTime()) continue;
		const lastBy = new Date(session.start.getTime() - group.leadMinutes * MINUTE);
		waves.push({
			id: waveId(idPrefix, session, group.leadMinutes),
			sessionCode: session.code,
			leadMinutes: group.leadMinutes,
			startsAt: session.start,
			notifyAt: new Date(lastBy.getTime() - waveSpreadMs(group.members) * speed),
			lastBy,
			members: group.members
		});
	}
	return waves.sort((a, b) => a.notifyAt.getTime() - b.notifyAt.getTime() || a.id.localeCompare(b.id));
}
