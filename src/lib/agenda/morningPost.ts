import { DateTime } from 'luxon';
import { COMPONENT_LIMITS, MESSAGE_LIMIT } from '#lib/discord/limits';
import type { ScheduleChange } from '#lib/programme/diff';
import { escapedWithin, type NotificationMessage } from '#lib/programme/format';
import { compareSessions, type Session } from '#lib/programme/Session';
import { AgendaIds } from './customIds';
import type { Language } from '#lib/i18n/language';
import { publicLanguage } from '#lib/i18n/replyTexts';
import { blockPartLabel, dayName, morningTextsIn, remindTextsIn } from './agendaTexts';
import { pickableSessions, sessionMenu } from './remindComponents';

const TITLE_LIMIT = 100;
const ROOMS_LIMIT = 60;

// Clock times only (day names come from dayName): pinned so the host's locale never changes a digit.
const local = (instant: Date, timezone: string) => DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB');
const pad = (hour: number) => String(hour).padStart(2, '0');

/** One page of the day: the sessions of one time block (or part of a busy one), listed and offered in one select. */
interface Block {
	label: string;
	text: string;
	sessions: Session[];
}

/** One line of the list: time, title and room, escaped and cut (under 200 characters, so a page holds at least ten). */
export function morningLine(session: Session, timezone: string): string {
	const rooms = session.rooms.length ? ` · ${escapedWithin(session.rooms.join(', '), ROOMS_LIMIT)}` : '';
	return `\`${local(session.start, timezone).toFormat('HH:mm')}\` **${escapedWithin(session.title, TITLE_LIMIT)}**${rooms}`;
}

/**
 * "Today's programme": the day's sessions by hour, each hour (split when busy: at most 25 options and a message's
 * characters each) with its own select to bookmark from; at most 5 selects and 2,000 characters per message.
 */
export function morningMessages(sessions: readonly Session[], options: { timezone: string; day: Date; lateNote?: string; language?: Language }): NotificationMessage[] {
	const { timezone } = options;
	const language = options.language ?? publicLanguage();
	const morningTexts = morningTextsIn(language);
	const remindTexts = remindTextsIn(language);
	const header = [morningTexts.heading(dayName(options.day, timezone, language)), morningTexts.intro(timezone), ...(options.lateNote ? [`-# ${options.lateNote}`] : [])].join('\n');
	const listed = pickableSessions([...sessions].sort(compareSessions));
	if (listed.length === 0) return [{ content: `${header}\n\n${morningTexts.nothingLeft}`, embeds: [] }];
	// Every block fits in a message beside the header, so packing never has to cut one.
	const budget = MESSAGE_LIMIT - header.length - 2;
	const blocks = hourBlocks(listed, timezone, budget);
	const messages: NotificationMessage[] = [];
	let current: Block[] = [];
	let length = header.length;
	const flush = () => {
		const first = messages.length === 0;
		const body = current.map((block) => block.text).join('\n\n');
		const offset = messages.reduce((sum, message) => sum + (message.components?.length ?? 0), 0);
		messages.push({
			content: first ? `${header}\n\n${body}` : body,
			embeds: [],
			components: current.map((block, index) => sessionMenu(AgendaIds.menu(offset + index), remindTexts.blockMenu(block.label), block.sessions, timezone))
		});
		current = [];
		length = 0;
	};
	for (const block of blocks) {
		if (current.length === COMPONENT_LIMITS.actionRows || (current.length > 0 && length + 2 + block.text.length > MESSAGE_LIMIT)) flush();
		length += (length ? 2 : 0) + block.text.length;
		current.push(block);
	}
	flush();
	return messages;
}

/** The sessions by the hour they start in, a busy hour split so each part has at most 25 sessions and fits `budget`. */
function hourBlocks(sessions: readonly Session[], timezone: string, budget: number): Block[] {
	const byHour = new Map<number, Session[]>();
	for (const session of sessions) {
		const hour = local(session.start, timezone).hour;
		byHour.set(hour, [...(byHour.get(hour) ?? []), session]);
	}
	const blocks: Block[] = [];
	for (const [hour, group] of byHour) {
		const label = `${pad(hour)}:00–${pad(hour + 1)}:00`;
		// The heading of a part may grow to "(12/12)": room is kept for it.
		const headingRoom = `**${label} (00/00)**`.length;
		const parts: Session[][] = [[]];
		let length = headingRoom;
		for (const session of group) {
			const line = morningLine(session, timezone).length;
			const part = parts.at(-1)!;
			if (part.length === COMPONENT_LIMITS.selectOptions || (part.length > 0 && length + 1 + line > budget)) {
				parts.push([]);
				length = headingRoom;
			}
			parts.at(-1)!.push(session);
			length += 1 + line;
		}
		parts.forEach((part, index) => {
			const partLabel = blockPartLabel(label, index, parts.length);
			blocks.push({ label: partLabel, sessions: part, text: [`**${partLabel}**`, ...part.map((session) => morningLine(session, timezone))].join('\n') });
		});
	}
	return blocks;
}

/**
 * A morning post's text with a changed session's line marked (struck through when cancelled, its new time or room
 * when moved), or undefined when the message does not list it as it was or the mark would not fit.
 */
export function morningContentAfter(content: string, old: Session, change: ScheduleChange, timezone: string, language: Language = publicLanguage()): string | undefined {
	const morningTexts = morningTextsIn(language);
	const line = morningLine(old, timezone);
	const lines = content.split('\n');
	const index = lines.indexOf(line);
	if (index < 0 || change.kind === 'added') return undefined;
	const after = change.after;
	const rooms = after && after.rooms.join(', ') !== old.rooms.join(', ') ? escapedWithin(after.rooms.join(', '), ROOMS_LIMIT) : undefined;
	lines[index] =
		change.kind === 'cancelled' || !after
			? morningTexts.cancelled(line)
			: morningTexts.changed(line, change.kind === 'moved' ? local(after.start, timezone).toFormat('HH:mm') : undefined, rooms);
	const marked = lines.join('\n');
	return marked.length <= MESSAGE_LIMIT ? marked : undefined;
}
