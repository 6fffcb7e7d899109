import type { APIEmbed } from 'discord.js';
import { escapeText } from '#lib/discord/escape';
import { EMBED_LIMITS } from '#lib/discord/limits';
import { remindComponents, type ComponentRow } from '#lib/agenda/remindComponents';
import type { Texts } from '#lib/i18n/texts';
import type { PlannedNotification } from './NotificationPlanner';
import { englishProgrammeTexts, localTimeText } from './programmeTexts';
import { durationMinutes, type Session } from './Session';

const ABSTRACT_LIMIT = 300;
const EMBED_COLOUR = 0x3b73a8;

export interface FormatOptions {
	/** The conference zone for the footer's local time. */
	timezone: string;
	/** Livestream URL for a room at a session's start, if any. */
	livestreamFor?: (room: string, start: Date) => string | undefined;
	/** The `programme` texts of `[bot] language`; English by default. */
	t?: Texts;
}

export interface NotificationMessage {
	content: string;
	embeds: APIEmbed[];
	/** The 🔔 to bookmark the message's sessions from. */
	components?: ComponentRow[];
}

/** Cuts `text` to `max` characters at a word boundary, ending with `…`. */
export function shortenAtWord(text: string, max: number): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max - 1);
	const lastSpace = cut.lastIndexOf(' ');
	return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s\\.,;:]+$/, '')}…`;
}

/** Escapes, then shortens the raw text further if the escapes pushed it over `max`. */
export function escapedWithin(text: string, max: number): string {
	let budget = max;
	for (;;) {
		const escaped = escapeText(shortenAtWord(text, budget));
		if (escaped.length <= max || budget <= 1) return escaped.slice(0, max);
		budget -= escaped.length - max;
	}
}

export function speakerLine(session: Session): string | undefined {
	const names = session.speakers.map((speaker) => speaker.name);
	if (names.length === 0) return undefined;
	const joined = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} & ${names.at(-1)!}`;
	return shortenAtWord(joined, EMBED_LIMITS.author);
}

/** The embed for one session, as discord-api-types JSON (send it with `allowedMentions: { parse: [] }`). */
export function sessionEmbed(session: Session, options: FormatOptions): APIEmbed {
	const t = options.t ?? englishProgrammeTexts();
	const unix = Math.floor(session.start.getTime() / 1000);
	const livestream = session.rooms.map((room) => options.livestreamFor?.(room, session.start)).find((url) => !!url);
	const minutes = durationMinutes(session);
	const author = speakerLine(session);
	const avatar = session.speakers.find((speaker) => speaker.avatarUrl)?.avatarUrl;
	const description = session.abstract
		? `${escapedWithin(session.abstract, ABSTRACT_LIMIT)}${session.url ? `\n\n[${t('readMore')}](${session.url})` : ''}`
		: undefined;
	const local = localTimeText(session.start, options.timezone, 'timeFormat', t);
	return {
		title: escapedWithin(session.title, EMBED_LIMITS.title),
		...(session.url ? { url: session.url } : {}),
		...(author ? { author: { name: author, ...(avatar ? { icon_url: avatar } : {}) } } : {}),
		...(description ? { description } : {}),
		color: EMBED_COLOUR,
		fields: [
			{ name: t('fieldStart'), value: `<t:${unix}:t> (<t:${unix}:R>)`, inline: true },
			{ name: t(session.rooms.length > 1 ? 'fieldRooms' : 'fieldRoom'), value: escapedWithin(session.rooms.join(', ') || '—', EMBED_LIMITS.fieldValue), inline: true },
			{ name: t('fieldTrack'), value: session.track ? escapedWithin(session.track, EMBED_LIMITS.fieldValue) : '—', inline: true },
			{ name: t('fieldDuration'), value: minutes > 0 ? t('durationMinutes', { count: minutes }) : '—', inline: true },
			{ name: t('fieldLanguage'), value: session.language ? escapedWithin(session.language, 64) : '—', inline: true },
			{ name: t('fieldLivestream'), value: livestream ? `[${t('watchLive')}](${livestream})` : '—', inline: true }
		],
		footer: { text: t('footer', { time: local, timezone: options.timezone }) }
	};
}

/** The heading of a notification: `# Sessions starting in 5 minutes` or `# Starting in 2 minutes in Forum Hall`. */
export function notificationHeading(notification: PlannedNotification, minutesLeft: number, t: Texts = englishProgrammeTexts()): string {
	if (notification.kind === 'main') return `# ${minutesLeft <= 0 ? t('headingMainNow') : t('headingMain', { count: minutesLeft })}`;
	const rooms = escapeText(notification.rooms.join(', '));
	return `# ${minutesLeft <= 0 ? t('headingRoomNow', { rooms }) : t('headingRoom', { count: minutesLeft, rooms })}`;
}

/**
 * The messages for one notification: heading plus embeds, split so no message has more than 10 embeds
 * or 6000 characters, each with the 🔔 of its own sessions. `now` makes a late post say how long is really left.
 */
export function notificationMessages(
	notification: PlannedNotification,
	sessions: readonly Session[],
	options: FormatOptions & { now?: Date; lateNote?: string }
): NotificationMessage[] {
	const minutesLeft = options.now
		? Math.max(0, Math.round((notification.startsAt.getTime() - options.now.getTime()) / 60_000))
		: notification.leadMinutes;
	const heading = notificationHeading(notification, minutesLeft, options.t) + (options.lateNote ? `\n-# ${options.lateNote}` : '');
	const messages: { content: string; embeds: APIEmbed[]; sessions: Session[] }[] = [];
	let current = { content: heading, embeds: [] as APIEmbed[], sessions: [] as Session[] };
	let size = 0;
	for (const session of sessions) {
		const embed = sessionEmbed(session, options);
		const length = embedLength(embed);
		if (current.embeds.length === EMBED_LIMITS.embedsPerMessage || (current.embeds.length > 0 && size + length > EMBED_LIMITS.totalPerMessage)) {
			messages.push(current);
			current = { content: '', embeds: [], sessions: [] };
			size = 0;
		}
		current.embeds.push(embed);
		current.sessions.push(session);
		size += length;
	}
	messages.push(current);
	return messages.map(({ content, embeds, sessions: shown }) => ({ content, embeds, components: remindComponents(shown, options.timezone) }));
}

/** Characters Discord counts toward the 6000 per message. */
export function embedLength(embed: APIEmbed): number {
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
	);
}
