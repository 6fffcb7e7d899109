import type { Session } from '#lib/programme/Session';
import type { QaThread } from './QaStore';

const MINUTE = 60_000;
/** What every Q&A job's id starts with after its namespace prefix. */
export const QA_JOB_HEAD = 'qa_';
/** A close that could not run on time still runs this long after: a thread must never stay open for good. */
const CLOSE_DEADLINE_MS = 7 * 24 * 60 * MINUTE;

/** `open`: the thread and its intro; `close`: the summary, then the thread archived and locked. */
export type QaJobKind = 'open' | 'close';

export interface QaJob {
	id: string;
	kind: QaJobKind;
	sessionCode: string;
	notifyAt: Date;
	/** After this a missed job is not worth running (reconcileJobs' `startsAt`): a session's end for `open`. */
	startsAt: Date;
}

export interface QaPlanOptions {
	/** Only sessions with a room channel get a thread. */
	hasRoomChannel: (session: Session) => boolean;
	openMinutes: number;
	archiveMinutes: number;
	now: Date;
	idPrefix?: string;
}

/** The id of a session's Q&A job; BullMQ-safe (no `:`) and deterministic. */
export function qaJobId(idPrefix: string, sessionCode: string, kind: QaJobKind): string {
	return `${idPrefix}${QA_JOB_HEAD}${sessionCode.replace(/[^A-Za-z0-9-]/g, '-')}_${kind}`;
}

/**
 * The jobs the programme and the threads call for. An `open` for each session not ended that has a room channel and no
 * thread yet (a stale claim counts as none); a `close` for each open thread: at its session's end plus the grace, or at
 * once when the session left the programme. Pure.
 */
export function planQaJobs(sessions: readonly Session[], threads: readonly QaThread[], options: QaPlanOptions): QaJob[] {
	const { now, openMinutes, archiveMinutes, idPrefix = '' } = options;
	const byCode = new Map(threads.map((thread) => [thread.sessionCode, thread]));
	const jobs: QaJob[] = [];
	const bySession = new Map(sessions.map((session) => [session.code, session]));
	for (const session of sessions) {
		if (session.isBreak || session.end.getTime() <= now.getTime() || !options.hasRoomChannel(session)) continue;
		const thread = byCode.get(session.code);
		if (thread && thread.status !== 'claimed') continue;
		jobs.push({ id: qaJobId(idPrefix, session.code, 'open'), kind: 'open', sessionCode: session.code, notifyAt: new Date(session.start.getTime() - openMinutes * MINUTE), startsAt: session.end });
	}
	for (const thread of threads) {
		if (thread.status !== 'open') continue;
		const session = bySession.get(thread.sessionCode);
		const notifyAt = session ? new Date(session.end.getTime() + archiveMinutes * MINUTE) : thread.updatedAt;
		jobs.push({ id: qaJobId(idPrefix, thread.sessionCode, 'close'), kind: 'close', sessionCode: thread.sessionCode, notifyAt, startsAt: new Date(notifyAt.getTime() + CLOSE_DEADLINE_MS) });
	}
	return jobs.sort((a, b) => a.notifyAt.getTime() - b.notifyAt.getTime() || a.id.localeCompare(b.id));
}
