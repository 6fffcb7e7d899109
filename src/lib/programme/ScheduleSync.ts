import { diffSchedules, type ScheduleChange } from './diff';
import { isMorningId, NotificationPlanner, startMinute, startMinuteOf, type NotificationPlan, type PlannedNotification, type PlannerOptions } from './NotificationPlanner';
import type { ScheduleSnapshotRepository } from './ScheduleSnapshotRepository';
import { mergeSessions, type Session, type SkippedSlot } from './Session';
import { ScheduleFormatError, ScheduleUnavailableError } from './sources/errors';
import type { ScheduleSource } from './sources/ScheduleSource';

export interface ScheduleSyncOptions {
	source: ScheduleSource;
	/** Local files merged over the main programme (open spaces, sprints). */
	extras?: readonly ScheduleSource[];
	snapshots?: ScheduleSnapshotRepository;
	now: () => Date;
	planner: PlannerOptions;
	/** How far ahead schedule changes are reported. */
	changeHorizonHours?: number;
}

export interface RefreshResult {
	version: string;
	/** True when the merged programme differs from the one held before. */
	changed: boolean;
	changes: ScheduleChange[];
	sessions: readonly Session[];
	/** True when the source failed and the last good copy is in use. */
	fromCache: boolean;
	skipped: SkippedSlot[];
	/** Why the source failed, when it did (safe to log: no tokens). */
	error?: string;
}

export interface ProgrammeStatus {
	source: string;
	version?: string;
	sessionCount: number;
	fetchedAt?: Date;
	lastAttemptAt?: Date;
	lastError?: string;
	fromCache: boolean;
	skippedSlots: number;
}

export interface UpcomingNotification {
	notification: PlannedNotification;
	sessions: Session[];
}

interface Primary {
	version: string;
	etag?: string;
	sessions: Session[];
	fetchedAt: Date;
}

/** Holds the current programme; `refresh()` fetches it, falls back to the snapshot, and reports what changed. */
export class ScheduleSync {
	private readonly planner = new NotificationPlanner();
	private primary: Primary | undefined;
	private readonly extraSessions = new Map<string, Session[]>();
	private readonly extraSkipped = new Map<string, SkippedSlot[]>();
	private merged: Session[] = [];
	/** The merged sessions by start minute, so one notification is planned without planning the whole programme. */
	private byStartMinute = new Map<number, Session[]>();
	private primarySkipped: SkippedSlot[] = [];
	private fromCache = false;
	private lastAttemptAt: Date | undefined;
	private lastError: string | undefined;

	public constructor(private readonly options: ScheduleSyncOptions) {}

	public get sessions(): readonly Session[] {
		return this.merged;
	}

	public get version(): string | undefined {
		return this.primary?.version;
	}

	public async refresh(): Promise<RefreshResult> {
		const now = this.options.now();
		this.lastAttemptAt = now;
		// After a restart: start from the snapshot, so its ETag makes the first request conditional and changes made
		// while the bot was down are still announced.
		const restored = this.primary ? undefined : this.loadSnapshot();
		let previous = this.primary ? this.merged : undefined;
		this.primary ??= restored;
		let error: string | undefined;
		try {
			const result = await this.options.source.fetch(this.primary?.etag ? { etag: this.primary.etag } : undefined);
			if (result.status === 'fresh') {
				const { version, sessions, skipped } = result.schedule;
				this.primary = { version, sessions, fetchedAt: now, ...(result.etag ? { etag: result.etag } : {}) };
				this.primarySkipped = skipped;
				this.options.snapshots?.save({ source: this.options.source.name, ...this.primary });
			}
			this.fromCache = false;
			this.lastError = undefined;
		} catch (caught) {
			if (!(caught instanceof ScheduleUnavailableError || caught instanceof ScheduleFormatError)) throw caught;
			error = caught.message;
			this.lastError = error;
			if (!this.primary) throw new ScheduleUnavailableError(`No programme yet: ${error}, and there is no saved copy.`, caught instanceof ScheduleUnavailableError ? caught.status : undefined, { cause: caught });
			this.fromCache = true;
		}
		await this.refreshExtras();
		const withExtras = (sessions: Session[]) => [...this.extraSessions.values()].reduce<Session[]>((all, extra) => mergeSessions(all, extra), sessions);
		if (restored) previous = withExtras(restored.sessions);
		this.merged = withExtras(this.primary!.sessions);
		this.byStartMinute = groupByStartMinute(this.merged);
		const changes = previous ? diffSchedules(previous, this.merged, { now, horizonHours: this.options.changeHorizonHours ?? 24 }) : [];
		return {
			version: this.primary!.version,
			changed: !previous || fingerprint(previous) !== fingerprint(this.merged),
			changes,
			sessions: this.merged,
			fromCache: this.fromCache,
			skipped: this.skipped(),
			...(error ? { error } : {})
		};
	}

