import type { APIEmbed } from 'discord-api-types/v10';
import type { TextChannel } from 'discord.js';
import { ChannelKeys } from '../discord/checkGuild';
import { ChannelTopicKeeper } from './ChannelTopicKeeper';
import type { Clock } from './Clock';
import { annotateEmbed, formatScheduleChange, type ScheduleChange } from './diff';
import { EMBED_LIMITS, escapedWithin, notificationMessages } from './format';
import { livestreamFor, topicFor, type LivestreamWatcher } from './livestreams';
import type { NotificationLedger } from './NotificationLedger';
import { syncJobs, type NotificationJobs } from './NotificationJobs';
import type { PlannedNotification } from './NotificationPlanner';
import { latePolicy, type LateDecision } from './reconcile';
import type { ProgrammeService } from './ProgrammeService';
import { nextReply, noProgrammeReply, refreshReply, statusReply, type RefreshSummary } from './replies';
import type { Session } from './Session';
import { ScheduleUnavailableError } from './sources/errors';

export interface DeskLogger {
	debug(...values: readonly unknown[]): void;
	info(...values: readonly unknown[]): void;
	warn(...values: readonly unknown[]): void;
}

export interface ProgrammeDeskOptions {
	service: ProgrammeService;
	ledger: NotificationLedger;
	jobs: NotificationJobs;
	clock: Clock;
	rehearsal: boolean;
	timezone: string;
	refreshMinutes: number;
	/** Configured room names, whose channels carry the livestream topic. */
	rooms: readonly string[];
	livestreams?: LivestreamWatcher;
	/** Resolves a channel key (`ChannelKeys.*`) to the channel found at startup. */
	channel: (key: string) => TextChannel | undefined;
	logger: DeskLogger;
	/** Told after each refresh that reached the source (health probes watch its age). */
	onFetched?: () => void;
	/** How long a notify job waits for the first refresh after a (re)start before it fails and is retried. */
	readyTimeoutMs?: number;
	/** Counts posts for /metrics. */
	metrics?: NotificationMetrics;
}

export interface NotificationMetrics {
	notificationPosted(late: boolean): void;
}

export type NotifyOutcome =
	| { kind: 'posted'; messageIds: string[]; late: boolean }
	| { kind: 'early'; retryInMs: number }
	| { kind: 'skipped'; reason: string }
	| { kind: 'duplicate' }
	| { kind: 'gone' };

/** Discord-side glue of programme notifications: refresh and reschedule, post when a job fires, announce changes. */
export class ProgrammeDesk {
	private running: Promise<RefreshSummary> | undefined;
	/** Change announcements of past refreshes, in order; refreshes never wait for them. */
	private announcing: Promise<void> = Promise.resolve();
	private started = false;
	private stopping = false;
	private readonly inFlight = new Set<Promise<NotifyOutcome>>();
	private markReady!: () => void;
	private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
	private readonly warnedRooms = new Set<string>();
	private lastLivestreamError: string | undefined;
	private readonly topics: ChannelTopicKeeper;

	public constructor(private readonly options: ProgrammeDeskOptions) {
		this.topics = new ChannelTopicKeeper({
			reason: 'usher: livestream links',
			onError: (channel, error) => options.logger.warn(`Could not set the topic of #${channel.name}: ${errorText(error)}`)
		});
	}

	/** First refresh once the guild is ready; notify jobs that fired earlier (after a restart) wait for it. */
	public async start(): Promise<void> {
		this.started = true;
		try {
			this.log(await this.refresh());
		} catch (error) {
			this.options.logger.warn(`Programme not loaded at start: ${errorText(error)}`);
		} finally {
			this.markReady();
		}
	}

	/** Refuses new posts and lets in-flight work finish, so every post is in the ledger before the database closes. */
	public async stop(): Promise<void> {
		this.started = false;
		this.stopping = true;
		await Promise.allSettled([this.running, ...this.inFlight]);
		await Promise.allSettled([this.announcing, this.topics.stop()]);
	}

	/** One refresh at a time: concurrent callers (timer, command) share the one in flight. Announcements and topics follow it. */
	public refresh(): Promise<RefreshSummary> {
		this.running ??= this.runRefresh().finally(() => (this.running = undefined));
		return this.running;
	}

	/** The periodic refresh: logs instead of throwing; ignored before start, when channels are not known yet. */
	public async refreshAndLog(): Promise<void> {
		if (!this.started) return;
		try {
			this.log(await this.refresh());
		} catch (error) {
			this.options.logger.warn(`Programme refresh failed: ${errorText(error)}`);
		}
	}

