import type { SqliteDatabase } from '#lib/store/Database';
import { NOTIFICATION_ID_HEAD, type NotificationKind } from './NotificationPlanner';

export type LedgerStatus = 'claimed' | 'posted' | 'skipped';

export interface LedgerEntry {
	id: string;
	kind: NotificationKind;
	channelKey: string;
	channelId?: string;
	messageIds: string[];
	sessionCodes: string[];
	status: LedgerStatus;
	late: boolean;
	note?: string;
	claimedAt: Date;
	postedAt?: Date;
}

export interface LedgerCounts {
	sent: number;
	late: number;
	pending: number;
	skipped: number;
}

export interface ClaimDetails {
	kind: NotificationKind;
	channelKey: string;
	sessionCodes: readonly string[];
}

interface Row {
	id: string;
	kind: NotificationKind;
	channel_key: string;
	channel_id: string | null;
	message_ids: string;
	status: LedgerStatus;
	late: number;
	note: string | null;
	claimed_at: string;
	posted_at: string | null;
	session_codes: string | null;
}

/**
 * Every programme post, so a duplicate job, a restart or a lost Redis never posts twice.
 *
 * Protocol: `claim(id)` right before posting (atomic; only one caller wins), then `markPosted` with the message ids.
 * A claim whose holder crashed before `markPosted` stays 'claimed'; after `staleClaimMinutes` (default 2, so a retry
 * still lands before a 5-minute-lead session starts) another claim may take it over. The price is a possible
 * duplicate if the crash fell between Discord accepting the post and `markPosted`: a window of milliseconds,
 * judged better than a missed announcement.
 *
 * Times are real, also in a rehearsal: the stale window is about a crashed process, which real time measures.
 * A ledger reads only its namespace (`idPrefix`, see `programmeTime`), so a rehearsal never counts or edits live posts.
 */
export class NotificationLedger {
	private readonly staleClaimMs: number;
	private readonly idHead: string;
	private readonly namespace: string;
	private readonly claimStatement;
	private readonly linkSession;
	private readonly postStatement;
	private readonly skipStatement;
	private readonly releaseStatement;
	private readonly getStatement;
	private readonly byCodeStatement;
	private readonly countsStatement;

	public constructor(
		private readonly db: SqliteDatabase,
		private readonly now: () => Date = () => new Date(),
		options: { staleClaimMinutes?: number; idPrefix?: string } = {}
	) {
		this.staleClaimMs = (options.staleClaimMinutes ?? 2) * 60_000;
		this.idHead = `${options.idPrefix ?? ''}${NOTIFICATION_ID_HEAD}`;
		// GLOB, not LIKE: `_` is literal in it; planner ids and prefixes hold no GLOB wildcards.
		this.namespace = `${this.idHead}*`;
		const inNamespace = 'n.id GLOB @namespace';
		// One statement: insert a fresh claim, or take over only a stale 'claimed' row; posted/skipped rows never change.
		this.claimStatement = db.prepare<[string, string, string, string, string]>(
			`INSERT INTO programme_notifications (id, kind, channel_key, status, claimed_at) VALUES (?, ?, ?, 'claimed', ?)
			 ON CONFLICT (id) DO UPDATE SET claimed_at = excluded.claimed_at
			 WHERE programme_notifications.status = 'claimed' AND programme_notifications.claimed_at < ?`
		);
		this.linkSession = db.prepare<[string, string]>('INSERT OR IGNORE INTO programme_notification_sessions (notification_id, session_code) VALUES (?, ?)');
		this.postStatement = db.prepare<[string | null, string, number, string | null, string, string]>(
			`UPDATE programme_notifications SET status = 'posted', channel_id = ?, message_ids = ?, late = ?, note = ?, posted_at = ? WHERE id = ?`
		);
		this.skipStatement = db.prepare<[string, string, string]>(`UPDATE programme_notifications SET status = 'skipped', note = ?, posted_at = ? WHERE id = ?`);
		this.releaseStatement = db.prepare<[string]>(`DELETE FROM programme_notifications WHERE id = ? AND status = 'claimed'`);
		const select = `SELECT n.*, (SELECT json_group_array(session_code) FROM programme_notification_sessions s WHERE s.notification_id = n.id) AS session_codes
			FROM programme_notifications n`;
		this.getStatement = db.prepare<[string], Row>(`${select} WHERE n.id = ?`);
		this.byCodeStatement = db.prepare<[{ namespace: string; code: string }], Row>(
			`${select} WHERE ${inNamespace} AND n.status = 'posted' AND n.id IN (SELECT notification_id FROM programme_notification_sessions WHERE session_code = @code) ORDER BY n.posted_at`
		);
		this.countsStatement = db.prepare<[{ namespace: string }], { sent: number; late: number; pending: number; skipped: number }>(
			`SELECT COALESCE(SUM(status = 'posted'), 0) AS sent, COALESCE(SUM(status = 'posted' AND late = 1), 0) AS late,
			        COALESCE(SUM(status = 'claimed'), 0) AS pending, COALESCE(SUM(status = 'skipped'), 0) AS skipped
			 FROM programme_notifications n WHERE ${inNamespace}`
		);
	}

