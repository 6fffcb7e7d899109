import type { APIEmbed, APIEmbedField } from 'discord.js';
import { EMBED_LIMITS, fitLines, MESSAGE_LIMIT } from '#lib/discord/limits';
import { escapedWithin } from '#lib/programme/format';
import type { Session } from '#lib/programme/Session';
import { renderBookmarksChart } from './charts';
import type { ChartFile } from './registrationReport';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import type { Texts } from '#lib/i18n/texts';
import { formatCount, statisticsTexts, statsTime } from './text';

/** DM reminders sent to members and refused by Discord (DMs closed). */
export interface ReminderCounts {
	sent: number;
	refused: number;
}

/** "Interested" per session code; or off (no scheduled events), or unavailable (Discord did not list them just now). */
export type InterestedCounts = { kind: 'off' } | { kind: 'unavailable' } | { kind: 'counts'; bySession: ReadonlyMap<string, number> };

export interface ProgrammeReportInput {
	sessions: readonly Session[];
	/** Bookmarks per session code. */
	bookmarks: ReadonlyMap<string, number>;
	/** How many members bookmarked anything. */
	members: number;
	interested: InterestedCounts;
	/** pretalx room → seats (`[programme.room_capacity]`). */
	roomCapacity: Readonly<Record<string, number>>;
	timezone: string;
	reminders: ReminderCounts;
	/** The organizer's language; English when not given. */
	language?: Language;
}

export interface ProgrammeReport {
	content: string;
	embeds: APIEmbed[];
	files: ChartFile[];
}

/** The most bookmarked and the most Interested sessions shown per slot, and the sessions in the chart. */
export const SHOWN_PER_SLOT = 3;
export const CHART_SESSIONS = 15;
const FIELDS_PER_EMBED = 25;
const TITLE_CHARS = 70;
const ROOM_CHARS = 40;

/** A session's seats: the sum over its rooms when config gives every one of them. */
export function seatsOf(session: Session, roomCapacity: Readonly<Record<string, number>>): number | undefined {
	if (session.rooms.length === 0 || session.rooms.some((room) => roomCapacity[room] === undefined)) return undefined;
	return session.rooms.reduce((sum, room) => sum + roomCapacity[room]!, 0);
}

/** `12`, `12 / 600 seats`, or `40 / 30 seats ⚠️ over capacity`. */
export function countWithSeats(count: number, seats: number | undefined, language: Language = fallbackLanguage): string {
	if (seats === undefined) return formatCount(count, language);
	return statisticsTexts(language)(count > seats ? 'countOverSeats' : 'countWithSeats', { count, seats });
}

interface Slot {
	start: Date;
	sessions: Session[];
}

/** `/stats programme`: totals, then per conference day an embed with a field per slot, then the chart; nothing about any member. */
export async function programmeReport(input: ProgrammeReportInput): Promise<ProgrammeReport> {
	const language = input.language ?? fallbackLanguage;
	const t = statisticsTexts(language);
	const talks = input.sessions.filter((session) => !session.isBreak);
	const bookmarksOf = (session: Session) => input.bookmarks.get(session.code) ?? 0;
	const interestedOf = (session: Session) => (input.interested.kind === 'counts' ? (input.interested.bySession.get(session.code) ?? 0) : 0);
	const active = talks.filter((session) => bookmarksOf(session) > 0 || interestedOf(session) > 0);
	const days = groupBy(active, (session) => statsTime(session.start, input.timezone, 'yyyy-LL-dd'));
	const parallel = new Map<number, number>();
	for (const session of talks) parallel.set(session.start.getTime(), (parallel.get(session.start.getTime()) ?? 0) + 1);
	const { embeds, omitted } = fitEmbeds(
		[...days.values()].map((sessions) => dayEmbed(sessions, input, bookmarksOf, interestedOf, parallel, language)),
		EMBED_LIMITS.totalPerMessage
	);
	const busiest = talks
		.filter((session) => bookmarksOf(session) > 0)
		.sort((a, b) => bookmarksOf(b) - bookmarksOf(a) || a.start.getTime() - b.start.getTime())
		.slice(0, CHART_SESSIONS);
	const chart = await renderBookmarksChart(
		busiest.map((session) => ({ label: `${statsTime(session.start, input.timezone, t('programme:dayTimeFormat'), language)} ${session.title}`, bookmarks: bookmarksOf(session), ...optionalSeats(seatsOf(session, input.roomCapacity)) })),
		{ title: busiest.length ? t('chartMostBookmarked', { count: busiest.length }) : t('chartBookmarksPerSession'), language }
	);
	const lines = [...summary(input, talks, bookmarksOf, interestedOf, t)];
	if (omitted.slots) lines.push(t('slotsLeftOut', { slots: t('moreSlots', { count: omitted.slots }), from: omitted.from ?? '' }));
	const content = fitLines([], lines, (line) => line, () => '…', MESSAGE_LIMIT);
	return { content, embeds, files: [{ name: 'bookmarks-per-session.png', data: chart }] };
}

