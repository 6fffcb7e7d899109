import type { APIEmbed } from 'discord.js';
import { DateTime } from 'luxon';
import type { Texts } from '#lib/i18n/texts';
import { escapedWithin } from './format';
import { englishProgrammeTexts, localTimeText } from './programmeTexts';
import type { Session } from './Session';

export type ScheduleChangeKind = 'moved' | 'reroomed' | 'cancelled' | 'added';

export interface SessionPlacement {
	start: Date;
	end: Date;
	rooms: string[];
}

export interface ScheduleChange {
	code: string;
	title: string;
	kind: ScheduleChangeKind;
	before?: SessionPlacement;
	after?: SessionPlacement;
}

export interface DiffOptions {
	now: Date;
	/** Only changes touching sessions that start (before or after) within this many hours are reported. */
	horizonHours?: number;
}

/** What changed between two versions of the programme, for sessions not yet started and within the horizon. */
export function diffSchedules(previous: readonly Session[], next: readonly Session[], options: DiffOptions): ScheduleChange[] {
	const from = options.now.getTime();
	const until = from + (options.horizonHours ?? 24) * 3_600_000;
	const relevant = (session: Session | undefined): boolean => !!session && session.start.getTime() > from && session.start.getTime() <= until;
	const before = byCode(previous);
	const after = byCode(next);
	const changes: ScheduleChange[] = [];
	for (const [code, old] of before) {
		const current = after.get(code);
		if (!current) {
			if (relevant(old)) changes.push({ code, title: old.title, kind: 'cancelled', before: placement(old) });
			continue;
		}
		if (!relevant(old) && !relevant(current)) continue;
		const moved = old.start.getTime() !== current.start.getTime();
		const reroomed = !sameRooms(old.rooms, current.rooms);
		if (moved || reroomed) changes.push({ code, title: current.title, kind: moved ? 'moved' : 'reroomed', before: placement(old), after: placement(current) });
	}
	for (const [code, current] of after) {
		if (!before.has(code) && relevant(current)) changes.push({ code, title: current.title, kind: 'added', after: placement(current) });
	}
	return changes.sort((a, b) => (a.after ?? a.before)!.start.getTime() - (b.after ?? b.before)!.start.getTime() || a.code.localeCompare(b.code));
}

function byCode(sessions: readonly Session[]): Map<string, Session> {
	return new Map(sessions.filter((session) => !session.isBreak).map((session) => [session.code, session]));
}

function placement(session: Session): SessionPlacement {
	return { start: session.start, end: session.end, rooms: [...session.rooms] };
}

function sameRooms(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && [...a].sort().every((room, index) => room === [...b].sort()[index]);
}

/**
 * One short line for the changes channel, times in the conference zone. `t`: the `programme` texts to write it in
 * (`[bot] language` for the channel, a member's own for a DM); English by default.
 */
export function formatScheduleChange(change: ScheduleChange, timezone: string, t: Texts = englishProgrammeTexts()): string {
	const title = escapedWithin(change.title, 100);
	const rooms = (placement?: SessionPlacement): string => escapedWithin(placement?.rooms.join(', ') || t('noRoom'), 200);
	const clock = (instant: Date, withDay: boolean): string => localTimeText(instant, timezone, withDay ? 'dayTimeFormat' : 'timeFormat', t);
	const { before, after } = change;
	switch (change.kind) {
		case 'moved': {
			const crossesDays = localDay(before!.start, timezone) !== localDay(after!.start, timezone);
			const roomNote = sameRooms(before!.rooms, after!.rooms) ? rooms(after) : `${rooms(before)} → ${rooms(after)}`;
			return t('changeMoved', { title, from: clock(before!.start, crossesDays), to: clock(after!.start, crossesDays), rooms: roomNote });
		}
		case 'reroomed':
			return t('changeReroomed', { title, time: clock(after!.start, false), rooms: rooms(after), previousRooms: rooms(before) });
		case 'cancelled':
			return t('changeCancelled', { title, time: clock(before!.start, false), rooms: rooms(before) });
		case 'added':
			return t('changeAdded', { title, time: clock(after!.start, false), rooms: rooms(after) });
	}
}

/** A copy of an already-posted notification embed marked with the change, for editing the post; `t` as for `formatScheduleChange`. */
export function annotateEmbed(embed: APIEmbed, change: ScheduleChange, timezone: string, t: Texts = englishProgrammeTexts()): APIEmbed {
	const label = t(change.kind === 'cancelled' ? 'labelCancelled' : 'labelChange');
	return {
		...embed,
		...(change.kind === 'cancelled' && embed.title ? { title: `~~${embed.title}~~`.slice(0, 256) } : {}),
		fields: [{ name: label, value: formatScheduleChange(change, timezone, t), inline: false }, ...(embed.fields ?? []).filter((field) => field.name !== label)]
	};
}

function localDay(instant: Date, timezone: string): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() ?? '';
}
