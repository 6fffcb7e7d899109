import { isStorageFailure } from '#lib/store/errors';
import type { MemberApplier } from './applyToMember';
import type { ClaimLedger } from './ClaimLedger';
import type { MemberRoles } from './MemberRoles';
import { GrantPace, type GrantLane } from './GrantPace';
import type { ReplyTarget, RoleJob, RolePurpose, RoleQueue } from './RoleQueue';

/** The member's applier (its changes carry `auditReason` in Discord's audit log); null when the account is not in the server any more. Other errors throw. */
export type MemberApplierLookup = (userId: string, auditReason: string) => Promise<MemberApplier | null>;

/** Gives one role through the role bucket (`PUT …/roles/{r}`); 'not-given' when Discord says no for good (left, permissions). Other errors throw. */
export type AccessGiver = (userId: string, roleId: string, auditReason: string) => Promise<'given' | 'not-given'>;

/** The access role, given ahead of the member PATCH through the role routes' own bucket: twice the members let in per second. */
export interface AccessLane {
	/** The configured access role's id once the guild is known (null: none, or not found). */
	roleId(): string | null;
	give: AccessGiver;
	/** Told when a member has the access role while their nickname and other roles still wait. */
	onAccess(job: RoleJob, reply: ReplyTarget | null): Promise<void> | void;
}

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
	/** Off when no access role is configured: then the member PATCH gives everything at once. */
	access?: AccessLane;
	/**
	 * When the lane's bucket window, as the last process saw it, ends (ms since the epoch). Discord's window outlives a
	 * restart: a new process that asked at once could meet a 429 the old one had earned.
	 */
	bucketResetAt?(lane: GrantLane): number | undefined;
	/** Pause after a transient failure before the head of the line is tried again. */
	retryDelayMs?: number;
	/**
	 * The roles the member PATCH carries beyond the job's ticket roles (the Speakers role of a linked speaker): the PATCH
	 * sets the whole list from a cache that may not show a role given a moment ago, so it must carry every role usher wants.
	 */
	memberRoles?: Pick<MemberRoles, 'withExtras' | 'withheld'>;
}

export interface RoleQueueStatus {
	waiting: number;
	/** Seconds until the last one in line has their roles. */
	etaSeconds: number;
}

type QueuedJob = NonNullable<ReturnType<RoleQueue['head']>>;

/**
 * Works through the role queue first in first out, one request in flight per Discord bucket: discord.js reads the
 * bucket headers and waits out a spent window, so no 429 is provoked. The member lane gives roles and nickname in one
 * PATCH; with an access role configured, the access lane gives that role ahead through the role routes' own bucket.
 */
export class RoleGrants {
	public readonly pace = new GrantPace();
	public readonly accessPace = new GrantPace();
	private readonly waiters = new Map<string, Array<(result: GrantResult) => void>>();

	public paceOf(lane: GrantLane): GrantPace {
		return lane === 'member' ? this.pace : this.accessPace;
	}

	/** Idle lanes: the member lane wakes first, so a member alone in line gets everything in one PATCH. */
	private readonly wakeUps = new Map<GrantLane, () => void>();
	/** Members a lane is serving right now: the other lane leaves them alone. */
	private readonly serving = new Set<string>();
	/** Members the role route refused in this process: they wait for the member PATCH instead. */
	private readonly accessRefused = new Set<string>();
	private running: Promise<unknown> | null = null;
	private stopped = false;
	private readonly telling = new Set<Promise<void>>();
	private readonly startedAt: Date;

	public constructor(private readonly deps: RoleGrantsDeps) {
		this.startedAt = deps.now();
	}

	/** Starts the lanes (again after a restart: rows queued by the last process are carried on). */
	public start(): void {
		this.stopped = false;
		this.running ??= Promise.all([
			this.lane('member', () => this.nextForMember(), (next) => this.serveMember(next)),
			...(this.deps.access ? [this.lane('access', () => this.nextForAccess(), (next) => this.serveAccess(next))] : [])
		]);
	}

	/** Finishes the requests in flight and stops; the rest of the line waits in SQLite for the next process. */
	public async stop(): Promise<void> {
		this.stopped = true;
		this.wake();
		await this.running;
		await Promise.all(this.telling);
		this.running = null;
	}

	/** Something was queued: go on if idle. */
	public wake(): void {
		for (const lane of ['member', 'access'] as const) this.wakeUps.get(lane)?.();
	}

	/** How many members wait for their roles, and how long the last of them has to go. */
	public status(): RoleQueueStatus {
		const waiting = this.deps.queue.depth;
		return { waiting, etaSeconds: this.pace.etaSeconds(waiting) };
	}

