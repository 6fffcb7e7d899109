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
	/**
	 * How many people pretix holds tickets for under a name (`normalizeName`), registered or not: with two, the one who
	 * registered first is no likelier to be the speaker.
	 */
	ticketHolders?: (normalizedName: string) => number;
}

const emailKey = (email: string) => email.trim().toLowerCase();

/**
 * The links to make automatically: a speaker whose name (case, accents, spacing and punctuation aside) is on exactly one
 * member's ticket, and that member matching no other speaker. An email on both sides tells namesakes apart: the ones
 * whose address agrees are the candidates, those with another address never are. Without one, a second person in pretix
 * under the name is doubt enough. Speakers already linked (an organizer chose) and pairs an organizer unlinked are left
 * alone; ambiguity is judged before refusals, so unlinking one namesake never links the other.
 */
export function matchSpeakers({ speakers, members, links, refused, ticketHolders = () => 1 }: MatchInput): SpeakerMatch[] {
	const membersByName = new Map<string, RegisteredMember[]>();
	for (const member of members) {
		for (const name of new Set(member.names.map(normalizeName))) {
			if (name) membersByName.set(name, [...(membersByName.get(name) ?? []), member]);
		}
	}
	const candidatesOf = (speaker: MatchableSpeaker): RegisteredMember[] => {
		const name = normalizeName(speaker.name);
		const named = membersByName.get(name) ?? [];
		const unsure = ticketHolders(name) > 1;
		if (!speaker.email) return unsure ? [] : named;
		const wanted = emailKey(speaker.email);
		const confirmed = named.filter((member) => member.emails.some((email) => emailKey(email) === wanted));
		if (confirmed.length) return confirmed;
		return unsure ? [] : named.filter((member) => !member.emails.length);
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
