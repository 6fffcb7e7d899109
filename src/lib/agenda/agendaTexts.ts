import { DateTime } from 'luxon';
import { escapeLine } from '#lib/discord/escape';
import { AUTOCOMPLETE_LIMITS, fitLines } from '#lib/discord/limits';
import { escapedWithin } from '#lib/programme/format';
import type { Session } from '#lib/programme/Session';
import { plural } from '#lib/statistics/text';

export type AgendaScope = 'today' | 'upcoming';

// 25 picks (a full menu) with their headings fit one message with titles this long.
const PICKED_TITLE_LIMIT = 60;
// A title in a one-line answer: any programme title, however long, leaves the answer within one message.
const replyTitle = (title: string) => escapedWithin(title, 300);

// English day and month names whatever the host's locale, as the programme's other texts (diff.ts, replies.ts) pin them.
const local = (instant: Date, timezone: string, format: string) => DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB').toFormat(format);
const day = (instant: Date, timezone: string) => local(instant, timezone, 'cccc d LLLL');
const clock = (instant: Date, timezone: string) => local(instant, timezone, 'HH:mm');
const speakers = (session: Session) => session.speakers.map((speaker) => speaker.name).join(', ');

/** One autocomplete choice: what a member recognises a talk by, cut to Discord's 100 characters. */
export function sessionChoiceName(session: Session, timezone: string): string {
	const when = local(session.start, timezone, 'ccc HH:mm');
	const tail = [when, session.rooms.join(', ')].filter(Boolean).join(' · ');
	const who = speakers(session);
	const head = who ? `${session.title} — ${who}` : session.title;
	const room = AUTOCOMPLETE_LIMITS.name - tail.length - 3;
	return `${head.length > room ? `${head.slice(0, Math.max(1, room - 1)).trimEnd()}…` : head} · ${tail}`.slice(0, AUTOCOMPLETE_LIMITS.name);
}

/** Codes of the sessions that overlap another bookmarked one: a member cannot be in two rooms at once. */
export function conflicts(sessions: readonly Session[]): Set<string> {
	const clashing = new Set<string>();
	const sorted = [...sessions].sort((a, b) => a.start.getTime() - b.start.getTime());
	for (let i = 0; i < sorted.length; i++) {
		for (let j = i + 1; j < sorted.length && sorted[j]!.start < sorted[i]!.end; j++) {
			clashing.add(sorted[i]!.code).add(sorted[j]!.code);
		}
	}
	return clashing;
}

/** The member's agenda (ephemeral): by day in the conference's time zone, overlaps marked, within one message. */
export function formatAgenda(bookmarked: readonly Session[], scope: AgendaScope, now: Date, timezone: string): string {
	const today = day(now, timezone);
	const shown = bookmarked
		.filter((session) => session.end > now && (scope === 'upcoming' || day(session.start, timezone) === today))
		.sort((a, b) => a.start.getTime() - b.start.getTime());
	if (shown.length === 0) {
		return scope === 'today'
			? 'Nothing on your agenda for the rest of today. `/agenda list when:upcoming` shows the days ahead; `/agenda add` bookmarks a session.'
			: 'Your agenda is empty. Bookmark sessions with `/agenda add` (start typing a title, a speaker or a room).';
	}
	const clashing = conflicts(shown);
	const lines: { day: string; text: string }[] = shown.map((session) => {
		const where = session.rooms.length ? ` · ${escapeLine(session.rooms.join(', '))}` : '';
		const who = speakers(session) ? ` — ${escapeLine(speakers(session))}` : '';
		const clash = clashing.has(session.code) ? ' ⚠️ overlaps another of your sessions' : '';
		return { day: day(session.start, timezone), text: `• ${clock(session.start, timezone)}–${clock(session.end, timezone)} **${escapeLine(session.title)}**${who}${where}${clash}` };
	});
	const head = [scope === 'today' ? `**Your agenda for today** (${plural(shown.length, 'session', 'sessions')}, times in ${timezone})` : `**Your agenda** (${plural(shown.length, 'session', 'sessions')}, times in ${timezone})`];
	// Day headings go in front of each day's first line, so fitLines counts them with the line they belong to.
	const withDays = lines.map((line, index) => (index === 0 || lines[index - 1]!.day !== line.day ? `\n__${line.day}__\n${line.text}` : line.text));
	return fitLines(head, withDays, (line) => line, (rest) => `…and ${plural(rest.length, 'more session', 'more sessions')}.`);
}

