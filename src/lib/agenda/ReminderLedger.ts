import type { SqliteDatabase } from '#lib/store/Database';

export type AgendaDmKind = 'reminder' | 'change';

/** One agenda DM: a member, a session, and the occasion (a reminder's session start, or what a change notice says). */
export interface AgendaDmKey {
	userId: string;
	sessionCode: string;
	kind: AgendaDmKind;
	occasion: string;
}

export interface PendingNotice extends AgendaDmKey {
	body: string;
}

/**
 * Every agenda DM, so duplicates, retries and restarts never send one twice: `claim` right before sending (atomic, one
 * winner), then `markSent` or `markRefused`. A claim whose holder crashed is taken over after `staleClaimMinutes`, at the
 * price of a possible duplicate if the crash fell between Discord accepting the DM and `markSent`.
 * A rehearsal keeps its own namespace, so its DMs never stand in for the live conference's.
 */
export class ReminderLedger {
	private readonly statements;
	private readonly staleClaimMs: number;

	public constructor(
		private readonly db: SqliteDatabase,
		private readonly now: () => Date = () => new Date(),
		options: { namespace?: string; staleClaimMinutes?: number } = {}
	) {
		const namespace = options.namespace ?? '';
		this.staleClaimMs = (options.staleClaimMinutes ?? 2) * 60_000;
		const key = 'namespace = @namespace AND user_id = @userId AND session_code = @sessionCode AND kind = @kind AND occasion = @occasion';
		this.statements = {
			namespace,
			// A fresh claim, a pending notice's claim, or a stale claim's takeover; sent and refused rows never change.
			claim: db.prepare(
				`INSERT INTO agenda_dms (namespace, user_id, session_code, kind, occasion, status, updated_at)
				 VALUES (@namespace, @userId, @sessionCode, @kind, @occasion, 'claimed', @now)
				 ON CONFLICT DO UPDATE SET status = 'claimed', updated_at = excluded.updated_at
				 WHERE agenda_dms.status = 'pending' OR (agenda_dms.status = 'claimed' AND agenda_dms.updated_at < @stale)`
			),
			settle: db.prepare(`UPDATE agenda_dms SET status = @status, body = NULL, updated_at = @now WHERE ${key}`),
			release: db.prepare(`UPDATE agenda_dms SET status = CASE WHEN body IS NULL THEN status ELSE 'pending' END, updated_at = @now WHERE ${key} AND status = 'claimed'`),
			dropClaim: db.prepare(`DELETE FROM agenda_dms WHERE ${key} AND status = 'claimed' AND body IS NULL`),
			queue: db.prepare(
				`INSERT INTO agenda_dms (namespace, user_id, session_code, kind, occasion, status, body, updated_at)
				 VALUES (@namespace, @userId, @sessionCode, @kind, @occasion, 'pending', @body, @now) ON CONFLICT DO NOTHING`
			),
			pending: db.prepare<{ namespace: string; stale: string }, { user_id: string; session_code: string; kind: AgendaDmKind; occasion: string; body: string }>(
				`SELECT user_id, session_code, kind, occasion, body FROM agenda_dms
				 WHERE namespace = @namespace AND body IS NOT NULL AND (status = 'pending' OR (status = 'claimed' AND updated_at < @stale)) ORDER BY updated_at`
			),
			done: db.prepare<{ namespace: string; userId: string; sessionCode: string; kind: AgendaDmKind; occasion: string }, { status: string }>(
				`SELECT status FROM agenda_dms WHERE ${key} AND status IN ('sent', 'refused')`
			),
			// Every namespace: a member's personal data is theirs whichever timeline wrote it.
			forget: db.prepare<[string]>('DELETE FROM agenda_dms WHERE user_id = ?'),
			counts: db.prepare<{ namespace: string; kind: AgendaDmKind }, { sent: number; refused: number }>(
				`SELECT COALESCE(SUM(status = 'sent'), 0) AS sent, COALESCE(SUM(status = 'refused'), 0) AS refused FROM agenda_dms WHERE namespace = @namespace AND kind = @kind`
			)
		};
	}

	/** True if this caller may send the DM now. */
	public claim(key: AgendaDmKey): boolean {
		const now = this.now();
		return this.statements.claim.run({ ...this.bind(key), now: now.toISOString(), stale: new Date(now.getTime() - this.staleClaimMs).toISOString() }).changes > 0;
	}

	/** Already sent or refused: nothing more to do for it. */
	public settled(key: AgendaDmKey): boolean {
		return !!this.statements.done.get(this.bind(key));
	}

	public markSent(key: AgendaDmKey): void {
		this.statements.settle.run({ ...this.bind(key), status: 'sent', now: this.now().toISOString() });
	}

	/** Discord refused it (DMs closed): counted for organizers, never retried. */
	public markRefused(key: AgendaDmKey): void {
		this.statements.settle.run({ ...this.bind(key), status: 'refused', now: this.now().toISOString() });
	}

	/** The send failed for a reason worth a retry: a reminder's claim is dropped, a notice goes back to pending. */
	public release(key: AgendaDmKey): void {
		const bound = { ...this.bind(key), now: this.now().toISOString() };
		this.db.transaction(() => {
			this.statements.dropClaim.run(this.bind(key));
			this.statements.release.run(bound);
		})();
	}

	/** Writes change notices to send; one per member and occasion however often the same change is seen. Returns how many are new. */
	public queue(notices: readonly PendingNotice[]): number {
		const now = this.now().toISOString();
		return this.db.transaction(() => notices.reduce((added, notice) => added + this.statements.queue.run({ ...this.bind(notice), body: notice.body, now }).changes, 0))();
	}

	/** Change notices not sent yet (or whose sender crashed), oldest first. */
	public pendingNotices(): PendingNotice[] {
		const stale = new Date(this.now().getTime() - this.staleClaimMs).toISOString();
		return this.statements.pending
			.all({ namespace: this.statements.namespace, stale })
			.map((row) => ({ userId: row.user_id, sessionCode: row.session_code, kind: row.kind, occasion: row.occasion, body: row.body }));
	}

	/** Deletes every DM record of the member (`/agenda clear`); a reminder of a session bookmarked again may come again. */
	public forget(userId: string): void {
		this.statements.forget.run(userId);
	}

	/** Reminders sent and refused, for organizers. */
	public counts(): { sent: number; refused: number } {
		return { ...this.statements.counts.get({ namespace: this.statements.namespace, kind: 'reminder' })! };
	}

	private bind(key: AgendaDmKey) {
		return { namespace: this.statements.namespace, userId: key.userId, sessionCode: key.sessionCode, kind: key.kind, occasion: key.occasion };
	}
}
