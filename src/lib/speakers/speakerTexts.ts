import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { localTime } from '#lib/programme/localTime';
import type { Session } from '#lib/programme/Session';
import { SpeakerIds } from './speakerIds';

/** Where and when, as speakers and the desk read it: "**Title** at 09:55 in Forum Hall". */
export function sessionLine(session: Session, timezone: string): string {
	const where = session.rooms.length ? ` in ${session.rooms.map(escapeLine).join(', ')}` : '';
	return `**${escapeLine(session.title)}** at ${localTime(session.start, timezone, 'HH:mm')}${where}`;
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

export const checkinTexts = {
	checkedIn: (session: Session, timezone: string) => `✅ Thanks, you are checked in for ${sessionLine(session, timezone)}. The speaker desk knows.`,
	already: (session: Session, timezone: string, at: Date) => `✅ You were already checked in for ${sessionLine(session, timezone)} (since ${localTime(at, timezone, 'HH:mm')}).`,
	notYours: (session: Session, timezone: string) => `This button is for the speakers of ${sessionLine(session, timezone)}. If that should be you, please ask at the speaker desk.`,
	gone: 'This session is no longer in the programme. Please ask at the speaker desk.',
	over: (session: Session, timezone: string) => `${sessionLine(session, timezone)} has already started, so there is nothing to check in for any more.`
} as const;
