import type { ChangeAnnouncer } from './ChangeAnnouncer';
import type { ScheduleChange } from './diff';
import type { Clock } from './Clock';
import { errorText } from '#lib/errorText';
import type { ProgrammeLogger } from './ProgrammeLogger';
import type { NotificationJobs } from './NotificationJobs';
import type { NotificationLedger } from './NotificationLedger';
import type { ReadinessGate } from './ReadinessGate';
import type { RefreshSummary } from './replies';
import type { RoomTopics } from './RoomTopics';
import type { ScheduledEventMirror } from './ScheduledEventMirror';
import type { ScheduleSync } from './ScheduleSync';
import { syncJobs } from './syncJobs';

export interface ProgrammeRefreshOptions {
	schedule: ScheduleSync;
	ledger: NotificationLedger;
	jobs: NotificationJobs;
	clock: Clock;
	announcer: ChangeAnnouncer;
	topics: RoomTopics;
	scheduledEvents?: ScheduledEventMirror;
	/** Opened after the first refresh at start, whether it worked or not. */
	gate: ReadinessGate;
	logger: ProgrammeLogger;
	/** Told after each refresh that reached the source (health probes watch its age). */
	onFetched?: () => void;
}

/** Fetches the programme and brings the jobs, the change announcements and the room topics in line with it. */
export class ProgrammeRefresh {
	private running: Promise<RefreshSummary> | undefined;
	private started = false;
	private readonly warnedRooms = new Set<string>();
	private readonly listeners: Array<(changes: readonly ScheduleChange[]) => void> = [];

	public constructor(private readonly options: ProgrammeRefreshOptions) {}

	/** First refresh once the guild is ready; notify jobs that fired earlier (after a restart) wait for it. */
	public async start(): Promise<void> {
		this.started = true;
		try {
			this.log(await this.run());
		} catch (error) {
			this.options.logger.warn(`Programme not loaded at start: ${errorText(error)}`);
		} finally {
			this.options.gate.open();
		}
	}

	/** Features that follow the programme (the agenda's reminders) hear of every refresh after start, with its changes. */
	public onRefreshed(listener: (changes: readonly ScheduleChange[]) => void): void {
		this.listeners.push(listener);
	}

	/** Lets the refresh in flight finish; later ones announce nothing. */
	public async stop(): Promise<void> {
		this.started = false;
		await Promise.allSettled([this.running]);
	}

	/** One refresh at a time: concurrent callers (timer, command) share the one in flight. Announcements and topics follow it. */
	public run(): Promise<RefreshSummary> {
		this.running ??= this.refresh().finally(() => (this.running = undefined));
		return this.running;
	}

	/** The periodic refresh: logs instead of throwing; ignored before start, when channels are not known yet. */
	public async runAndLog(): Promise<void> {
		if (!this.started) return;
		try {
			this.log(await this.run());
		} catch (error) {
			this.options.logger.warn(`Programme refresh failed: ${errorText(error)}`);
		}
	}

	/** After Redis came back (possibly empty): recreate the jobs from the plan held in memory, without fetching. */
	public async resync(): Promise<void> {
		const { schedule, jobs, ledger, clock, logger } = this.options;
		const summary = await syncJobs(schedule.plan().notifications, jobs, ledger, clock);
		logger.info(`Programme jobs resynced after a Redis reconnect: ${summary.created} recreated, ${summary.late} sent late.`);
	}

	private async refresh(): Promise<RefreshSummary> {
		const { schedule, jobs, ledger, clock } = this.options;
		const before = new Map(schedule.sessions.map((session) => [session.code, session]));
		const result = await schedule.refresh();
		if (!result.fromCache) this.options.onFetched?.();
		const plan = schedule.plan();
		for (const room of plan.unmappedRooms) {
			if (this.warnedRooms.has(room)) continue;
			this.warnedRooms.add(room);
			this.options.logger.warn(`Programme room "${room}" has no channel in [programme.rooms]; only the main channel announces it.`);
		}
		const jobSummary = await syncJobs(plan.notifications, jobs, ledger, clock);
		if (this.started) {
			// Additions are not news to attendees who never saw the old schedule; moves, room changes and cancellations are.
			// Queued, not awaited: a slow or rate-limited Discord must not hold back the next refresh or `/programme refresh`.
			this.options.announcer.announce(
				result.changes.filter((change) => change.kind !== 'added'),
				before
			);
			this.options.topics.update();
			void this.options.scheduledEvents?.update();
			for (const listener of this.listeners) listener(result.changes);
		}
		return {
			version: result.version,
			sessionCount: result.sessions.length,
			changed: result.changed,
			changes: result.changes,
			fromCache: result.fromCache,
			...(result.error ? { error: result.error } : {}),
			skippedSlots: result.skipped.length,
			jobs: jobSummary
		};
	}

	private log(summary: RefreshSummary): void {
		const { logger } = this.options;
		const { created, moved, removed, late } = summary.jobs;
		const jobs = `jobs ${created} new, ${moved} moved, ${removed} removed, ${late} late`;
		if (summary.fromCache) logger.warn(`Programme source failed (${summary.error ?? 'unknown'}): using the saved schedule ${summary.version}; ${jobs}.`);
		else if (summary.changed || created || moved || removed || late) logger.info(`Programme ${summary.version}: ${summary.sessionCount} sessions, ${summary.changes.length} changes; ${jobs}.`);
		else logger.debug(`Programme ${summary.version} unchanged.`);
		if (summary.skippedSlots) logger.warn(`Programme: ${summary.skippedSlots} unreadable slots skipped.`);
	}
}
