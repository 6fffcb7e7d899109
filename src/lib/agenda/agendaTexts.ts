import { DateTime } from 'luxon';
import { escapeLine } from '#lib/discord/escape';
import { AUTOCOMPLETE_LIMITS, fitLines } from '#lib/discord/limits';
import { escapedWithin } from '#lib/programme/format';
import type { Session } from '#lib/programme/Session';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';

export type AgendaScope = 'today' | 'upcoming';

// 25 picks (a full menu) with their headings fit one message with titles this long.
const PICKED_TITLE_LIMIT = 60;
// A title in a one-line answer: any programme title, however long, leaves the answer within one message.
const replyTitle = (title: string) => escapedWithin(title, 300);

/** The agenda's texts in `language` (src/languages/<language>/agenda.json). */
export const agendaTexts = (language: Language): Texts => textsFor(language, 'agenda');

// English keeps the day and month names the programme's other texts (diff.ts, replies.ts) pin; other languages their own.
const luxonLocale = (language: Language) => (language === fallbackLanguage ? 'en-GB' : language);
const local = (instant: Date, timezone: string, format: string, language: Language = fallbackLanguage) =>
	DateTime.fromJSDate(instant, { zone: timezone }).setLocale(luxonLocale(language)).toFormat(format);

/** A day as a member reads it: "Wednesday 15 July" in English, "Mittwoch, 15. Juli" in German, "7月15日水曜日" in Japanese. */
export function dayName(instant: Date, timezone: string, language: Language = fallbackLanguage): string {
	const at = DateTime.fromJSDate(instant, { zone: timezone }).setLocale(luxonLocale(language));
	return language === fallbackLanguage ? at.toFormat('cccc d LLLL') : at.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}
const clock = (instant: Date, timezone: string) => local(instant, timezone, 'HH:mm');
const speakers = (session: Session) => session.speakers.map((speaker) => speaker.name).join(', ');

