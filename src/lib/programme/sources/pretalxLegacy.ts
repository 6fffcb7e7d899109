import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ParsedSchedule, Session, SkippedSlot } from '#lib/programme/Session';
import { combineRoomSlots } from '#lib/programme/Session';
import { ScheduleFormatError } from './errors';
import { resolveI18n } from './pretalxV2';

// The pre-versioning API (pretalx before 2025.1): names inline as i18n objects or plain strings.
const i18nSchema = z.union([z.string(), z.record(z.string(), z.string().nullish())]).nullish();

const placementSchema = z.object({ room: i18nSchema, start: z.string().nullish(), end: z.string().nullish() });

const talkSchema = z.object({
	code: z.string(),
	title: z.string().nullish(),
	abstract: z.string().nullish(),
	content_locale: z.string().nullish(),
	duration: z.number().nullish(),
	speakers: z.array(z.object({ code: z.string().nullish(), name: z.string().nullish(), avatar: z.string().nullish() })).nullish(),
	track: i18nSchema,
	submission_type: i18nSchema,
	slot: placementSchema.nullish()
});

const breakSchema = placementSchema.extend({ description: i18nSchema });

const documentSchema = z.object({
	version: z.string().nullish(),
	slots: z.array(z.unknown()),
	breaks: z.array(z.unknown()).nullish()
});

export interface PretalxLegacyParseOptions {
	language?: string;
	baseUrl?: string;
	event?: string;
}

/** The legacy `/schedules/latest/` lists talks with a nested `slot`, and breaks apart; v2 slots never nest one. */
export function isPretalxLegacyDocument(json: unknown): boolean {
	const document = documentSchema.safeParse(json);
	if (!document.success) return false;
	return Array.isArray(document.data.breaks) || document.data.slots.some((talk) => typeof talk === 'object' && talk !== null && 'slot' in talk);
}

/** Reads `/api/events/{event}/schedules/latest/` from a pretalx that predates API versioning. Bad talks are skipped and listed. */
export function parsePretalxLegacySchedule(json: unknown, options: PretalxLegacyParseOptions = {}): ParsedSchedule {
	const document = documentSchema.safeParse(json);
	if (!document.success) throw new ScheduleFormatError('not a legacy pretalx schedule: expected an object with a "slots" list');
	const sessions: Session[] = [];
	const skipped: SkippedSlot[] = [];
	const keep = (result: Session | SkippedSlot | 'unscheduled') => {
		if (result === 'unscheduled') return;
		if ('reason' in result) skipped.push(result);
		else sessions.push(result);
	};
	for (const raw of document.data.slots) keep(readTalk(raw, options));
	for (const raw of document.data.breaks ?? []) keep(readBreak(raw, options.language));
	return { version: document.data.version ?? 'unversioned', sessions: combineRoomSlots(sessions), skipped };
}

type Placement = { start: Date; end: Date; room: string };

function place(slot: z.infer<typeof placementSchema>, durationMinutes: number | null | undefined, language: string | undefined, raw: unknown): Placement | SkippedSlot | 'unscheduled' {
	if (!slot.start) return 'unscheduled';
	const start = DateTime.fromISO(slot.start, { setZone: true });
	if (!start.isValid) return { reason: `unreadable start "${slot.start}"`, raw };
	const endIso = slot.end ? DateTime.fromISO(slot.end, { setZone: true }) : undefined;
	const end = endIso?.isValid ? endIso : start.plus({ minutes: durationMinutes ?? 0 });
	const room = resolveI18n(slot.room, language);
	if (!room) return { reason: 'slot has no room', raw };
	return { start: start.toJSDate(), end: end.toJSDate(), room };
}

function readTalk(raw: unknown, options: PretalxLegacyParseOptions): Session | SkippedSlot | 'unscheduled' {
	const parsed = talkSchema.safeParse(raw);
	if (!parsed.success) return { reason: `invalid talk: ${describeIssue(parsed.error)}`, raw };
	const talk = parsed.data;
	// A talk without a slot is accepted but not (or no longer) in the schedule: nothing to announce.
	if (!talk.slot) return 'unscheduled';
	const placement = place(talk.slot, talk.duration, options.language, raw);
	if (placement === 'unscheduled' || 'reason' in placement) return placement;
	if (!talk.title) return { reason: 'talk has no title', raw };
	const track = resolveI18n(talk.track, options.language);
	const type = resolveI18n(talk.submission_type, options.language);
	const url = options.baseUrl && options.event ? `${options.baseUrl.replace(/\/+$/, '')}/${options.event}/talk/${talk.code}/` : undefined;
	return {
		code: talk.code,
		title: talk.title,
		start: placement.start,
		end: placement.end,
		rooms: [placement.room],
		speakers: (talk.speakers ?? []).flatMap((speaker) =>
			speaker.name ? [{ name: speaker.name, ...(speaker.code ? { code: speaker.code } : {}), ...(speaker.avatar ? { avatarUrl: speaker.avatar } : {}) }] : []
		),
		...(track ? { track } : {}),
		...(type ? { type } : {}),
		...(talk.content_locale ? { language: talk.content_locale } : {}),
		...(talk.abstract ? { abstract: talk.abstract } : {}),
		...(url ? { url } : {}),
		isBreak: false
	};
}

function readBreak(raw: unknown, language: string | undefined): Session | SkippedSlot | 'unscheduled' {
	const parsed = breakSchema.safeParse(raw);
	if (!parsed.success) return { reason: `invalid break: ${describeIssue(parsed.error)}`, raw };
	const placement = place(parsed.data, undefined, language, raw);
	if (placement === 'unscheduled' || 'reason' in placement) return placement;
	const title = resolveI18n(parsed.data.description, language) ?? 'Break';
	return { code: `break-${placement.room}-${placement.start.getTime()}`, title, start: placement.start, end: placement.end, rooms: [placement.room], speakers: [], isBreak: true };
}

function describeIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	return issue ? `${issue.path.join('.') || 'talk'}: ${issue.message}` : 'unknown';
}
