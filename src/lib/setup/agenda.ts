import { container } from '@sapphire/framework';
import { AgendaDesk } from '#lib/agenda/AgendaDesk';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import type { BotConfig } from '#lib/config/schema';
import type { Clock } from '#lib/programme/Clock';
import type { ScheduleSync } from '#lib/programme/ScheduleSync';

/** The personal agenda over the programme the programme feature keeps. */
export function installAgenda(config: BotConfig, schedule: ScheduleSync, clock: Clock): void {
	const registered = config.registration.enabled ? (userId: string) => container.ledger.ticketsOf(userId).length > 0 : () => true;
	container.agenda = new AgendaDesk({ bookmarks: new Bookmarks(container.db), sessions: () => schedule.sessions, clock, timezone: config.programme.timezone, isRegistered: registered });
}
