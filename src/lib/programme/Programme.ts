import type { TextChannel } from 'discord.js';
import type { Texts } from '#lib/i18n/texts';
import { ChangeAnnouncer } from './ChangeAnnouncer';
import type { Clock } from './Clock';
import type { LivestreamWatcher } from './livestreams';
import type { ProgrammeLogger } from './ProgrammeLogger';
import type { NotificationJobs } from './NotificationJobs';
import type { NotificationLedger } from './NotificationLedger';
import { ProgrammeRefresh } from './ProgrammeRefresh';
import { ProgrammeReplies } from './ProgrammeReplies';
import { ReadinessGate } from './ReadinessGate';
import { RoomTopics } from './RoomTopics';
import type { ScheduledEventMirror } from './ScheduledEventMirror';
import type { ScheduleSync } from './ScheduleSync';
import { SessionPoster, type NotificationMetrics } from './SessionPoster';

export interface ProgrammeOptions {
	schedule: ScheduleSync;
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
	logger: ProgrammeLogger;
	/** Told after each refresh that reached the source (health probes watch its age). */
	onFetched?: () => void;
	/** How long a notify job waits for the first refresh after a (re)start before it fails and is retried. */
	readyTimeoutMs?: number;
	/** Counts posts for /metrics. */
	metrics?: NotificationMetrics;
	/** Sessions mirrored as Discord scheduled events; absent when `scheduled_events = "off"`. */
	scheduledEvents?: ScheduledEventMirror;
	/** The `programme` texts of `[bot] language` for posts, change notices and room topics; English by default. */
	texts?: Texts;
}

/** Programme notifications, put together: the refresh, the poster the notify jobs call, and the organizer replies. */
export class Programme {
	public readonly refresh: ProgrammeRefresh;
	public readonly poster: SessionPoster;
	public readonly replies: ProgrammeReplies;
	public readonly scheduledEvents: ScheduledEventMirror | undefined;
	private readonly announcer: ChangeAnnouncer;
	private readonly topics: RoomTopics;
	private readonly gate: ReadinessGate;

	public constructor(options: ProgrammeOptions) {
		const { schedule, ledger, jobs, clock, timezone, channel, logger } = options;
		const texts = options.texts ? { texts: options.texts } : {};
		const gate = new ReadinessGate(options.readyTimeoutMs);
		this.gate = gate;
		this.scheduledEvents = options.scheduledEvents;
		this.announcer = new ChangeAnnouncer({ ledger, timezone, channel, logger, ...texts });
		this.topics = new RoomTopics({ rooms: options.rooms, timezone, clock, channel, logger, ...texts, ...(options.livestreams ? { livestreams: options.livestreams } : {}) });
		this.refresh = new ProgrammeRefresh({
			schedule,
			ledger,
			jobs,
			clock,
			announcer: this.announcer,
			topics: this.topics,
			...(options.scheduledEvents ? { scheduledEvents: options.scheduledEvents } : {}),
			gate,
			logger,
			...(options.onFetched ? { onFetched: options.onFetched } : {})
		});
		this.poster = new SessionPoster({
			schedule,
			ledger,
			jobs,
			clock,
			timezone,
			channel,
			logger,
			gate,
			...texts,
			...(options.livestreams ? { livestreams: options.livestreams } : {}),
			...(options.metrics ? { metrics: options.metrics } : {})
		});
		this.replies = new ProgrammeReplies({ schedule, refresh: this.refresh, ledger, jobs, clock, rehearsal: options.rehearsal, timezone, refreshMinutes: options.refreshMinutes, channel });
	}

	/** Resolves once the programme has been read after start; rejects after a while so a waiting job is retried. */
	public ready(): Promise<void> {
		return this.gate.wait();
	}

	public start(): Promise<void> {
		return this.refresh.start();
	}

	/** Refuses new posts and lets in-flight work finish, so every post is in the ledger before the database closes. */
	public async stop(): Promise<void> {
		await Promise.allSettled([this.refresh.stop(), this.poster.stop()]);
		await Promise.allSettled([this.announcer.stop(), this.topics.stop(), this.scheduledEvents?.stop()]);
	}
}
