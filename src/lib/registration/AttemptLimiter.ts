import type { SqliteDatabase } from '#lib/store/Database';
import { maskName, maskOrderCode } from './privacy';

/** How a form submission ended, as the attempt log, /metrics and /stats count it. */
export const ATTEMPT_RESULTS = ['success', 'unknown-ticket', 'wrong-name', 'held-by-other', 'rate-limited', 'not-valid', 'discord-refused', 'error'] as const;
export type AttemptResult = (typeof ATTEMPT_RESULTS)[number];

/** Results that count against the user: guesses and refusals. Our own failures and lockout replies never do. */
const COUNTED_FAILURES: readonly AttemptResult[] = ['unknown-ticket', 'wrong-name', 'held-by-other', 'not-valid'];

/** Raw form input is masked before it is stored; `note` is free text and must hold no personal data. */
export interface AttemptDetail {
	orderCode?: string;
	name?: string;
	note?: string;
}

export type AttemptCheck = { allowed: true } | { allowed: false; retryAt: Date };

/** `in-flight`: this user's previous attempt has not been answered yet. */
export type AttemptAdmission = { admitted: true } | { admitted: false; reason: 'in-flight' } | { admitted: false; reason: 'rate-limited'; retryAt: Date };

export interface AttemptLimiterConfig {
	maxFailures: number;
	windowMinutes: number;
	/** How long the attempt log keeps an attempt before `pruneExpired` deletes it. */
	retentionDays: number;
}

export const defaultAttemptLimiterConfig: AttemptLimiterConfig = { maxFailures: 5, windowMinutes: 10, retentionDays: 30 };

/**
 * Sliding-window limit on failed registration attempts per user, plus the attempt log organizers read. One attempt per
 * user at a time: the next one is checked only after the previous one is recorded, so parallel submissions cannot all
 * pass the limit before any of them counts.
 */
export class AttemptLimiter {
	private readonly windowMs: number;
	private readonly retentionMs: number;
	private readonly statements;
	/** Users with an admitted attempt not yet released; one process serves the guild, so memory is the right place. */
	private readonly inFlight = new Set<string>();

	public constructor(
		db: SqliteDatabase,
		private readonly config: AttemptLimiterConfig = defaultAttemptLimiterConfig
	) {
		if (config.maxFailures < 1 || config.windowMinutes <= 0) throw new RangeError('maxFailures must be ≥ 1 and windowMinutes > 0');
		this.windowMs = config.windowMinutes * 60_000;
		this.retentionMs = config.retentionDays * 86_400_000;
		// Pruning inside the window would forget failures that still count, and so lift a lockout early.
		if (this.retentionMs < this.windowMs) throw new RangeError('retentionDays must cover at least windowMinutes');
		const counted = COUNTED_FAILURES.map((result) => `'${result}'`).join(', ');
		this.statements = {
			failures: db.prepare<[string, string, string], { at: string }>(
				`SELECT at FROM registration_attempts WHERE user_id = ? AND at > ? AND at <= ? AND result IN (${counted}) ORDER BY at`
			),
			insert: db.prepare('INSERT INTO registration_attempts (user_id, at, result, detail) VALUES (?, ?, ?, ?)'),
			reasons: db.prepare<[string], { result: AttemptResult; count: number }>(
				"SELECT result, COUNT(*) AS count FROM registration_attempts WHERE at >= ? AND result <> 'success' GROUP BY result ORDER BY count DESC, result"
			),
			prune: db.prepare('DELETE FROM registration_attempts WHERE at < ?')
		};
	}

	/** Blocked once `maxFailures` counted failures fall inside the window ending now; retry when the oldest of them ages out. */
	public check(userId: string, now: Date): AttemptCheck {
		const failures = this.statements.failures.all(userId, new Date(now.getTime() - this.windowMs).toISOString(), now.toISOString());
		if (failures.length < this.config.maxFailures) return { allowed: true };
		const oldestThatStillBlocks = new Date(failures[failures.length - this.config.maxFailures].at);
		return { allowed: false, retryAt: new Date(oldestThatStillBlocks.getTime() + this.windowMs) };
	}

	/** Admits an attempt, or says why not; an admitted attempt must be recorded and then released (in a `finally`). */
	public admit(userId: string, now: Date): AttemptAdmission {
		if (this.inFlight.has(userId)) return { admitted: false, reason: 'in-flight' };
		const gate = this.check(userId, now);
		if (!gate.allowed) return { admitted: false, reason: 'rate-limited', retryAt: gate.retryAt };
		this.inFlight.add(userId);
		return { admitted: true };
	}

	public release(userId: string): void {
		this.inFlight.delete(userId);
	}

	public record(userId: string, result: AttemptResult, detail: AttemptDetail, now: Date): void {
		this.statements.insert.run(userId, now.toISOString(), result, formatDetail(detail));
	}

	/** Non-success results since `since`, most frequent first. */
	public failureReasons(since: Date): { result: AttemptResult; count: number }[] {
		return this.statements.reasons.all(since.toISOString());
	}

	/** Deletes attempts older than the retention period ending `now` (the log holds masked personal data); returns how many. */
	public pruneExpired(now: Date): number {
		return this.statements.prune.run(new Date(now.getTime() - this.retentionMs).toISOString()).changes;
	}
}

function formatDetail(detail: AttemptDetail): string | null {
	const parts = [
		detail.orderCode === undefined ? null : `order=${maskOrderCode(detail.orderCode)}`,
		detail.name === undefined ? null : `name=${maskName(detail.name)}`,
		detail.note ?? null
	].filter((part): part is string => part !== null);
	return parts.length > 0 ? parts.join(' ') : null;
}
