import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { formatScheduleChange, type ScheduleChange } from '#lib/programme/diff';
import { escapedWithin } from '#lib/programme/format';
import { localTime } from '#lib/programme/localTime';
import type { Session } from '#lib/programme/Session';
import { agendaTexts } from './agendaTexts';

export interface ReminderContext {
	timezone: string;
	now: Date;
	/** The room's stream, when the livestreams file has one for that day. */
	livestream?: string;
	/** Room name → its Discord channel id, for a link the member can click. */
	roomChannelId: (room: string) => string | undefined;
	/** The member's language (remembered from their last /agenda or 🔔); English when absent. */
	language?: Language;
}

const footer = (language: Language) => `-# ${agendaTexts(language)('reminderFooter')}`;

/** The DM a member gets before a bookmarked session. */
export function reminderMessage(session: Session, context: ReminderContext): RESTPostAPIChannelMessageJSONBody {
	const language = context.language ?? fallbackLanguage;
	const t = agendaTexts(language);
	const minutes = Math.max(1, Math.round((session.start.getTime() - context.now.getTime()) / 60_000));
	// Cut so the room channel link and the footer always fit, whatever the programme holds.
	const line = (text: string, max: number) => escapedWithin(text.replace(/\s+/g, ' '), max);
	const starts = { title: line(session.title, 300), count: minutes, time: localTime(session.start, context.timezone, 'HH:mm') };
	const lines = [session.rooms.length ? t('reminderStartsIn', { ...starts, rooms: line(session.rooms.join(', '), 200) }) : t('reminderStarts', starts)];
	const speakers = session.speakers.map((speaker) => speaker.name).join(', ');
	if (speakers) lines.push(`🎤 ${line(speakers, 300)}`);
	if (context.livestream) lines.push(t('reminderLivestream', { url: `<${context.livestream}>` }));
	const channels = session.rooms.flatMap((room) => context.roomChannelId(room) ?? []);
	if (channels.length) lines.push(t('reminderRoomChannel', { channels: channels.map((id) => `<#${id}>`).join(' ') }));
	lines.push(footer(language));
	return { content: lines.join('\n').slice(0, 2000) };
}

/**
 * The DM a member gets when a bookmarked session moves, changes room or is cancelled, in `language`; its first line
 * is the change as the programme words it.
 */
export function changeNotice(change: ScheduleChange, timezone: string, language: Language = fallbackLanguage): string {
	const follow = agendaTexts(language)(change.kind === 'cancelled' ? 'noticeCancelled' : 'noticeMoved');
	return `${formatScheduleChange(change, timezone, textsFor(language, 'programme'))}\n${follow}\n${footer(language)}`.slice(0, 2000);
}

/** What a change notice is about, so the same change seen twice sends one DM and a later change sends another. */
export function changeOccasion(change: ScheduleChange): string {
	const after = change.after;
	return after ? `${change.kind}@${after.start.toISOString()}@${[...after.rooms].sort().join('+')}` : change.kind;
}

/** Told once, ephemerally, the next time a member whose DMs were refused uses /agenda. */
export const dmsClosedNoticeIn = (language: Language): string => agendaTexts(language)('dmsClosed');

/** The notice in English, as the tests read it. */
export const dmsClosedNotice = dmsClosedNoticeIn(fallbackLanguage);

export function reminderSettingReply(minutes: number, language: Language = fallbackLanguage): string {
	const t = agendaTexts(language);
	return minutes === 0 ? t('remindersOff') : t('remindersLead', { count: minutes });
}