	/** After Redis came back (possibly empty): recreate the jobs from the plan held in memory, without fetching. */
	public async resync(): Promise<void> {
		const { service, jobs, ledger, clock, logger } = this.options;
		const summary = await syncJobs(service.plan().notifications, jobs, ledger, clock);
		logger.info(`Programme jobs resynced after a Redis reconnect: ${summary.created} recreated, ${summary.late} sent late.`);
	}

	/** Runs one notification job: the ledger decides whether it posts, so duplicates and restarts never post twice. */
	public async notify(id: string): Promise<NotifyOutcome> {
		// Failing before the claim hands the job back to the queue; the next bot process posts it.
		if (this.stopping) throw new Error('shutting down; the job will retry');
		const run = this.post(id);
		this.inFlight.add(run);
		try {
			return await run;
		} finally {
			this.inFlight.delete(run);
		}
	}

	private async post(id: string): Promise<NotifyOutcome> {
		await this.waitUntilReady();
		const { service, ledger, jobs, clock } = this.options;
		const notification = service.plan().notifications.find((candidate) => candidate.id === id);
		// Cancelled, moved or already started since the job was made: nothing to say.
		if (!notification) return { kind: 'gone' };
		const now = clock.now();
		if (now.getTime() < notification.notifyAt.getTime()) {
			// Fired before its time (a job delayed for another clock): wait again. The running job still holds the id, so
			// the new one gets its own; the next refresh swaps it for a job under the plain id, and the ledger dedups.
			const retryInMs = clock.realDelayUntil(notification.notifyAt);
			await jobs.schedule(notification, retryInMs, `${id}_early${Date.now()}`);
			return { kind: 'early', retryInMs };
		}
		const decision = latePolicy(notification, service.sessions, now);
		if (!ledger.claim(id, { kind: notification.kind, channelKey: notification.channelKey, sessionCodes: notification.sessionCodes })) return { kind: 'duplicate' };
		const sent: string[] = [];
		try {
			return await this.postClaimed(notification, decision, now, sent);
		} catch (error) {
			// Nothing out yet, whatever failed (the livestream file, building the messages, the send): give the claim back
			// so the job's retry posts. Something out: keep the claim, never repeat a post.
			if (!sent.length) ledger.release(id);
			throw error;
		}
	}

	/** The claimed part of a post; pushes each message id into `sent` as soon as Discord has it. */
	private async postClaimed(notification: PlannedNotification, decision: LateDecision, now: Date, sent: string[]): Promise<NotifyOutcome> {
		const { service, ledger, timezone, logger } = this.options;
		const { id } = notification;
		if (decision.action === 'skip') {
			ledger.markSkipped(id, decision.reason);
			return { kind: 'skipped', reason: decision.reason };
		}
		const channel = this.options.channel(notification.channelKey);
		if (!channel) {
			ledger.markSkipped(id, `no channel for ${notification.channelKey}`);
			logger.warn(`Programme post ${id} skipped: ${notification.channelKey} is not a channel I can use (see the startup report).`);
			return { kind: 'skipped', reason: 'no channel' };
		}
		const messages = notificationMessages(notification, service.sessionsFor(notification.sessionCodes), {
			timezone,
			livestreamFor: (room, start) => livestreamFor(this.options.livestreams?.table() ?? new Map(), room, start, timezone),
			now,
			...(decision.late ? { lateNote: decision.note } : {})
		});
		try {
			for (const message of messages) {
				const posted = await channel.send({ ...(message.content ? { content: message.content } : {}), embeds: message.embeds, allowedMentions: { parse: [] } });
				sent.push(posted.id);
			}
		} catch (error) {
			if (!sent.length) throw error;
			logger.warn(`Programme post ${id} went out only in part (${sent.length} of ${messages.length} messages): ${errorText(error)}`);
		}
		ledger.markPosted(id, { channelId: channel.id, messageIds: sent, late: decision.late, ...(decision.late ? { note: decision.note } : {}) });
		this.options.metrics?.notificationPosted(decision.late);
		if (decision.late) logger.info(`Programme post ${id} sent late in #${channel.name}.`);
		return { kind: 'posted', messageIds: sent, late: decision.late };
	}

	public async refreshReply(): Promise<string> {
		try {
			return refreshReply(await this.refresh(), this.options.timezone);
		} catch (error) {
			if (!(error instanceof ScheduleUnavailableError)) throw error;
			return noProgrammeReply(error.message, this.options.refreshMinutes);
		}
	}

	public async statusReply(): Promise<string> {
		const { service, ledger, jobs, clock, timezone, rehearsal } = this.options;
		const scheduled = (await jobs.list()).length;
		return statusReply(service.status(), ledger.counts(), scheduled, { timezone, now: clock.now(), rehearsal });
	}

