import { GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, type Guild } from 'discord.js';
import type { ScheduledEventsApi } from '#lib/programme/ScheduledEventMirror';
import type { EventSpec } from '#lib/programme/scheduledEvents';

const REASON = 'usher: programme scheduled events';

/** The mirror's view of a guild's scheduled events, through discord.js (which keeps each request within its bucket). */
export function guildScheduledEvents(guild: Guild): ScheduledEventsApi {
	const fields = (spec: EventSpec) => ({
		name: spec.name,
		description: spec.description,
		scheduledStartTime: spec.start,
		scheduledEndTime: spec.end,
		entityMetadata: { location: spec.location },
		reason: REASON
	});
	return {
		botUserId: guild.client.user.id,
		list: async () =>
			[...(await guild.scheduledEvents.fetch({ withUserCount: true })).values()].map((event) => ({
				id: event.id,
				name: event.name,
				start: event.scheduledStartAt ?? new Date(0),
				creatorId: event.creatorId,
				userCount: event.userCount ?? 0
			})),
		create: async (spec) =>
			(await guild.scheduledEvents.create({ ...fields(spec), privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly, entityType: GuildScheduledEventEntityType.External })).id,
		edit: async (eventId, spec) => void (await guild.scheduledEvents.edit(eventId, fields(spec))),
		delete: (eventId) => guild.scheduledEvents.delete(eventId)
	};
}