	/**
	 * Seconds until the member at `place` can see the conference: with the access lane on, both buckets let members in
	 * (the member PATCH takes those without access first), so the line moves at the sum of the two paces.
	 */
	public etaSeconds(place: number): number {
		// Until the role bucket's own headers came, it is taken to be as large as the member bucket (Discord's table says so).
		const accessPerSecond = this.accessPace.observed ? this.accessPace.perSecond : this.pace.perSecond;
		return place / (this.pace.perSecond + (this.accessRoleId() ? accessPerSecond : 0));
	}

	/** The role given ahead through the role bucket, or null when the access lane is off. */
	public accessRoleId(): string | null {
		return this.deps.access?.roleId() ?? null;
	}

	/** Resolves when this member's job is done (for an answer that can still carry the result). */
	public whenDone(userId: string): Promise<GrantResult> {
		return new Promise((resolve) => this.waiters.set(userId, [...(this.waiters.get(userId) ?? []), resolve]));
	}

	private nextForMember(): QueuedJob | null {
		return this.deps.queue.head(this.serving);
	}

	/**
	 * The access lane helps only when the member bucket is what people wait for: with more outside than the member lane
	 * serves in a second (at least two), a role PUT lets one in sooner; with fewer, it would only cost a request.
	 */
	private nextForAccess(): QueuedJob | null {
		const roleId = this.deps.access?.roleId();
		if (!roleId || this.deps.queue.outside(this.serving) < Math.max(2, Math.ceil(this.pace.perSecond))) return null;
		return this.deps.queue.accessHead(roleId, [...this.serving, ...this.accessRefused]);
	}

	/** One lane: take the next member it can serve, serve them, repeat; sleep while it has nobody. */
	private async lane(lane: GrantLane, next: () => QueuedJob | null, serve: (job: QueuedJob) => Promise<void>): Promise<void> {
		const spentFor = (this.deps.bucketResetAt?.(lane) ?? 0) - this.deps.now().getTime();
		if (spentFor > 0) await this.waitOutWindow(lane, Math.min(spentFor, 60_000));
		while (!this.stopped) {
			const job = next();
			if (!job) {
				await new Promise<void>((resolve) => this.wakeUps.set(lane, () => (this.wakeUps.delete(lane), resolve())));
				continue;
			}
			this.serving.add(job.job.userId);
			try {
				await serve(job);
			} catch (error) {
				// Discord or the disk failed for now: the member keeps their place and is tried again shortly.
				this.deps.onError(error);
				await new Promise((resolve) => setTimeout(resolve, this.deps.retryDelayMs ?? 2000));
			} finally {
				this.serving.delete(job.job.userId);
			}
		}
	}

	/** Waits out a bucket window the last process spent; only a stop cuts it short (new members must not). */
	private waitOutWindow(lane: GrantLane, ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const done = () => (clearTimeout(timer), this.wakeUps.delete(lane), resolve());
			const timer = setTimeout(done, ms);
			this.wakeUps.set(lane, () => this.stopped && done());
		});
	}

	private async serveMember(next: QueuedJob): Promise<void> {
		const result = await this.grant(next.job);
		// Read after the grant: the member's reply is usually saved while their request waits for the bucket.
		const reply = this.deps.queue.get(next.job.userId)?.reply ?? null;
		this.deps.queue.remove(next.job.userId);
		this.pace.record(this.deps.now().getTime());
		for (const resolve of this.waiters.get(next.job.userId) ?? []) resolve(result);
		this.waiters.delete(next.job.userId);
		this.tell(() => this.deps.onDone(result, reply, next.job.queuedAt < this.startedAt));
		// The other lane may have been waiting for this member's turn to end.
		this.wake();
	}

	private async serveAccess(next: QueuedJob): Promise<void> {
		const access = this.deps.access!;
		const roleId = access.roleId()!;
		const given = await access.give(next.job.userId, roleId, auditReasons[next.job.purpose](next.job));
		if (given === 'not-given') {
			// The member PATCH finds out why (left, permissions) and answers for it.
			this.accessRefused.add(next.job.userId);
			return;
		}
		const now = this.deps.now();
		this.deps.queue.markAccess(next.job.userId, now);
		this.accessPace.record(now.getTime());
		const reply = this.deps.queue.get(next.job.userId)?.reply ?? null;
		this.tell(() => access.onAccess({ ...next.job, accessGivenAt: now }, reply));
		// The member lane may be idle, waiting for this member's turn to end.
		this.wake();
	}

	/** Telling the member (a reply edit, a log entry) must not hold the next member's grant back. */
	private tell(say: () => Promise<void> | void): void {
		const told = Promise.resolve()
			.then(say)
			.catch((error: unknown) => this.deps.onError(error));
		this.telling.add(told);
		void told.finally(() => this.telling.delete(told));
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
		// The ledger records only the tickets' roles: a speaker's role is the speakers feature's to give and take.
		const applied = await apply(this.deps.memberRoles?.withExtras(job.userId, job.roleIds) ?? job.roleIds, job.nickname, this.deps.memberRoles?.withheld(job.userId) ?? []);
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