	/** The plan for the current programme as of now. */
	public plan(): NotificationPlan {
		return this.planner.plan(this.merged, this.options.planner, this.options.now());
	}

	/** The notification planned under `id` as of now, if there still is one. Same answer as finding it in `plan()`. */
	public notification(id: string): PlannedNotification | undefined {
		if (isMorningId(id)) return this.plan().notifications.find((candidate) => candidate.id === id);
		const minute = startMinuteOf(id);
		const sessions = minute === undefined ? [] : (this.byStartMinute.get(minute) ?? []);
		return this.planner.plan(sessions, this.options.planner, this.options.now()).notifications.find((candidate) => candidate.id === id);
	}

	/** The next `count` posts still to come, with their sessions. */
	public next(count: number): UpcomingNotification[] {
		const now = this.options.now().getTime();
		return this.plan()
			.notifications.filter((notification) => notification.notifyAt.getTime() >= now)
			.slice(0, count)
			.map((notification) => ({ notification, sessions: this.sessionsFor(notification.sessionCodes) }));
	}

	public sessionsFor(codes: readonly string[]): Session[] {
		return this.merged.filter((session) => codes.includes(session.code));
	}

	public status(): ProgrammeStatus {
		return {
			source: this.options.source.name,
			sessionCount: this.merged.length,
			fromCache: this.fromCache,
			skippedSlots: this.skipped().length,
			...(this.primary ? { version: this.primary.version, fetchedAt: this.primary.fetchedAt } : {}),
			...(this.lastAttemptAt ? { lastAttemptAt: this.lastAttemptAt } : {}),
			...(this.lastError ? { lastError: this.lastError } : {})
		};
	}

	private skipped(): SkippedSlot[] {
		return [...this.primarySkipped, ...[...this.extraSkipped.values()].flat()];
	}

	private loadSnapshot(): Primary | undefined {
		const snapshot = this.options.snapshots?.load(this.options.source.name);
		if (!snapshot) return undefined;
		return { version: snapshot.version, sessions: snapshot.sessions, fetchedAt: snapshot.fetchedAt, ...(snapshot.etag ? { etag: snapshot.etag } : {}) };
	}

	/** A broken extra file keeps its last good sessions; it never blocks the main programme. */
	private async refreshExtras(): Promise<void> {
		for (const extra of this.options.extras ?? []) {
			try {
				const result = await extra.fetch();
				if (result.status === 'fresh') {
					this.extraSessions.set(extra.name, result.schedule.sessions);
					this.extraSkipped.set(extra.name, result.schedule.skipped);
				}
			} catch (caught) {
				if (!(caught instanceof ScheduleUnavailableError || caught instanceof ScheduleFormatError)) throw caught;
				this.lastError = `${extra.name}: ${caught.message}`;
			}
		}
	}
}

function groupByStartMinute(sessions: readonly Session[]): Map<number, Session[]> {
	const groups = new Map<number, Session[]>();
	for (const session of sessions) {
		const minute = startMinute(session);
		const group = groups.get(minute);
		if (group) group.push(session);
		else groups.set(minute, [session]);
	}
	return groups;
}

function fingerprint(sessions: readonly Session[]): string {
	return JSON.stringify(sessions);
}
