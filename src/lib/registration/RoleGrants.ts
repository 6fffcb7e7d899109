import { isStorageFailure } from '../store/errors';
import type { MemberApplier } from './applyToMember';
import type { ClaimLedger } from './ClaimLedger';
import type { ReplyTarget, RoleJob, RolePurpose, RoleQueue } from './RoleQueue';

/** The member's applier (its changes carry `auditReason` in Discord's audit log); null when the account is not in the server any more. Other errors throw. */
export type MemberApplierLookup = (userId: string, auditReason: string) => Promise<MemberApplier | null>;

/** What Discord's audit log says about each kind of change usher makes to a member. */
const auditReasons: Record<RolePurpose, (job: RoleJob) => string> = {
	self: () => 'usher: ticket registration',
	organizer: (job) => `usher: registered by an organizer: ${job.requestedBy?.reason ?? ''}`.slice(0, 512),
	rejoin: () => 'usher: registered member rejoined',
	repair: () => 'usher: finishing a registration interrupted by a restart'
};

export type GrantResult =
	| { kind: 'granted'; job: RoleJob; nicknameSet: boolean }
	| { kind: 'refused'; job: RoleJob; reason: 'missing-permissions' | 'unknown-member'; detail: string }
	| { kind: 'left'; job: RoleJob };

export interface RoleGrantsDeps {
	queue: RoleQueue;
	ledger: ClaimLedger;
	memberOf: MemberApplierLookup;
	/** Told of every finished job with the reply to update; `interrupted` when an earlier process queued it. */
	onDone(result: GrantResult, reply: ReplyTarget | null, interrupted: boolean): Promise<void> | void;
	onError(error: unknown): void;
	now(): Date;
	/** Pause after a transient failure before the head of the line is tried again. */
	retryDelayMs?: number;
}

export interface RoleQueueStatus {
	waiting: number;
	/** Seconds until the last one in line has their roles. */
	etaSeconds: number;
}

/**
 * Members changed per second: from the member bucket's own headers once one answer carried them (Discord documents no
 * number and says the limits may change), Discord's observed 10 per 10 s until then.
 */
export class GrantPace {
	private limit = 0;
	private windowSeconds = 0;
	private readonly finishedAt: number[] = [];

	public constructor(
		private readonly priorPerSecond = 1,
		private readonly sampleSize = 60
	) {}

	/** A grant finished at `at` (ms); over several windows, what was really achieved beats what the bucket allows. */
	public record(at: number): void {
		this.finishedAt.push(at);
		if (this.finishedAt.length > this.sampleSize) this.finishedAt.shift();
	}

	/** One member-edit answer's `X-RateLimit-Limit` and `-Reset-After`; the longest reset seen is the window. */
	public observeBucket(limit: number, resetAfterSeconds: number): void {
		if (!(limit > 0) || !(resetAfterSeconds > 0)) return;
		this.limit = limit;
		this.windowSeconds = Math.max(this.windowSeconds, resetAfterSeconds);
	}

	public get perSecond(): number {
		const allowed = this.limit && this.windowSeconds ? this.limit / this.windowSeconds : this.priorPerSecond;
		const span = this.finishedAt.length ? (this.finishedAt.at(-1)! - this.finishedAt[0]!) / 1000 : 0;
		// Only a full sample over at least three windows says more than the headers (a fixed window grants in bursts).
		if (this.finishedAt.length < this.sampleSize || !this.windowSeconds || span < 3 * this.windowSeconds) return allowed;
		return Math.min(allowed, (this.finishedAt.length - 1) / span);
	}

	/** Seconds until the member at `place` (1 = next) has their roles. */
	public etaSeconds(place: number): number {
		return place / this.perSecond;
	}
}

/**
 * Works through the role queue one member at a time, first in first out. One request in flight keeps usher inside the
 * guild's member bucket: discord.js reads the bucket headers and waits out a spent window, so no 429 is provoked.
 */
export class RoleGrants {
	public readonly pace = new GrantPace();
	private readonly waiters = new Map<string, Array<(result: GrantResult) => void>>();
	private wakeUp: (() => void) | null = null;
	private running: Promise<void> | null = null;
	private stopped = false;
	private readonly telling = new Set<Promise<void>>();
	private readonly startedAt: Date;

