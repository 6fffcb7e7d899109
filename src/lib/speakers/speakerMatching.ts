import { normalizeName } from '#lib/registration/normalize';
import { refusalKey, type SpeakerLink } from './SpeakerLinks';

/** A speaker of the programme as matching sees them; `email` only when pretalx gave it (an organiser token). */
export interface MatchableSpeaker {
	key: string;
	name: string;
	email?: string;
}

/** A registered member: the attendee names on the tickets they claimed, and the tickets' emails when pretix has them. */
export interface RegisteredMember {
	userId: string;
	names: readonly string[];
	emails: readonly string[];
}

export interface SpeakerMatch {
	userId: string;
	speakerKey: string;
	speakerName: string;
}

export interface MatchInput {
	speakers: readonly MatchableSpeaker[];
	members: readonly RegisteredMember[];
	links: readonly Pick<SpeakerLink, 'userId' | 'speakerKey'>[];
	/** `refusalKey` pairs an organizer unlinked. */
	refused: ReadonlySet<string>;
}

const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * The links to make automatically: a speaker whose name (case, accents, spacing and punctuation aside) is on exactly one
 * member's ticket, and that member matching no other speaker. Where both sides have an email it must agree as well, so a
 * namesake with another address is no candidate. Speakers already linked (an organizer chose) and pairs an organizer
 * unlinked are left alone; ambiguity is judged before refusals, so unlinking one namesake never links the other.
 */
export function matchSpeakers({ speakers, members, links, refused }: MatchInput): SpeakerMatch[] {
	const membersByName = new Map<string, RegisteredMember[]>();
	for (const member of members) {
		for (const name of new Set(member.names.map(normalizeName))) {
			if (name) membersByName.set(name, [...(membersByName.get(name) ?? []), member]);
		}
	}
	const candidatesOf = (speaker: MatchableSpeaker): RegisteredMember[] => {
		const named = membersByName.get(normalizeName(speaker.name)) ?? [];
		if (!speaker.email) return named;
		const wanted = emailKey(speaker.email);
		return named.filter((member) => !member.emails.length || member.emails.some((email) => emailKey(email) === wanted));
	};
	const pairs = speakers.map((speaker) => ({ speaker, candidates: candidatesOf(speaker) }));
	const speakersPerMember = new Map<string, number>();
	for (const { candidates } of pairs) for (const member of candidates) speakersPerMember.set(member.userId, (speakersPerMember.get(member.userId) ?? 0) + 1);
	const linkedSpeakers = new Set(links.map((link) => link.speakerKey));
	const linkedPairs = new Set(links.map((link) => refusalKey(link.userId, link.speakerKey)));
	const matches: SpeakerMatch[] = [];
	for (const { speaker, candidates } of pairs) {
		if (candidates.length !== 1) continue;
		const member = candidates[0]!;
		const pair = refusalKey(member.userId, speaker.key);
		if (speakersPerMember.get(member.userId) !== 1 || linkedSpeakers.has(speaker.key) || linkedPairs.has(pair) || refused.has(pair)) continue;
		matches.push({ userId: member.userId, speakerKey: speaker.key, speakerName: speaker.name });
	}
	return matches;
}