	public nextReply(count = 5): string {
		return nextReply(this.options.service.next(count), {
			timezone: this.options.timezone,
			channelMention: (key) => {
				const channel = this.options.channel(key);
				return channel ? `<#${channel.id}>` : `(no channel for ${key})`;
			}
		});
	}

	private async runRefresh(): Promise<RefreshSummary> {
		const { service, jobs, ledger, clock } = this.options;
		const before = new Map(service.sessions.map((session) => [session.code, session]));
		const result = await service.refresh();
		if (!result.fromCache) this.options.onFetched?.();
		const plan = service.plan();
		for (const room of plan.unmappedRooms) {
			if (this.warnedRooms.has(room)) continue;
			this.warnedRooms.add(room);
			this.options.logger.warn(`Programme room "${room}" has no channel in [programme.rooms]; only the main channel announces it.`);
		}
		const jobSummary = await syncJobs(plan.notifications, jobs, ledger, clock);
		// Additions are not news to attendees who never saw the old schedule; moves, room changes and cancellations are.
		const changes = result.changes.filter((change) => change.kind !== 'added');
		if (this.started) {
			// Outside the refresh: a slow or rate-limited Discord must not hold back the next refresh or `/programme refresh`.
			this.announcing = this.announcing
				.then(() => this.announceChanges(changes, before))
				.catch((error: unknown) => this.options.logger.warn(`Schedule changes not announced: ${errorText(error)}`));
			this.updateTopics();
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

	private async announceChanges(changes: readonly ScheduleChange[], before: ReadonlyMap<string, Session>): Promise<void> {
		if (!changes.length) return;
		const { timezone, logger } = this.options;
		const main = this.options.channel(ChannelKeys.programmeMain);
		for (const content of chunkLines(changes.map((change) => formatScheduleChange(change, timezone)))) {
			await main?.send({ content, allowedMentions: { parse: [] } }).catch((error: unknown) => logger.warn(`Could not post a schedule change: ${errorText(error)}`));
		}
		for (const change of changes) {
			const old = before.get(change.code);
			if (!old) continue;
			for (const entry of this.options.ledger.postedFor(change.code)) {
				const channel = this.options.channel(entry.channelKey);
				if (!channel) continue;
				for (const messageId of entry.messageIds) {
					await this.annotatePost(channel, messageId, old, change).catch((error: unknown) =>
						logger.warn(`Could not mark post ${entry.id} with the change to ${change.code}: ${errorText(error)}`)
					);
				}
			}
		}
	}

	private async annotatePost(channel: TextChannel, messageId: string, old: Session, change: ScheduleChange): Promise<void> {
		const message = await channel.messages.fetch(messageId);
		const embeds = message.embeds.map((embed) => embed.toJSON() as APIEmbed);
		const index = embeds.findIndex((embed) => isEmbedOf(embed, old));
		if (index < 0) return;
		embeds[index] = annotateEmbed(embeds[index]!, change, this.options.timezone);
		await message.edit({ embeds, allowedMentions: { parse: [] } });
	}

	/** Room topics follow the livestream file; the keeper edits each only when its text changes, within Discord's limit. */
	private updateTopics(): void {
		const { livestreams, timezone, clock, logger } = this.options;
		if (!livestreams) return;
		const table = livestreams.table();
		if (livestreams.lastError !== this.lastLivestreamError) {
			this.lastLivestreamError = livestreams.lastError;
			if (livestreams.lastError) logger.warn(`Livestream links not updated: ${livestreams.lastError}; the previous links stay.`);
		}
		for (const room of this.options.rooms) {
			const channel = this.options.channel(ChannelKeys.room(room));
			if (!channel) continue;
			this.topics.want(channel, topicFor(room, table, clock.now(), timezone));
		}
	}

	private async waitUntilReady(): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('the programme is not loaded yet; the job will retry')), this.options.readyTimeoutMs ?? 30_000);
		});
		try {
			await Promise.race([this.ready, timeout]);
		} finally {
			clearTimeout(timer);
		}
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

/** Finds a session's embed in a posted message: by talk URL, else by the title as it was rendered. */
function isEmbedOf(embed: APIEmbed, session: Session): boolean {
	if (session.url) return embed.url === session.url;
	return embed.title === escapedWithin(session.title, EMBED_LIMITS.title);
}

/** Joins lines into messages of at most 2000 characters. */
function chunkLines(lines: readonly string[]): string[] {
	const chunks: string[] = [];
	let current = '';
	for (const line of lines) {
		if (current && current.length + 1 + line.length > 2000) {
			chunks.push(current);
			current = '';
		}
		current = current ? `${current}\n${line}` : line.slice(0, 2000);
	}
	if (current) chunks.push(current);
	return chunks;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
