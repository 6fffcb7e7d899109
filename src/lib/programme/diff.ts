import type { APIEmbed } from 'discord.js';
import { DateTime } from 'luxon';
import { escapedWithin } from './format';
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

/** One short line for the changes channel, times in the conference zone. */
export function formatScheduleChange(change: ScheduleChange, timezone: string): string {
	const title = `“${escapedWithin(change.title, 100)}”`;
	const rooms = (placement?: SessionPlacement): string => escapedWithin(placement?.rooms.join(', ') || 'no room', 200);
	const { before, after } = change;
	switch (change.kind) {
		case 'moved': {
			const crossesDays = localDay(before!.start, timezone) !== localDay(after!.start, timezone);
			const roomNote = sameRooms(before!.rooms, after!.rooms) ? rooms(after) : `${rooms(before)} → ${rooms(after)}`;
			return `🔁 Schedule change: ${title} moved ${clock(before!.start, timezone, crossesDays)} → ${clock(after!.start, timezone, crossesDays)} (${roomNote})`;
		}
		case 'reroomed':
			return `🚪 Room change: ${title} at ${clock(after!.start, timezone, false)} is now in ${rooms(after)} (was ${rooms(before)})`;
		case 'cancelled':
			return `❌ Cancelled: ${title} (${clock(before!.start, timezone, false)}, ${rooms(before)})`;
		case 'added':
			return `🆕 Added: ${title} at ${clock(after!.start, timezone, false)} (${rooms(after)})`;
	}
}

/** A copy of an already-posted notification embed marked with the change, for editing the post. */
export function annotateEmbed(embed: APIEmbed, change: ScheduleChange, timezone: string): APIEmbed {
	const label = change.kind === 'cancelled' ? 'Cancelled' : 'Schedule change';
	return {
		...embed,
		...(change.kind === 'cancelled' && embed.title ? { title: `~~${embed.title}~~`.slice(0, 256) } : {}),
		fields: [{ name: label, value: formatScheduleChange(change, timezone), inline: false }, ...(embed.fields ?? []).filter((field) => field.name !== label)]
	};
}

function localDay(instant: Date, timezone: string): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).toISODate() ?? '';
}

function clock(instant: Date, timezone: string, withDay: boolean): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB').toFormat(withDay ? 'ccc HH:mm' : 'HH:mm');
}
