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

/** "I'm here" in `language`: the button and the texts that name it. */
export const hereLabel = (language: Language = fallbackLanguage): string => speakerTexts(language)('hereLabel');

export function hereButton(session: Session, disabled = false, language: Language = fallbackLanguage): APIActionRowComponent<APIButtonComponent> {
	return {
		type: ComponentType.ActionRow,
		components: [{ type: ComponentType.Button, style: ButtonStyle.Success, label: hereLabel(language), custom_id: `${SpeakerIds.hereButton}${session.code}`, disabled }]
	};
}

/** The check-in DM, in the speaker's language (remembered from /agenda, else `[bot] language`). */
export function checkinDm(session: Session, timezone: string, minutesLeft: number, language: Language = fallbackLanguage): string {
	const t = speakerTexts(language);
	return t('checkinDm', { session: sessionLine(session, timezone, language), minutes: t('minutes', { count: minutesLeft }), button: hereLabel(language) });
}

/** In the speakers' channel: the one message that pings, and only the speaker; in `[bot] language`, as a public post. */
export function checkinPing(userId: string, session: Session, timezone: string, minutesLeft: number, language: Language = fallbackLanguage): string {
	const t = speakerTexts(language);
	return t('checkinPing', { member: `<@${userId}>`, session: sessionLine(session, timezone, language), minutes: t('minutes', { count: minutesLeft }), button: hereLabel(language) });
}

export interface MissingSpeaker {
	userId: string;
	names: string[];
}

/** The speaker desk's nag, in `[bot] language`: who is not in yet. */
export function deskNag(session: Session, timezone: string, minutesLeft: number, missing: readonly MissingSpeaker[], language: Language = fallbackLanguage): string {
	const t = speakerTexts(language);
	const who = missing.map((speaker) => `<@${speaker.userId}>${speaker.names.length ? ` (${speaker.names.map(escapeLine).join(', ')})` : ''}`);
	const head = t('deskNag', { minutes: t('minutes', { count: minutesLeft }), session: sessionLine(session, timezone, language) });
	return fitLines([head], who, (line) => `- ${line}`, (rest) => t('andMore', { count: rest.length }));
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
