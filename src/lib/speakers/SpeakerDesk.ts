import { escapeLine } from '#lib/discord/escape';
import { AUTOCOMPLETE_LIMITS, fitLines } from '#lib/discord/limits';
import { localTime } from '#lib/programme/localTime';
import type { Clock } from '#lib/programme/Clock';
import type { Session } from '#lib/programme/Session';
import { foldForSearch, programmeSpeakers, type ProgrammeSpeaker } from './programmeSpeakers';
import type { SpeakerCheckin } from './SpeakerCheckin';
import type { SpeakerLinks } from './SpeakerLinks';
import { sessionLine } from './speakerTexts';

/** Gives or takes the speakers' role; resolves with why not when Discord refused, else null. */
export interface SpeakerRole {
	give(userId: string, reason: string): Promise<string | null>;
	take(userId: string, reason: string): Promise<string | null>;
	/** True when a registration of the member gave the role through their ticket: unlinking then leaves it. */
	fromTicket(userId: string): boolean;
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

/** `/speaker link|unlink|list` and `/checkin status`: organizers' side of speakers. Answers are message texts. */
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

	public async link(organizerId: string, userId: string, isBot: boolean, speakerInput: string): Promise<string> {
		if (isBot) return 'Bots cannot be speakers: pick the member’s own account.';
		const speaker = this.find(speakerInput);
		if (!speaker) return notFound(speakerInput);
		const { links, role, roleName, clock } = this.options;
		const added = links.link({ userId, speakerKey: speaker.key, speakerName: speaker.name, linkedBy: organizerId, linkedAt: clock.now().toISOString(), how: 'organizer' });
		const who = `<@${userId}>`;
		const name = `**${escapeLine(speaker.name)}**`;
		if (!added) return `${who} is already linked to ${name}; nothing changed.`;
		void this.options.checkin.sync();
		const refused = await role.give(userId, `usher: ${organizerId} linked them to speaker ${speaker.name}`.slice(0, 512));
		const roleLine = refused ? `⚠️ The ${escapeLine(roleName)} role was not given (${refused}); the link is kept, try again once that is fixed.` : `They have the ${escapeLine(roleName)} role.`;
		return [`✅ Linked ${who} to speaker ${name}: ${this.sessionsText(speaker)}.`, roleLine, 'They get a DM with an “I’m here” button before each session.'].join('\n');
	}

	public async unlink(organizerId: string, userId: string, speakerInput: string | null): Promise<string> {
		const { links, role, roleName, clock } = this.options;
		const speaker = speakerInput === null ? undefined : this.find(speakerInput);
		const key = speakerInput === null ? undefined : (speaker?.key ?? links.linksOf(userId).find((link) => link.speakerKey === speakerInput || foldForSearch(link.speakerName) === foldForSearch(speakerInput))?.speakerKey);
		if (speakerInput !== null && !key) return `<@${userId}> is not linked to a speaker “${escapeLine(speakerInput)}”. \`/speaker list\` shows the links.`;
		// Remembered, so matching the member's ticket name never links them again.
		const removed = links.unlink(userId, key, { by: organizerId, at: clock.now() });
		if (!removed.length && speaker) return `<@${userId}> is not linked to **${escapeLine(speaker.name)}**; nothing changed.`;
		if (!removed.length) return `<@${userId}> is not linked to any speaker; nothing changed.`;
		void this.options.checkin.sync();
		const names = removed.map((link) => `**${escapeLine(link.speakerName)}**`).join(', ');
		const lines = [`✅ Unlinked <@${userId}> from ${names}.`];
		if (links.linksOf(userId).length) lines.push(`They stay linked to other speakers and keep the ${escapeLine(roleName)} role.`);
		else if (role.fromTicket(userId)) lines.push(`Their ticket gives the ${escapeLine(roleName)} role, so they keep it.`);
		else {
			const refused = await role.take(userId, `usher: ${organizerId} unlinked them from the programme's speakers`.slice(0, 512));
			lines.push(refused ? `⚠️ The ${escapeLine(roleName)} role was not taken back (${refused}).` : `The ${escapeLine(roleName)} role was taken back.`);
		}
		return lines.join('\n');
	}

	public list(): string {
		const links = this.options.links.all();
		if (!links.length) return 'No member is linked to a speaker yet. `/speaker link` links one.';
		const bySpeaker = new Map(programmeSpeakers(this.options.sessions()).map((speaker) => [speaker.key, speaker]));
		return fitLines(
			[`**Speaker links** (${links.length}):`],
			links,
			(link) => {
				const speaker = bySpeaker.get(link.speakerKey);
				return `- **${escapeLine(link.speakerName)}** → <@${link.userId}>: ${speaker ? this.sessionsText(speaker) : 'no session in the programme now'}`;
			},
			(rest) => `…and ${rest.length} more`
		);
	}

	public status(): string {
		const { checkin, timezone } = this.options;
		const rows = checkin.board(BOARD_SESSIONS);
		if (!rows.length) return 'No session still to come has a linked speaker. `/speaker link` links one.';
		return fitLines(
			['**Speaker check-in**, next sessions:'],
			rows,
			(row) => {
				const speakers = row.speakers.map((speaker) => `${speaker.checkedIn ? '✅' : '⏳'} <@${speaker.userId}>`).join(' · ');
				return `- ${sessionLine(row.session, timezone)}: ${speakers}`;
			},
			(rest) => `…and ${rest.length} more sessions`
		);
	}

	/** A choice's value (the speaker key), or a name typed without picking one. */
	private find(input: string): ProgrammeSpeaker | undefined {
		const speakers = programmeSpeakers(this.options.sessions());
		const folded = foldForSearch(input.trim());
		return speakers.find((speaker) => speaker.key === input) ?? speakers.find((speaker) => foldForSearch(speaker.name) === folded);
	}

	private sessionsText(speaker: ProgrammeSpeaker): string {
		const { timezone } = this.options;
		// A speaker of many sessions must not push an answer or a list line over Discord's 2,000 characters.
		return clip(speaker.sessions.map((session) => `${escapeLine(session.title)} (${localTime(session.start, timezone, 'ccc HH:mm')})`).join(', '), SESSIONS_TEXT_LIMIT);
	}
}

function notFound(input: string): string {
	return `No speaker “${escapeLine(clip(input, 100))}” in the programme. Start typing a name and pick one from the list.`;
}

function clip(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
