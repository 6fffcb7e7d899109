import { escapeLine } from '#lib/discord/escape';
import { AUTOCOMPLETE_LIMITS, fitLines } from '#lib/discord/limits';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import type { Clock } from '#lib/programme/Clock';
import { localTimeText } from '#lib/programme/programmeTexts';
import type { Session } from '#lib/programme/Session';
import { foldForSearch, programmeSpeakers, type ProgrammeSpeaker } from './programmeSpeakers';
import type { SpeakerCheckin } from './SpeakerCheckin';
import type { SpeakerLinks } from './SpeakerLinks';
import { sessionLine, speakerTexts } from './speakerTexts';

/** Gives or takes the speakers' role; resolves with why not (in `language`) when Discord refused, else null. */
export interface SpeakerRole {
	give(userId: string, reason: string, language?: Language): Promise<string | null>;
	take(userId: string, reason: string, language?: Language): Promise<string | null>;
	/** True when a registration of the member gave the role through their ticket: unlinking then leaves it. */
	fromTicket(userId: string): boolean;
	/** True while the member is linked to a speaker with a session in the programme. */
	speaking(userId: string): boolean;
}

export interface SpeakerDeskOptions {
	links: SpeakerLinks;
	checkin: SpeakerCheckin;
	role: SpeakerRole;
	roleName: string;
	sessions: () => readonly Session[];
	clock: Clock;
	timezone: string;
}

const SESSIONS_TEXT_LIMIT = 1000;

/** How many sessions `/checkin status` shows. */
export const BOARD_SESSIONS = 10;

/** `/speaker link|unlink|list` and `/checkin status`: organizers' side of speakers. Answers are message texts in the organizer's `language`. */
export class SpeakerDesk {
	public constructor(private readonly options: SpeakerDeskOptions) {}

	/** Up to 25 speakers whose name (accents and case aside) contains what was typed. */
	public suggest(typed: string): Array<{ name: string; value: string }> {
		const wanted = foldForSearch(typed.trim());
		return programmeSpeakers(this.options.sessions())
			.filter((speaker) => foldForSearch(speaker.name).includes(wanted))
			.slice(0, AUTOCOMPLETE_LIMITS.choices)
			.map((speaker) => ({ name: clip(`${speaker.name} — ${speaker.sessions[0]!.title}`, AUTOCOMPLETE_LIMITS.name), value: clip(speaker.key, AUTOCOMPLETE_LIMITS.value) }));
	}

	public async link(organizerId: string, userId: string, isBot: boolean, speakerInput: string, language: Language = fallbackLanguage): Promise<string> {
		const t = speakerTexts(language);
		if (isBot) return t('linkBot');
		const speaker = this.find(speakerInput);
		if (!speaker) return t('notFound', { input: escapeLine(clip(speakerInput, 100)) });
		const { links, role, roleName, clock } = this.options;
		const added = links.link({ userId, speakerKey: speaker.key, speakerName: speaker.name, linkedBy: organizerId, linkedAt: clock.now().toISOString(), how: 'organizer' });
		const values = { member: `<@${userId}>`, speaker: escapeLine(speaker.name), role: escapeLine(roleName) };
		if (!added) return t('alreadyLinked', values);
		void this.options.checkin.sync();
		// The audit log's reason stays English: it is a record for the server's admins, not an answer.
		const refused = await role.give(userId, `usher: ${organizerId} linked them to speaker ${speaker.name}`.slice(0, 512), language);
		const roleLine = refused ? t('roleNotGiven', { ...values, reason: refused }) : t('roleGiven', values);
		return [t('linked', { ...values, sessions: this.sessionsText(speaker, language) }), roleLine, t('linkedDm')].join('\n');
	}