function summary(input: ProgrammeReportInput, talks: readonly Session[], bookmarksOf: (session: Session) => number, interestedOf: (session: Session) => number, t: Texts): string[] {
	const lines = [t('programmeHeading', { timezone: input.timezone })];
	const total = [...input.bookmarks.values()].reduce((sum, count) => sum + count, 0);
	const known = new Set(talks.map((session) => session.code));
	const bookmarked = talks.filter((session) => bookmarksOf(session) > 0).length;
	const gone = [...input.bookmarks].filter(([code]) => !known.has(code)).reduce((sum, [, count]) => sum + count, 0);
	if (total === 0) lines.push(t('bookmarksNone'));
	else {
		const values = { total, sessions: t('sessions', { count: bookmarked }), members: t('members', { count: input.members }), gone };
		lines.push(t(gone ? 'bookmarksTotalGone' : 'bookmarksTotal', values));
	}
	if (input.interested.kind === 'off') lines.push(t('interestedOff'));
	else if (input.interested.kind === 'unavailable') lines.push(t('interestedUnavailable'));
	else {
		const interested = talks.filter((session) => interestedOf(session) > 0);
		lines.push(t('interestedTotal', { total: interested.reduce((sum, session) => sum + interestedOf(session), 0), events: t('events', { count: interested.length }) }));
	}
	lines.push(t('reminders', { sent: input.reminders.sent, refused: input.reminders.refused }));
	if (Object.keys(input.roomCapacity).length === 0) lines.push(t('noSeats'));
	else {
		const over = talks.filter((session) => {
			const seats = seatsOf(session, input.roomCapacity);
			return seats !== undefined && bookmarksOf(session) > seats;
		}).length;
		lines.push(over ? t('overSeats', { count: over }) : t('noneOverSeats'));
	}
	return lines;
}

/** A day's embed and its fields, each with the number of slots it stands for (the "…" field stands for several). */
interface DayEmbed {
	embed: APIEmbed;
	fields: Array<APIEmbedField & { slots: number }>;
}

function dayEmbed(
	sessions: readonly Session[],
	input: ProgrammeReportInput,
	bookmarksOf: (session: Session) => number,
	interestedOf: (session: Session) => number,
	parallel: ReadonlyMap<number, number>,
	language: Language
): DayEmbed {
	const t = statisticsTexts(language);
	const slots = [...groupBy(sessions, (session) => String(session.start.getTime())).values()].map((group): Slot => ({ start: group[0]!.start, sessions: group }));
	const totalOf = (of: (session: Session) => number) => sessions.reduce((sum, session) => sum + of(session), 0);
	const bookmarks = t('dayBookmarks', { count: totalOf(bookmarksOf) });
	const description = input.interested.kind === 'counts' ? t('dayBookmarksInterested', { bookmarks, interested: totalOf(interestedOf) }) : bookmarks;
	const fields = slots.map((slot) => ({ ...slotField(slot, input, bookmarksOf, interestedOf, parallel.get(slot.start.getTime()) ?? slot.sessions.length, language), slots: 1 }));
	if (fields.length > FIELDS_PER_EMBED) {
		const rest = fields.length - FIELDS_PER_EMBED + 1;
		fields.splice(FIELDS_PER_EMBED - 1, Infinity, { name: '…', value: t('moreSlotsThisDay', { count: rest }), slots: rest });
	}
	return { embed: { title: statsTime(sessions[0]!.start, input.timezone, t('dayTitleFormat'), language), description }, fields };
}

