import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { localTime } from '#lib/programme/localTime';
import type { Session } from '#lib/programme/Session';
import { SpeakerIds } from './speakerIds';

/** The speakers' texts in `language` (src/languages/<language>/speakers.json). */
export const speakerTexts = (language: Language): Texts => textsFor(language, 'speakers');

/** Where and when, as speakers and the desk read it: "**Title** at 09:55 in Forum Hall". */
export function sessionLine(session: Session, timezone: string, language: Language = fallbackLanguage): string {
	const values = { title: escapeLine(session.title), time: localTime(session.start, timezone, 'HH:mm'), rooms: session.rooms.map(escapeLine).join(', ') };
	return speakerTexts(language)(session.rooms.length ? 'sessionAtIn' : 'sessionAt', values);
}

const minutesText = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;

export const hereLabel = "I'm here";

export function hereButton(session: Session, disabled = false): APIActionRowComponent<APIButtonComponent> {
	return {
		type: ComponentType.ActionRow,
		components: [{ type: ComponentType.Button, style: ButtonStyle.Success, label: hereLabel, custom_id: `${SpeakerIds.hereButton}${session.code}`, disabled }]
	};
}

export function checkinDm(session: Session, timezone: string, minutesLeft: number): string {
	return `🎤 Your session ${sessionLine(session, timezone)} starts in ${minutesText(minutesLeft)}.\nWhen you are at the venue, press **${hereLabel}** so the speaker desk knows.`;
}

/** In the speakers' channel: the one message that pings, and only the speaker. */
export function checkinPing(userId: string, session: Session, timezone: string, minutesLeft: number): string {
	return `<@${userId}> your session ${sessionLine(session, timezone)} starts in ${minutesText(minutesLeft)}. Your DMs are closed to me, so: when you are at the venue, press **${hereLabel}**.`;
}

export interface MissingSpeaker {
	userId: string;
	names: string[];
}

export function deskNag(session: Session, timezone: string, minutesLeft: number, missing: readonly MissingSpeaker[]): string {
	const who = missing.map((speaker) => `<@${speaker.userId}>${speaker.names.length ? ` (${speaker.names.map(escapeLine).join(', ')})` : ''}`);
	return fitLines([`⏳ Not checked in, ${minutesText(minutesLeft)} before ${sessionLine(session, timezone)}:`], who, (line) => `- ${line}`, (rest) => `…and ${rest.length} more`);
}

/** Answers to a click on "I'm here", in the clicker's language. */
export function checkinTexts(language: Language = fallbackLanguage) {
	const t = speakerTexts(language);
	const session = (of: Session, timezone: string) => sessionLine(of, timezone, language);
	return {
		checkedIn: (of: Session, timezone: string) => t('checkedIn', { session: session(of, timezone) }),
		already: (of: Session, timezone: string, at: Date) => t('already', { session: session(of, timezone), time: localTime(at, timezone, 'HH:mm') }),
		notYours: (of: Session, timezone: string) => t('notYours', { session: session(of, timezone) }),
		gone: t('gone'),
		over: (of: Session, timezone: string) => t('over', { session: session(of, timezone) })
	};
}
