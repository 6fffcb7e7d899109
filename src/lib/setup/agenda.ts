import { container } from '@sapphire/framework';
import { AgendaDesk } from '#lib/agenda/AgendaDesk';
import { AgendaRetention } from '#lib/agenda/AgendaRetention';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import type { BotConfig } from '#lib/config/schema';
import type { Clock } from '#lib/programme/Clock';
import type { ScheduledEventMirror } from '#lib/programme/ScheduledEventMirror';
import type { ScheduleSync } from '#lib/programme/ScheduleSync';
import { ProgrammeStats } from '#lib/statistics/ProgrammeStats';

/** The personal agenda over the programme the programme feature keeps, its statistics and its retention. */
export function installAgenda(config: BotConfig, schedule: ScheduleSync, clock: Clock, scheduledEvents: ScheduledEventMirror | undefined): void {
	const registered = config.registration.enabled ? (userId: string) => container.ledger.ticketsOf(userId).length > 0 : () => true;
	const bookmarks = new Bookmarks(container.db);
	const sessions = () => schedule.sessions;
	const { timezone } = config.programme;
	container.agenda = new AgendaDesk({ bookmarks, sessions, clock, timezone, isRegistered: registered });
	container.programmeStats = new ProgrammeStats({
		sessions,
		bookmarks,
		...(scheduledEvents ? { scheduledEvents } : {}),
		// wired to the reminder ledger when it lands
		reminders: { counts: () => ({ sent: 0, refused: 0 }) },
		roomCapacity: config.programme.room_capacity,
		timezone,
		logger: container.logger
	});
	container.agendaRetention = new AgendaRetention({
		db: container.db,
		sessions,
		fetched: () => schedule.status().fetchedAt !== undefined,
		rehearsal: config.programme.simulated_start !== undefined,
		retentionDays: config.agenda.retention_days,
		// Real time, not the rehearsal clock: the data is the live conference's.
		now: () => container.now(),
		logger: container.logger
	});
}
