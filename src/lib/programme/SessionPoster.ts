import type { TextChannel } from 'discord.js';
import type { Texts } from '#lib/i18n/texts';
import type { Clock } from './Clock';
import { morningMessages } from '#lib/agenda/morningPost';
import { notificationMessages, type NotificationMessage } from './format';
import { livestreamFor, type LivestreamWatcher } from './livestreams';
import { errorText } from '#lib/errorText';
import type { ProgrammeLogger } from './ProgrammeLogger';
import type { NotificationJobs } from './NotificationJobs';
import type { NotificationLedger } from './NotificationLedger';
import type { PlannedNotification } from './NotificationPlanner';
import type { ReadinessGate } from './ReadinessGate';
import { requeueIfEarly } from './plannedJobs';
import { latePolicy, type LateDecision } from './reconcile';
import type { ScheduleSync } from './ScheduleSync';

export interface NotificationMetrics {
	notificationPosted(late: boolean): void;
}

export interface SessionPosterOptions {
	schedule: ScheduleSync;
	ledger: NotificationLedger;
	jobs: NotificationJobs;
	clock: Clock;
	timezone: string;
	livestreams?: LivestreamWatcher;
	/** Resolves a channel key (`ChannelKeys.*`) to the channel found at startup. */
	channel: (key: string) => TextChannel | undefined;
	logger: ProgrammeLogger;
	/** Opens after the first refresh; posts wait for it so they never read an empty programme. */
	gate: ReadinessGate;
	/** Counts posts for /metrics. */
	metrics?: NotificationMetrics;
	/** The `programme` texts of `[bot] language` for public posts; English by default. */
	texts?: Texts;
}

export type NotifyOutcome =
	| { kind: 'posted'; messageIds: string[]; late: boolean }
	| { kind: 'early'; retryInMs: number }
	| { kind: 'skipped'; reason: string }
	| { kind: 'duplicate' }
	| { kind: 'gone' };

/** Posts a session notification when its job fires; the ledger's claim makes every post happen at most once. */
export class SessionPoster {
	private stopping = false;
	private readonly inFlight = new Set<Promise<NotifyOutcome>>();

	public constructor(private readonly options: SessionPosterOptions) {}

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

	/** Refuses new posts and lets in-flight ones finish, so every post is in the ledger before the database closes. */
	public async stop(): Promise<void> {
		this.stopping = true;
		await Promise.allSettled([...this.inFlight]);
	}

	private async post(id: string): Promise<NotifyOutcome> {
		await this.options.gate.wait();
		const { schedule, ledger, jobs, clock } = this.options;
		const notification = schedule.notification(id);
		// Cancelled, moved or already started since the job was made: nothing to say.
		if (!notification) return { kind: 'gone' };
		const retryInMs = await requeueIfEarly(notification, clock, jobs);
		if (retryInMs !== null) return { kind: 'early', retryInMs };
		const now = clock.now();
		const decision = latePolicy(notification, schedule.sessions, now, this.options.texts);
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
		const { ledger, logger } = this.options;
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
		const messages = this.messages(notification, now, decision.late ? decision.note : undefined);
		try {
			for (const message of messages) {
				const posted = await channel.send({
					...(message.content ? { content: message.content } : {}),
					embeds: message.embeds,
					...(message.components?.length ? { components: message.components } : {}),
					allowedMentions: { parse: [] }
				});
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

	private messages(notification: PlannedNotification, now: Date, lateNote: string | undefined): NotificationMessage[] {
		const { schedule, timezone, texts } = this.options;
		const sessions = schedule.sessionsFor(notification.sessionCodes);
		if (notification.kind === 'morning') {
			// The day's sessions still to come: a code that also runs on another day is listed on its own day only.
			const today = sessions.filter((session) => session.start > now && session.start <= notification.startsAt);
			return morningMessages(today, { timezone, day: notification.notifyAt, ...(lateNote ? { lateNote } : {}) });
		}
		return notificationMessages(notification, sessions, {
			timezone,
			livestreamFor: (room, start) => livestreamFor(this.options.livestreams?.table() ?? new Map(), room, start, timezone),
			now,
			...(lateNote ? { lateNote } : {}),
			...(texts ? { t: texts } : {})
		});
	}
}
