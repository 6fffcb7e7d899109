import { escapeText } from '#lib/discord/escape';
import { SCHEDULED_EVENT_LIMITS } from '#lib/discord/limits';
import type { Texts } from '#lib/i18n/texts';
import { englishProgrammeTexts } from './programmeTexts';
import type { Session } from './Session';

export type ScheduledEventsMode = 'off' | 'keynotes' | 'all';

export interface EventWindowOptions {
	mode: ScheduledEventsMode;
	/** At most this many events at once (`scheduled_events_max`). */
	max: number;
	/** Session types that count as keynotes (`keynote_types`). */
	keynoteTypes: readonly string[];
	now: Date;
	/** Session codes that already have an event: they stay while running, where a new event could not start in the past. */
	mirrored: ReadonlySet<string>;
}

/** What one scheduled event says about a session. */
export interface EventSpec {
	name: string;
	description: string;
	location: string;
	start: Date;
	end: Date;
}

/**
 * The sessions that should have an event now: the next `max` that have not ended, in start order. A session that has
 * started keeps its event, but gets none if it has none (Discord refuses a start in the past).
 */
export function planEventWindow(sessions: readonly Session[], options: EventWindowOptions): Session[] {
	if (options.mode === 'off') return [];
	const now = options.now.getTime();
	return sessions
		.filter((session) => !session.isBreak && session.end.getTime() > now)
		.filter((session) => options.mode === 'all' || (session.type !== undefined && options.keynoteTypes.includes(session.type)))
		.filter((session) => session.start.getTime() > now || options.mirrored.has(session.code))
		.sort((a, b) => a.start.getTime() - b.start.getTime() || a.code.localeCompare(b.code))
		.slice(0, options.max);
}

/** The event for a session: speakers and abstract as the description (markdown escaped), rooms and stream as the location. `t`: `[bot] language`'s programme texts. */
export function eventSpecFor(session: Session, livestream?: string, t: Texts = englishProgrammeTexts()): EventSpec {
	const speakers = session.speakers.map((speaker) => speaker.name).join(', ');
	const parts = [speakers ? `**${escapeText(speakers)}**` : '', session.abstract ? escapeText(session.abstract.trim()) : '', session.url ?? ''].filter(Boolean);
	return {
		name: cut(session.title.replace(/\s+/g, ' ').trim(), SCHEDULED_EVENT_LIMITS.name),
		description: cut(parts.join('\n\n'), SCHEDULED_EVENT_LIMITS.description),
		location: locationFor(session.rooms, livestream, t),
		start: session.start,
		end: session.end
	};
}

/** Rooms and the stream link; when both do not fit, the link wins (it is what a remote attendee can use). */
function locationFor(rooms: readonly string[], livestream: string | undefined, t: Texts): string {
	const room = rooms.join(', ') || t('eventLocation');
	if (!livestream) return cut(room, SCHEDULED_EVENT_LIMITS.location);
	const both = `${room} · ${livestream}`;
	if (both.length <= SCHEDULED_EVENT_LIMITS.location) return both;
	return livestream.length <= SCHEDULED_EVENT_LIMITS.location ? livestream : cut(room, SCHEDULED_EVENT_LIMITS.location);
}

function cut(text: string, limit: number): string {
	return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** True when the event must be edited to match `wanted`. */
export function specChanged(sent: EventSpec, wanted: EventSpec): boolean {
	return sent.name !== wanted.name || sent.description !== wanted.description || sent.location !== wanted.location || sent.start.getTime() !== wanted.start.getTime() || sent.end.getTime() !== wanted.end.getTime();
}
