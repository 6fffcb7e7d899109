import type { Session, Speaker } from '#lib/programme/Session';

/** A speaker of the programme, with the sessions they give. */
export interface ProgrammeSpeaker {
	key: string;
	name: string;
	/** When pretalx gives it (an organiser token). */
	email?: string;
	sessions: Session[];
}

/** How a speaker is known across refreshes: pretalx's person code, or the name when the source gives none. */
export function speakerKey(speaker: Pick<Speaker, 'code' | 'name'>): string {
	return speaker.code ? `code:${speaker.code}` : `name:${speaker.name.trim().toLowerCase()}`;
}

/** Every speaker of the programme's sessions (breaks have none), by name. */
export function programmeSpeakers(sessions: readonly Session[]): ProgrammeSpeaker[] {
	const byKey = new Map<string, ProgrammeSpeaker>();
	for (const session of sessions) {
		if (session.isBreak) continue;
		for (const speaker of session.speakers) {
			const key = speakerKey(speaker);
			const known = byKey.get(key);
			if (known) {
				known.sessions.push(session);
				known.email ??= speaker.email;
			} else byKey.set(key, { key, name: speaker.name, ...(speaker.email ? { email: speaker.email } : {}), sessions: [session] });
		}
	}
	return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

/** Folds case and accents, so "zoe" finds "Zoë". */
export function foldForSearch(text: string): string {
	return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
