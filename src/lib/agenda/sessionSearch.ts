import anyAscii from 'any-ascii';
import type { Session } from '#lib/programme/Session';

/** Lower-case ASCII words: accents, case and punctuation never stop a match ("Łukasz" finds "lukasz"). */
export function searchWords(text: string): string[] {
	return anyAscii(text.normalize('NFKC')).toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** At most one letter wrong, missing, extra or two swapped: the typos of a thumb on a phone. */
function withinOneEdit(a: string, b: string): boolean {
	if (Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	if (i === a.length || i === b.length) return Math.abs(a.length - b.length) <= 1;
	const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
	return swapped || a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}

/** How well one typed word matches a session's words: 3 exact, 2 a word's start, 1 a near miss, 0 none. */
function wordScore(typed: string, words: readonly string[]): number {
	let best = 0;
	for (const word of words) {
		if (word === typed) return 3;
		if (word.startsWith(typed)) best = Math.max(best, 2);
		else if (typed.length >= 4 && (withinOneEdit(typed, word) || withinOneEdit(typed, word.slice(0, typed.length)))) best = Math.max(best, 1);
	}
	return best;
}

/**
 * Sessions (never breaks) that match every typed word in the title, a speaker, a room or the track, best first and
 * then by start; with nothing typed, the next sessions in start order. Only sessions that have not ended by `now`.
 */
export function searchSessions(sessions: readonly Session[], query: string, now: Date, limit = 25): Session[] {
	const typed = searchWords(query);
	const candidates = sessions.filter((session) => !session.isBreak && session.end.getTime() > now.getTime());
	const scored = candidates.flatMap((session) => {
		if (typed.length === 0) return [{ session, score: 0 }];
		const title = searchWords(session.title);
		const others = searchWords([...session.speakers.map((speaker) => speaker.name), ...session.rooms, session.track ?? '', session.code].join(' '));
		let score = 0;
		for (const word of typed) {
			// A title word counts a little more than a speaker's or room's, so "django" puts talks about Django first.
			const inTitle = wordScore(word, title);
			const elsewhere = wordScore(word, others);
			if (!inTitle && !elsewhere) return [];
			score += Math.max(inTitle + 0.5 * Math.sign(inTitle), elsewhere);
		}
		return [{ session, score }];
	});
	return scored
		.sort((a, b) => b.score - a.score || a.session.start.getTime() - b.session.start.getTime() || a.session.code.localeCompare(b.session.code))
		.slice(0, limit)
		.map(({ session }) => session);
}