	public async unlink(organizerId: string, userId: string, speakerInput: string | null, language: Language = fallbackLanguage): Promise<string> {
		const t = speakerTexts(language);
		const { links, role, roleName, clock } = this.options;
		const speaker = speakerInput === null ? undefined : this.find(speakerInput);
		const key = speakerInput === null ? undefined : (speaker?.key ?? links.linksOf(userId).find((link) => link.speakerKey === speakerInput || foldForSearch(link.speakerName) === foldForSearch(speakerInput))?.speakerKey);
		const values = { member: `<@${userId}>`, role: escapeLine(roleName) };
		if (speakerInput !== null && !key) return t('notLinkedToInput', { ...values, input: escapeLine(speakerInput) });
		// Remembered, so matching the member's ticket name never links them again.
		const removed = links.unlink(userId, key, { by: organizerId, at: clock.now() });
		if (!removed.length && speaker) return t('notLinkedToSpeaker', { ...values, speaker: escapeLine(speaker.name) });
		if (!removed.length) return t('notLinkedToAny', values);
		void this.options.checkin.sync();
		const names = removed.map((link) => `**${escapeLine(link.speakerName)}**`).join(', ');
		const lines = [t('unlinked', { ...values, speakers: names })];
		// Links left only to speakers gone from the programme give no role: the next refresh would take it.
		if (role.speaking(userId)) lines.push(t('keepsRoleLinked', values));
		else if (role.fromTicket(userId)) lines.push(t('keepsRoleTicket', values));
		else {
			const refused = await role.take(userId, `usher: ${organizerId} unlinked them from the programme's speakers`.slice(0, 512), language);
			lines.push(refused ? t('roleNotTaken', { ...values, reason: refused }) : t('roleTaken', values));
		}
		return lines.join('\n');
	}

	public list(language: Language = fallbackLanguage): string {
		const t = speakerTexts(language);
		const links = this.options.links.all();
		if (!links.length) return t('listEmpty');
		const bySpeaker = new Map(programmeSpeakers(this.options.sessions()).map((speaker) => [speaker.key, speaker]));
		return fitLines(
			[t('listHeading', { count: links.length })],
			links,
			(link) => {
				const speaker = bySpeaker.get(link.speakerKey);
				const sessions = speaker ? this.sessionsText(speaker, language) : t('listNoSession');
				return `- ${t('listLine', { speaker: escapeLine(link.speakerName), member: `<@${link.userId}>`, sessions })}${link.how === 'automatic' ? t('listAutomatic') : ''}`;
			},
			(rest) => t('andMore', { count: rest.length })
		);
	}

	public status(language: Language = fallbackLanguage): string {
		const t = speakerTexts(language);
		const { checkin, timezone } = this.options;
		const rows = checkin.board(BOARD_SESSIONS);
		if (!rows.length) return t('statusEmpty');
		return fitLines(
			[t('statusHeading')],
			rows,
			(row) => {
				const speakers = row.speakers.map((speaker) => `${speaker.checkedIn ? '✅' : '⏳'} <@${speaker.userId}>`).join(' · ');
				return `- ${sessionLine(row.session, timezone, language)}: ${speakers}`;
			},
			(rest) => t('andMoreSessions', { count: rest.length })
		);
	}

	/** A choice's value (the speaker key), or a name typed without picking one. */
	private find(input: string): ProgrammeSpeaker | undefined {
		const speakers = programmeSpeakers(this.options.sessions());
		const folded = foldForSearch(input.trim());
		return speakers.find((speaker) => speaker.key === input) ?? speakers.find((speaker) => foldForSearch(speaker.name) === folded);
	}

	private sessionsText(speaker: ProgrammeSpeaker, language: Language): string {
		const { timezone } = this.options;
		const t = speakerTexts(language);
		// A speaker of many sessions must not push an answer or a list line over Discord's 2,000 characters.
		return clip(speaker.sessions.map((session) => t('sessionWhen', { title: escapeLine(session.title), time: localTimeText(session.start, timezone, 'dayTimeFormat', t) })).join(', '), SESSIONS_TEXT_LIMIT);
	}
}

function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
