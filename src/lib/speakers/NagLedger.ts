import type { SqliteDatabase } from '#lib/store/Database';

/** One check-in nag: a session's start, a lead in minutes, and who it is for (a speaker's id, or `DESK_TARGET`). */
export interface NagKey {
	sessionCode: string;
	occasion: string;
	offsetMinutes: number;
	target: string;
}

export const DESK_TARGET = 'desk';

/** `sent`: a DM or the desk's message; `pinged`: DMs closed, the speakers' channel instead; `none`: nobody was missing. */
export type NagOutcome = 'sent' | 'pinged' | 'none';

/**
 * Every check-in nag, claimed right before it goes out (atomic, one winner), then settled. A claim whose holder crashed
 * is taken over after `staleClaimMinutes`, at the price of a possible duplicate if the crash fell between Discord
 * accepting the message and `settle`.
 */
export class NagLedger {
	private readonly statements;
	private readonly staleClaimMs: number;

	public constructor(
		db: SqliteDatabase,
		private readonly now: () => Date = () => new Date(),
		private readonly namespace = '',
		staleClaimMinutes = 2
	) {
		this.staleClaimMs = staleClaimMinutes * 60_000;
		const key = 'namespace = @namespace AND session_code = @sessionCode AND occasion = @occasion AND offset_minutes = @offsetMinutes AND target = @target';
		this.statements = {
			claim: db.prepare(
				`INSERT INTO speaker_nags (namespace, session_code, occasion, offset_minutes, target, status, updated_at)
				 VALUES (@namespace, @sessionCode, @occasion, @offsetMinutes, @target, 'claimed', @now)
				 ON CONFLICT DO UPDATE SET updated_at = excluded.updated_at WHERE speaker_nags.status = 'claimed' AND speaker_nags.updated_at < @stale`
			),
			settle: db.prepare(`UPDATE speaker_nags SET status = @status, updated_at = @now WHERE ${key}`),
			release: db.prepare(`DELETE FROM speaker_nags WHERE ${key} AND status = 'claimed'`),
			status: db.prepare<Record<string, unknown>, { status: string }>(`SELECT status FROM speaker_nags WHERE ${key}`)
		};
	}

	/** True if this caller may send the nag now. */
	public claim(key: NagKey): boolean {
		const now = this.now();
		return this.statements.claim.run({ ...this.bind(key), now: now.toISOString(), stale: new Date(now.getTime() - this.staleClaimMs).toISOString() }).changes > 0;
	}

	public settle(key: NagKey, outcome: NagOutcome): void {
		this.statements.settle.run({ ...this.bind(key), status: outcome, now: this.now().toISOString() });
	}

	/** The send failed for a reason worth a retry. */
	public release(key: NagKey): void {
		this.statements.release.run(this.bind(key));
	}

	/** Sent, pinged or found nobody missing: nothing more to do for it. */
	public settled(key: NagKey): boolean {
		const row = this.statements.status.get(this.bind(key));
		return !!row && row.status !== 'claimed';
	}

	private bind(key: NagKey) {
		return { namespace: this.namespace, sessionCode: key.sessionCode, occasion: key.occasion, offsetMinutes: key.offsetMinutes, target: key.target };
	}
}