	/** Whether an unplanned job may be removed: live tidies up anything (rehearsal leftovers too); a rehearsal never touches a live job. */
	public mayRemoveJob(jobId: string): boolean {
		return this.idHead === NOTIFICATION_ID_HEAD || !jobId.startsWith(NOTIFICATION_ID_HEAD);
	}

	/** True if this caller may post `id` now; false if it was posted, skipped, or is being posted by someone else. */
	public claim(id: string, details: ClaimDetails): boolean {
		const now = this.now();
		return this.db.transaction(() => {
			const result = this.claimStatement.run(id, details.kind, details.channelKey, now.toISOString(), new Date(now.getTime() - this.staleClaimMs).toISOString());
			if (result.changes === 0) return false;
			for (const code of details.sessionCodes) this.linkSession.run(id, code);
			return true;
		})();
	}

	public markPosted(id: string, post: { channelId?: string; messageIds: readonly string[]; late?: boolean; note?: string }): void {
		this.postStatement.run(post.channelId ?? null, JSON.stringify(post.messageIds), post.late ? 1 : 0, post.note ?? null, this.now().toISOString(), id);
	}

	/** Records a deliberate non-post (session started while the bot was down, all sessions cancelled). */
	public markSkipped(id: string, reason: string): void {
		this.skipStatement.run(reason, this.now().toISOString(), id);
	}

	/** Gives up a claim after a failed post, so the job's retry can claim again at once. */
	public release(id: string): void {
		this.releaseStatement.run(id);
	}

	public get(id: string): LedgerEntry | undefined {
		const row = this.getStatement.get(id);
		return row ? toEntry(row) : undefined;
	}

	/** Posts that announced a session, oldest first: the ones to edit when it moves or is cancelled. */
	public postedFor(sessionCode: string): LedgerEntry[] {
		return this.byCodeStatement.all({ namespace: this.namespace, code: sessionCode }).map(toEntry);
	}

	public counts(): LedgerCounts {
		return { ...this.countsStatement.get({ namespace: this.namespace })! };
	}
}

function toEntry(row: Row): LedgerEntry {
	return {
		id: row.id,
		kind: row.kind,
		channelKey: row.channel_key,
		...(row.channel_id ? { channelId: row.channel_id } : {}),
		messageIds: JSON.parse(row.message_ids) as string[],
		sessionCodes: (JSON.parse(row.session_codes ?? '[]') as string[]).sort(),
		status: row.status,
		late: row.late === 1,
		...(row.note ? { note: row.note } : {}),
		claimedAt: new Date(row.claimed_at),
		...(row.posted_at ? { postedAt: new Date(row.posted_at) } : {})
	};
}