	public constructor(private readonly deps: RoleGrantsDeps) {
		this.startedAt = deps.now();
	}

	/** Starts the worker (again after a restart: rows queued by the last process are carried on). */
	public start(): void {
		this.stopped = false;
		this.running ??= this.loop();
	}

	/** Finishes the grant in flight and stops; the rest of the line waits in SQLite for the next process. */
	public async stop(): Promise<void> {
		this.stopped = true;
		this.wake();
		await this.running;
		await Promise.all(this.telling);
		this.running = null;
	}

	/** Something was queued: go on if idle. */
	public wake(): void {
		this.wakeUp?.();
	}

	/** How many members wait for their roles, and how long the last of them has to go. */
	public status(): RoleQueueStatus {
		const waiting = this.deps.queue.depth;
		return { waiting, etaSeconds: this.pace.etaSeconds(waiting) };
	}

	/** Resolves when this member's job is done (for an answer that can still carry the result). */
	public whenDone(userId: string): Promise<GrantResult> {
		return new Promise((resolve) => this.waiters.set(userId, [...(this.waiters.get(userId) ?? []), resolve]));
	}

	private async loop(): Promise<void> {
		while (!this.stopped) {
			const next = this.deps.queue.head();
			if (!next) {
				await new Promise<void>((resolve) => (this.wakeUp = resolve));
				this.wakeUp = null;
				continue;
			}
			try {
				const result = await this.grant(next.job);
				// Read after the grant: the member's reply is usually saved while their request waits for the bucket.
				const reply = this.deps.queue.get(next.job.userId)?.reply ?? null;
				this.deps.queue.remove(next.job.userId);
				this.pace.record(this.deps.now().getTime());
				for (const resolve of this.waiters.get(next.job.userId) ?? []) resolve(result);
				this.waiters.delete(next.job.userId);
				// Telling the member (a reply edit, a log entry) must not hold the next member's grant back.
				const told = Promise.resolve(this.deps.onDone(result, reply, next.job.queuedAt < this.startedAt)).catch((error: unknown) => this.deps.onError(error));
				this.telling.add(told);
				void told.finally(() => this.telling.delete(told));
			} catch (error) {
				// Discord or the disk failed for now: the member keeps their place and the head is tried again shortly.
				this.deps.onError(error);
				await new Promise((resolve) => setTimeout(resolve, this.deps.retryDelayMs ?? 2000));
			}
		}
	}

	private async grant(job: RoleJob): Promise<GrantResult> {
		const { ledger, memberOf, now } = this.deps;
		const apply = await memberOf(job.userId, auditReasons[job.purpose](job));
		if (!apply) {
			// A member who left again after a rejoin stays registered: their roles come back at the next rejoin.
			const keys = job.purpose === 'rejoin' ? [] : job.claimedKeys.length ? job.claimedKeys : job.ticketKeys;
			if (keys.length) ledger.release(keys, { actor: 'usher', reason: 'the member left before their roles were given', now: now() });
			return { kind: 'left', job };
		}
		const applied = await apply(job.roleIds, job.nickname);
		if (!applied.ok) {
			if (applied.reason === 'error') throw new Error(applied.detail);
			// Only what this attempt claimed is released: an earlier, working registration stays.
			if (job.claimedKeys.length) ledger.release(job.claimedKeys, { actor: 'usher', reason: `Discord refused: ${applied.detail}`, now: now() });
			return { kind: 'refused', job, reason: applied.reason, detail: applied.detail };
		}
		try {
			if (job.purpose === 'rejoin') ledger.recordRestore(job.userId, job.ticketKeys, job.roleIds.length, now());
			else ledger.setAppliedRoles(job.userId, job.ticketKeys, job.roleIds, applied.nicknameSet ? job.nickname : null, now());
		} catch (error) {
			// The roles are given; the restart repair records them once the disk takes writes again.
			if (!isStorageFailure(error)) throw error;
		}
		return { kind: 'granted', job, nicknameSet: applied.nicknameSet };
	}
}