/** One autocomplete choice: what a member recognises a talk by, cut to Discord's 100 characters. */
export function sessionChoiceName(session: Session, timezone: string, language: Language = fallbackLanguage): string {
	const when = local(session.start, timezone, 'ccc HH:mm', language);
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
export function formatAgenda(bookmarked: readonly Session[], scope: AgendaScope, now: Date, timezone: string, language: Language = fallbackLanguage): string {
	const t = agendaTexts(language);
	const today = dayName(now, timezone, language);
	const shown = bookmarked
		.filter((session) => session.end > now && (scope === 'upcoming' || dayName(session.start, timezone, language) === today))
		.sort((a, b) => a.start.getTime() - b.start.getTime());
	if (shown.length === 0) return t(scope === 'today' ? 'listEmptyToday' : 'listEmptyUpcoming');
	const clashing = conflicts(shown);
	const lines: { day: string; text: string }[] = shown.map((session) => {
		const where = session.rooms.length ? ` · ${escapeLine(session.rooms.join(', '))}` : '';
		const who = speakers(session) ? ` — ${escapeLine(speakers(session))}` : '';
		const clash = clashing.has(session.code) ? ` ${t('overlaps')}` : '';
		return { day: dayName(session.start, timezone, language), text: `• ${clock(session.start, timezone)}–${clock(session.end, timezone)} **${escapeLine(session.title)}**${who}${where}${clash}` };
	});
	const head = [t(scope === 'today' ? 'headToday' : 'headUpcoming', { count: shown.length, timezone })];
	// Day headings go in front of each day's first line, so fitLines counts them with the line they belong to.
	const withDays = lines.map((line, index) => (index === 0 || lines[index - 1]!.day !== line.day ? `\n__${line.day}__\n${line.text}` : line.text));
	return fitLines(head, withDays, (line) => line, (rest) => t('moreSessions', { count: rest.length }));
}

/** The answers of /agenda and the 🔔 in `language`; values from outside are escaped here. */
export function agendaRepliesIn(language: Language) {
	const t = agendaTexts(language);
	return {
		notRegistered: t('notRegistered'),
		noProgramme: t('noProgramme'),
		unknownSession: t('unknownSession'),
		over: (title: string) => t('over', { title: replyTitle(title) }),
		started: (title: string, start: Date, end: Date, timezone: string) => t('started', { title: replyTitle(title), start: clock(start, timezone), end: clock(end, timezone) }),
		gone: t('gone'),
		added: (title: string, start: Date, timezone: string) => t('added', { title: replyTitle(title), day: dayName(start, timezone, language), time: clock(start, timezone) }),
		already: (title: string) => t('already', { title: replyTitle(title) }),
		removed: (title: string) => t('removed', { title: replyTitle(title) }),
		notBookmarked: t('notBookmarked'),
		cleared: (count: number) => (count ? t('cleared', { count }) : t('clearedNothing'))
	};
}

/** The English answers, as every test and log reads them. */
export const agendaReplies = agendaRepliesIn(fallbackLanguage);

/** What became of one session a member picked on a programme post. */
export type PickOutcome = { kind: 'added' | 'already' | 'started'; session: Session } | { kind: 'gone'; code: string };

/** The answer to a 🔔 click or a pick in a menu: one sentence for one session, a list per outcome for several. */
export function pickedReply(outcomes: readonly PickOutcome[], timezone: string, language: Language = fallbackLanguage): string {
	const replies = agendaRepliesIn(language);
	const t = agendaTexts(language);
	if (outcomes.length === 1) {
		const [outcome] = outcomes as [PickOutcome];
		if (outcome.kind === 'gone') return replies.gone;
		const { session } = outcome;
		if (outcome.kind === 'started') return replies.started(session.title, session.start, session.end, timezone);
		return outcome.kind === 'added' ? replies.added(session.title, session.start, timezone) : replies.already(session.title);
	}
	const sessions = (kind: 'added' | 'already' | 'started') => outcomes.flatMap((outcome) => (outcome.kind === kind ? [outcome.session] : []));
	const item = (session: Session) => `• ${clock(session.start, timezone)} **${escapedWithin(session.title, PICKED_TITLE_LIMIT)}**`;
	const section = (heading: string, items: readonly Session[]) => (items.length ? [heading, ...items.map(item)] : []);
	const added = sessions('added');
	const gone = outcomes.length - added.length - sessions('already').length - sessions('started').length;
	const lines = [
		...(added.length ? section(t('pickedAdded', { count: added.length }), added) : [t('pickedNothing')]),
		...section(t('pickedAlready'), sessions('already')),
		...section(t('pickedStarted'), sessions('started')),
		...(gone ? [t('pickedGone', { count: gone })] : [])
	];
	const footer = t('pickedFooter');
	return fitLines([], [...lines, footer], (line) => line, (rest) => `${t('moreLines', { count: rest.length - 1 })} ${footer}`);
}

/** The 🔔 on programme posts and the morning post's menus, in `language` (public: `[bot] language`). */
export function remindTextsIn(language: Language) {
	const t = agendaTexts(language);
	return {
		button: t('remindButton'),
		emoji: '🔔',
		menu: t('remindMenu'),
		blockMenu: (hours: string) => t('remindBlockMenu', { hours })
	};
}

/** A busy hour's part on the morning post: "09:00–10:00 (2/3)". */
export const blockPartLabel = (label: string, index: number, count: number) => (count > 1 ? `${label} (${index + 1}/${count})` : label);

/** The morning post, "Today's programme", in `language` (public: `[bot] language`); the markdown around the texts is set here. */
export function morningTextsIn(language: Language) {
	const t = agendaTexts(language);
	return {
		heading: (day: string) => `# ${t('morningHeading', { day })}`,
		intro: (timezone: string) => `-# ${t('morningIntro', { timezone: escapeLine(timezone) })}`,
		nothingLeft: t('morningNothingLeft'),
		cancelled: (line: string) => `~~${line}~~ ${t('morningCancelled')}`,
		changed: (line: string, time: string | undefined, rooms: string | undefined) =>
			`${line} ${time && rooms ? t('morningMovedAndReroomed', { time, rooms }) : rooms ? t('morningReroomed', { rooms }) : t('morningMoved', { time: time ?? '' })}`
	};
}
