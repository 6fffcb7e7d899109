import type { FileConfig } from '#lib/config/schema';
import type { PlannerOptions } from './NotificationPlanner';

/** How planned posts name their channels: config keys in the bot, channel names in the preview CLI. */
export interface ChannelNaming {
	main: string;
	room(room: string, configuredChannel: string): string;
}

/** The planner's options from `[programme]` (and `[agenda] morning_post`), shared by the bot and `schedule preview` so both plan alike. */
export function plannerOptionsFrom(programme: FileConfig['programme'], naming: ChannelNaming, agenda?: FileConfig['agenda']): PlannerOptions {
	return {
		...(agenda && agenda.morning_post !== 'off' ? { morningPost: { at: agenda.morning_post, timezone: programme.timezone } } : {}),
		leadMinutes: programme.lead_minutes,
		roomLeadMinutes: programme.room_lead_minutes,
		mainChannelKey: naming.main,
		rooms: Object.fromEntries(Object.entries(programme.rooms).map(([room, channel]) => [room, naming.room(room, channel)]))
	};
}
