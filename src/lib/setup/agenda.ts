import { container } from '@sapphire/framework';
import { AgendaDesk } from '#lib/agenda/AgendaDesk';
import { AgendaMembers } from '#lib/agenda/AgendaMembers';
import { AgendaReminders } from '#lib/agenda/AgendaReminders';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import { ReminderLedger } from '#lib/agenda/ReminderLedger';
import { REMINDER_SENDS_PER_SECOND } from '#lib/agenda/reminderWaves';
import type { BotConfig } from '#lib/config/schema';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { DirectMessages } from '#lib/discord/DirectMessages';
import { DmChannels } from '#lib/discord/DmChannels';
import { SendPace } from '#lib/discord/SendPace';
import type { Clock } from '#lib/programme/Clock';
import { livestreamFor, type LivestreamWatcher } from '#lib/programme/livestreams';
import type { ScheduledEventMirror } from '#lib/programme/ScheduledEventMirror';
import type { ScheduleSync } from '#lib/programme/ScheduleSync';
import { TaskQueueJobs } from '#lib/programme/TaskQueueJobs';
import { ProgrammeStats } from '#lib/statistics/ProgrammeStats';

export interface AgendaSetup {
	schedule: ScheduleSync;
	clock: Clock;
	/** A rehearsal's namespace ('' live), so its reminders neither stand in for nor block the live ones. */
	namespace: string;
	livestreams?: LivestreamWatcher;
	/** The Discord scheduled events, whose "Interested" counts /stats programme shows; absent when off. */
	scheduledEvents?: ScheduledEventMirror;
}

/** The personal agenda over the programme the programme feature keeps: its DM reminders and statistics. */
export function installAgenda(config: BotConfig, { schedule, clock, namespace, livestreams, scheduledEvents }: AgendaSetup): void {
	const { timezone } = config.programme;
	const sessions = () => schedule.sessions;
	const defaultLeadMinutes = config.agenda.reminder_minutes;
	const members = new AgendaMembers(container.db, defaultLeadMinutes);
	const bookmarks = new Bookmarks(container.db);
	const reminders = new AgendaReminders({
		bookmarks,
		members,
		// Real time, like the programme's ledger: the stale-claim window is about crashed processes.
		ledger: new ReminderLedger(container.db, () => new Date(), { namespace }),
		jobs: new TaskQueueJobs(() => container.tasks, 'agendaReminders'),
		clock,
		sessions,
		timezone,
		idPrefix: namespace,
		speed: config.programme.simulated_start ? config.programme.speed : 1,
		defaultLeadMinutes,
		dms: new DirectMessages(() => container.client, new DmChannels(container.db)),
		pace: new SendPace(REMINDER_SENDS_PER_SECOND),
		ready: () => container.programme.ready(),
		livestream: (session) => session.rooms.map((room) => livestreamFor(livestreams?.table() ?? new Map(), room, session.start, timezone)).find((url) => !!url),
		roomChannelId: (room) => container.directory?.channel(ChannelKeys.room(room))?.id,
		logger: container.logger,
		language: config.bot.language
	});
	container.agendaReminders = reminders;
	container.programme.refresh.onRefreshed((changes) => reminders.programmeRefreshed(changes));
	const registered = config.registration.enabled ? (userId: string) => container.ledger.ticketsOf(userId).length > 0 : () => true;
	container.agenda = new AgendaDesk({ bookmarks, sessions, clock, timezone, isRegistered: registered, reminders, language: config.bot.language });
	container.programmeStats = new ProgrammeStats({
		sessions,
		bookmarks,
		...(scheduledEvents ? { scheduledEvents } : {}),
		reminders,
		roomCapacity: config.programme.room_capacity,
		timezone,
		logger: container.logger
	});
}