/** One slot: its start and how many sessions run in parallel then, with the top sessions of each ranking. */
function slotField(slot: Slot, input: ProgrammeReportInput, bookmarksOf: (session: Session) => number, interestedOf: (session: Session) => number, parallel: number, language: Language): APIEmbedField {
	const t = statisticsTexts(language);
	const line = (mark: string, count: number, session: Session) => {
		const rooms = session.rooms.length ? ` · ${escapedWithin(session.rooms.join(', '), ROOM_CHARS)}` : '';
		return `${mark} ${countWithSeats(count, seatsOf(session, input.roomCapacity), language)} · **${escapedWithin(session.title, TITLE_CHARS)}**${rooms}`;
	};
	const ranked = (of: (session: Session) => number) => slot.sessions.filter((session) => of(session) > 0).sort((a, b) => of(b) - of(a) || a.code.localeCompare(b.code));
	const lines: string[] = [];
	for (const [mark, of, more] of [
		['🔖', bookmarksOf, 'moreBookmarked'],
		['⭐', interestedOf, 'moreInterested']
	] as const) {
		const sessions = ranked(of);
		lines.push(...sessions.slice(0, SHOWN_PER_SLOT).map((session) => line(mark, of(session), session)));
		if (sessions.length > SHOWN_PER_SLOT) lines.push(`${mark} ${t(more, { count: sessions.length - SHOWN_PER_SLOT })}`);
	}
	return {
		name: t('slotName', { time: statsTime(slot.start, input.timezone, 'HH:mm'), sessions: t('slotSessions', { count: parallel }) }),
		value: fitLines([], lines, (text) => text, (rest) => t('moreLines', { count: rest.length }), EMBED_LIMITS.fieldValue)
	};
}

/** Days in order, each field while the message's embed budget lasts; what does not fit is counted from where it stops. */
function fitEmbeds(days: readonly DayEmbed[], budget: number): { embeds: APIEmbed[]; omitted: { slots: number; from?: string } } {
	const embeds: APIEmbed[] = [];
	let used = 0;
	for (const [index, day] of days.entries()) {
		const head = (day.embed.title?.length ?? 0) + (day.embed.description?.length ?? 0);
		const fields: APIEmbedField[] = [];
		let fits = embeds.length < EMBED_LIMITS.embedsPerMessage && used + head <= budget;
		if (fits) used += head;
		for (const field of day.fields) {
			const size = field.name.length + field.value.length;
			fits &&= used + size <= budget;
			if (!fits) break;
			fields.push({ name: field.name, value: field.value });
			used += size;
		}
		if (fields.length) embeds.push({ ...day.embed, fields });
		if (fields.length < day.fields.length) {
			const slotsIn = (dayFields: DayEmbed['fields']) => dayFields.reduce((sum, field) => sum + field.slots, 0);
			const slots = slotsIn(day.fields.slice(fields.length)) + days.slice(index + 1).reduce((sum, later) => sum + slotsIn(later.fields), 0);
			const next = day.fields[fields.length]!;
			return { embeds, omitted: { slots, from: `${day.embed.title}${fields.length && next.slots === 1 ? `, ${next.name.split(' · ')[0]}` : ''}` } };
		}
	}
	return { embeds, omitted: { slots: 0 } };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of [...items].sort((a, b) => key(a).localeCompare(key(b)))) {
		const group = groups.get(key(item));
		if (group) group.push(item);
		else groups.set(key(item), [item]);
	}
	return groups;
}

const optionalSeats = (seats: number | undefined) => (seats === undefined ? {} : { seats });