export const agendaReplies = {
	notRegistered: 'Your agenda opens once you are registered: use the Register button in the registration channel first.',
	noProgramme: 'The programme is not loaded yet, so there is nothing to bookmark. Please try again in a minute.',
	unknownSession: 'I could not find that session. Start typing its title, a speaker or the room, and pick it from the list.',
	over: (title: string) => `**${replyTitle(title)}** has already ended, so I did not add it.`,
	started: (title: string, start: Date, end: Date, timezone: string) =>
		`**${replyTitle(title)}** already started at ${clock(start, timezone)} (it runs until ${clock(end, timezone)}), so there is nothing left to remind you of; I did not add it.`,
	gone: 'That session is no longer in the programme (it was cancelled or withdrawn), so I did not add it. `/agenda add` finds the sessions still on.',
	added: (title: string, start: Date, timezone: string) => `🔖 Bookmarked **${replyTitle(title)}** (${day(start, timezone)}, ${clock(start, timezone)}). \`/agenda list\` shows your day.`,
	already: (title: string) => `**${replyTitle(title)}** is on your agenda already.`,
	removed: (title: string) => `Removed **${replyTitle(title)}** from your agenda.`,
	notBookmarked: 'That session is not on your agenda, so there was nothing to remove.',
	cleared: (count: number) => (count ? `Done: your agenda is empty now (${plural(count, 'bookmark', 'bookmarks')} deleted).` : 'Your agenda was already empty; nothing was stored about you.')
};

/** What became of one session a member picked on a programme post. */
export type PickOutcome = { kind: 'added' | 'already' | 'started'; session: Session } | { kind: 'gone'; code: string };

/** The answer to a 🔔 click or a pick in a menu: one sentence for one session, a list per outcome for several. */
export function pickedReply(outcomes: readonly PickOutcome[], timezone: string): string {
	if (outcomes.length === 1) {
		const [outcome] = outcomes as [PickOutcome];
		if (outcome.kind === 'gone') return agendaReplies.gone;
		const { session } = outcome;
		if (outcome.kind === 'started') return agendaReplies.started(session.title, session.start, session.end, timezone);
		return outcome.kind === 'added' ? agendaReplies.added(session.title, session.start, timezone) : agendaReplies.already(session.title);
	}
	const sessions = (kind: 'added' | 'already' | 'started') => outcomes.flatMap((outcome) => (outcome.kind === kind ? [outcome.session] : []));
	const item = (session: Session) => `• ${clock(session.start, timezone)} **${escapedWithin(session.title, PICKED_TITLE_LIMIT)}**`;
	const section = (heading: string, items: readonly Session[]) => (items.length ? [heading, ...items.map(item)] : []);
	const added = sessions('added');
	const gone = outcomes.length - added.length - sessions('already').length - sessions('started').length;
	const lines = [
		...(added.length ? section(`🔖 Bookmarked ${plural(added.length, 'session', 'sessions')}:`, added) : ['I bookmarked nothing new.']),
		...section('Already on your agenda:', sessions('already')),
		...section('Already started, so not added:', sessions('started')),
		...(gone ? [`${plural(gone, 'session is', 'sessions are')} no longer in the programme (cancelled or withdrawn), so not added.`] : [])
	];
	return fitLines([], [...lines, '`/agenda list` shows your day.'], (line) => line, (rest) => `…and ${plural(rest.length - 1, 'more line', 'more lines')}. \`/agenda list\` shows your day.`);
}

/** The 🔔 on programme posts and the morning post's menus. */
export const remindTexts = {
	button: 'Remind me',
	emoji: '🔔',
	menu: '🔔 Remind me of…',
	blockMenu: (hours: string) => `🔔 ${hours}: remind me of…`
};

/** The morning post, "Today's programme". */
export const morningTexts = {
	heading: (day: string) => `# Today's programme · ${day}`,
	intro: (timezone: string) => `-# Times in ${escapeLine(timezone)}. Pick sessions in the menus below to bookmark them (several at once if you like); \`/agenda list\` shows your day.`,
	nothingLeft: 'Every session of today has started; `/agenda list` shows your day.',
	part: (label: string, index: number, count: number) => (count > 1 ? `${label} (${index + 1}/${count})` : label),
	cancelled: (line: string) => `~~${line}~~ ❌ cancelled`,
	changed: (line: string, time: string | undefined, rooms: string | undefined) => `${line} 🔁 now ${[time, rooms ? `in ${rooms}` : undefined].filter(Boolean).join(' ')}`
};
