import { container } from '@sapphire/framework';
import type { BotConfig } from '#lib/config/schema';
import { ConfigError } from '#lib/config/ConfigError';
import { chooseLanguage } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { guildScheduledEvents } from '#lib/discord/guildScheduledEvents';
import { livestreamFor, LivestreamWatcher } from '#lib/programme/livestreams';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import { plannerOptionsFrom } from '#lib/programme/plannerOptions';
import { Programme } from '#lib/programme/Programme';
import { programmeTime } from '#lib/programme/rehearsal';
import { PersonalDataRetention } from '#lib/retention/PersonalDataRetention';
import { ScheduledEventMirror } from '#lib/programme/ScheduledEventMirror';
import { ScheduledEventRepository } from '#lib/programme/ScheduledEventRepository';
import { ScheduleSnapshotRepository } from '#lib/programme/ScheduleSnapshotRepository';
import { ScheduleSync } from '#lib/programme/ScheduleSync';
import { TaskQueueJobs } from '#lib/programme/TaskQueueJobs';
import { installAgenda } from './agenda';
import { installQa } from './qa';
import { installSpeakers } from './speakers';
import { FileSource, FrabJsonSource, PretalxApiSource, type ScheduleSource } from '#lib/programme/sources/ScheduleSource';

// Quick retries: the periodic refresh is the real retry, and a restart should not wait long on a pretalx that is down.
const HTTP = { timeoutMs: 15_000, retries: 2, retryDelayMs: 250 };

/** The programme services: schedule source and its snapshot, the planner options, the ledger, the poster, the refresh. */
export function installProgramme(config: BotConfig): void {
	const programme = config.programme;
	const { timezone, language } = programme;
	const { clock, notificationPrefix } = programmeTime({
		...(programme.simulated_start ? { simulatedStart: programme.simulated_start } : {}),
		speed: programme.speed,
		store: container.kv
	});
	const now = () => clock.now();
	const rooms = Object.keys(programme.rooms);
	// Public posts, change notices, room topics and scheduled events speak `[bot] language`.
	const publicProgrammeTexts = textsFor(chooseLanguage({}, config.bot.language), 'programme');
	const schedule = new ScheduleSync({
		source: scheduleSource(config),
		extras: programme.extra_files.map((file) => new FileSource(file, { timezone, language })),
		snapshots: new ScheduleSnapshotRepository(container.db),
		now,
		planner: { ...plannerOptionsFrom(programme, { main: ChannelKeys.programmeMain, room: (room) => ChannelKeys.room(room) }, config.agenda), idPrefix: notificationPrefix },
		changeHorizonHours: programme.change_horizon_hours
	});
	const livestreams = programme.livestreams_file ? new LivestreamWatcher(programme.livestreams_file) : undefined;
	// Not in a rehearsal: Discord refuses events whose times are in its past, and a rehearsal's clock is not Discord's.
	const rehearsal = programme.simulated_start !== undefined;
	if (rehearsal && programme.scheduled_events !== 'off') container.logger.info('Programme rehearsal: scheduled events stay off (Discord keeps real time).');
	const scheduledEvents =
		programme.scheduled_events === 'off' || rehearsal
			? undefined
			: new ScheduledEventMirror({
					mode: programme.scheduled_events,
					max: programme.scheduled_events_max,
					keynoteTypes: programme.keynote_types,
					sessions: () => schedule.sessions,
					livestream: (session) => session.rooms.map((room) => livestreamFor(livestreams?.table() ?? new Map(), room, session.start, timezone)).find((url) => !!url),
					api: () => (container.directory ? guildScheduledEvents(container.directory.guild) : undefined),
					repository: new ScheduledEventRepository(container.db),
					clock,
					logger: container.logger,
					texts: publicProgrammeTexts
				});
	// Real time, not the rehearsal clock: the stale-claim window is about crashed processes.
	const ledger = new NotificationLedger(container.db, () => new Date(), { idPrefix: notificationPrefix });
	container.programme = new Programme({
		schedule,
		ledger,
		jobs: new TaskQueueJobs(() => container.tasks),
		clock,
		rehearsal,
		timezone,
		refreshMinutes: programme.refresh_minutes,
		rooms,
		...(livestreams ? { livestreams } : {}),
		...(scheduledEvents ? { scheduledEvents } : {}),
		channel: (key) => container.directory?.channel(key),
		logger: container.logger,
		metrics: container.metrics,
		onFetched: () => container.syncs.record('pretalx', container.now()),
		texts: publicProgrammeTexts
	});
	container.personalDataRetention = new PersonalDataRetention({
		db: container.db,
		sessions: () => schedule.sessions,
		fetched: () => schedule.status().fetchedAt !== undefined,
		rehearsal,
		retentionDays: config.agenda.retention_days,
		// The last Q&A threads get their summary and archive first, even with retention_days = 0.
		minimumAfterEndMs: config.qa.enabled ? (config.qa.archive_minutes + 60) * 60_000 : 0,
		// Real time, not the rehearsal clock: the data is the live conference's.
		now: () => container.now(),
		logger: container.logger
	});
	installAgenda(config, { schedule, clock, namespace: notificationPrefix, ...(livestreams ? { livestreams } : {}), ...(scheduledEvents ? { scheduledEvents } : {}) });
	if (config.speakers.enabled) installSpeakers(config, { schedule, clock, namespace: notificationPrefix });
	if (config.qa.enabled) installQa(config, { schedule, clock, ledger, namespace: notificationPrefix });
	if (programme.simulated_start) container.logger.info(`Programme rehearsal: clock at ${clock.now().toISOString()}, running ${programme.speed}× real time.`);
}

function scheduleSource(config: BotConfig): ScheduleSource {
	const { source, url, event, timezone, language } = config.programme;
	switch (source) {
		case 'frab':
			return new FrabJsonSource({ url, timezone, ...HTTP });
		case 'pretalx-api':
			if (!event) throw new ConfigError('programme.event: set the pretalx event slug (e.g. "europython-2026") when programme.source = "pretalx-api"');
			return new PretalxApiSource({ baseUrl: url, event, language, ...HTTP, ...(config.secrets.pretalxToken ? { token: config.secrets.pretalxToken } : {}) });
		case 'file':
			return new FileSource(url, { timezone, language });
	}
}
