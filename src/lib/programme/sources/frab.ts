import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ParsedSchedule, Session, SkippedSlot } from '#lib/programme/Session';
import { combineRoomSlots } from '#lib/programme/Session';
import { ScheduleFormatError } from './errors';

// Every field optional: pretalx leaves fields out depending on the event's CfP settings; other frab emitters differ too.
const personSchema = z.object({
	name: z.string().nullish(),
	public_name: z.string().nullish(),
	code: z.string().nullish(),
	avatar: z.string().nullish()
});

const eventSchema = z.object({
	code: z.string().nullish(),
	guid: z.string().nullish(),
	// Large events' exports carry some ids as strings ("id": "1234"); both name the same event.
	id: z.union([z.number(), z.string()]).nullish(),
	date: z.string().nullish(),
	start: z.string().nullish(),
	end: z.string().nullish(),
	duration: z.string().nullish(),
	room: z.string().nullish(),
	title: z.string().nullish(),
	url: z.string().nullish(),
	track: z.string().nullish(),
	type: z.string().nullish(),
	language: z.string().nullish(),
	abstract: z.string().nullish(),
	persons: z.array(personSchema).nullish()
});

const documentSchema = z.object({
	schedule: z.object({
		version: z.union([z.string(), z.number()]).nullish(),
		conference: z.object({
			time_zone_name: z.string().nullish(),
			days: z.array(z.object({ date: z.string().nullish(), rooms: z.record(z.string(), z.unknown()).nullish() }).nullish())
		})
	})
});

export interface FrabParseOptions {
	/** Used when the document names no time zone and a slot has only day date + `start`. */
	timezone?: string;
}

/** True when `json` looks like a frab/c3voc schedule document. */
export function isFrabDocument(json: unknown): boolean {
	return documentSchema.safeParse(json).success;
}

/** Reads a frab JSON schedule (pretalx `/schedule/export/schedule.json`). Bad slots are skipped and listed. */
export function parseFrabSchedule(json: unknown, options: FrabParseOptions = {}): ParsedSchedule {
	const document = documentSchema.safeParse(json);
	if (!document.success) throw new ScheduleFormatError(`not a frab schedule: ${document.error.issues[0]?.message ?? 'unknown shape'}`);
	const { conference, version } = document.data.schedule;
	const timezone = conference.time_zone_name ?? options.timezone;
	const sessions: Session[] = [];
	const skipped: SkippedSlot[] = [];
	for (const day of conference.days) {
		for (const [roomKey, events] of Object.entries(day?.rooms ?? {})) {
			if (!Array.isArray(events)) {
				skipped.push({ reason: `room "${roomKey}" is not a list of events`, raw: events });
				continue;
			}
			for (const raw of events) {
				const result = readEvent(raw, roomKey, day?.date ?? undefined, timezone);
				if ('reason' in result) skipped.push(result);
				else sessions.push(result);
			}
		}
	}
	return { version: version === null || version === undefined ? 'unversioned' : String(version), sessions: combineRoomSlots(sessions), skipped, timezone };
}

function readEvent(raw: unknown, roomKey: string, dayDate: string | undefined, timezone: string | undefined): Session | SkippedSlot {
	const parsed = eventSchema.safeParse(raw);
	if (!parsed.success) return { reason: `invalid event: ${describeIssue(parsed.error)}`, raw };
	const event = parsed.data;
	const isBreak = /break|pause/i.test(event.type ?? '');
	const room = event.room || roomKey;
	const start = parseEventStart(event.date, event.start, dayDate, timezone);
	if (!start) return { reason: 'no usable start time (date, or day date + start)', raw };
	const code = event.code || event.guid || (event.id !== null && event.id !== undefined && event.id !== '' ? `id${event.id}` : isBreak ? `break-${room}-${start.getTime()}` : undefined);
	if (!code) return { reason: 'no code, guid or id', raw };
	const title = event.title?.trim();
	if (!title) return { reason: 'no title', raw };
	const end = parseEventEnd(event.end, event.duration, start);
	if (!end) return { reason: `unreadable end/duration "${event.end ?? event.duration ?? ''}"`, raw };
	return {
		code,
		title,
		start,
		end,
		rooms: [room],
		speakers: (event.persons ?? []).flatMap((person) => {
			const name = person.name || person.public_name;
			return name ? [{ name, ...(person.code ? { code: person.code } : {}), ...(person.avatar ? { avatarUrl: person.avatar } : {}) }] : [];
		}),
		...optional('track', event.track),
		...optional('type', event.type),
		...optional('language', event.language),
		...optional('abstract', event.abstract),
		...optional('url', event.url),
		isBreak
	};
}

function optional<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
	return value ? ({ [key]: value } as Record<K, string>) : {};
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	return issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'unknown';
}

/** Prefers the full ISO `date`; falls back to the day's date plus `start`, whose hours may run past 23 (`26:00`). */
export function parseEventStart(date: string | null | undefined, start: string | null | undefined, dayDate: string | undefined, timezone: string | undefined): Date | undefined {
	if (date?.includes('T')) {
		// A date-time without offset is wall-clock time in the conference zone, never the host's.
		const hasOffset = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(date);
		const parsed = hasOffset ? DateTime.fromISO(date, { setZone: true }) : timezone ? DateTime.fromISO(date, { zone: timezone }) : undefined;
		if (parsed?.isValid) return parsed.toJSDate();
	}
	const clock = start ? /^(\d{1,2}):(\d{2})$/.exec(start) : null;
	if (!clock || !dayDate || !timezone) return undefined;
	const midnight = DateTime.fromISO(dayDate, { zone: timezone });
	if (!midnight.isValid) return undefined;
	// Wall-clock arithmetic in the conference zone, so `26:00` is 02:00 local on the next day even across a DST change.
	const local = midnight.plus({ days: Math.floor(Number(clock[1]) / 24) }).set({ hour: Number(clock[1]) % 24, minute: Number(clock[2]) });
	return local.isValid ? local.toJSDate() : undefined;
}

/** `end` if given, else start + `duration` as `HH:MM` or pretalx's `D:HH:MM` for a day or more. */
export function parseEventEnd(end: string | null | undefined, duration: string | null | undefined, start: Date): Date | undefined {
	if (end) {
		const parsed = DateTime.fromISO(end, { setZone: true });
		if (parsed.isValid) return parsed.toJSDate();
	}
	if (!duration) return start;
	const minutes = parseFrabDuration(duration);
	return minutes === undefined ? undefined : new Date(start.getTime() + minutes * 60_000);
}

export function parseFrabDuration(duration: string): number | undefined {
	const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(duration.trim());
	if (!match) return undefined;
	return Number(match[1] ?? 0) * 1440 + Number(match[2]) * 60 + Number(match[3]);
}
