import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ParsedSchedule, Session, SkippedSlot } from '#lib/programme/Session';
import { combineRoomSlots } from '#lib/programme/Session';
import { ScheduleFormatError } from './errors';

/** The `expand` list that makes `/schedules/latest/` return everything in one unpaginated response. */
export const PRETALX_SCHEDULE_EXPAND =
	'slots,slots.room,slots.submission,slots.submission.speakers,slots.submission.track,slots.submission.submission_type';

// pretalx i18n fields are `{ "en": "…", "de": "…" }`, or plain strings when `?lang=` was given.
const i18nSchema = z.union([z.string(), z.record(z.string(), z.string().nullish())]).nullish();
const namedSchema = z.object({ name: i18nSchema }).nullish();

const speakerSchema = z.object({ code: z.string().nullish(), name: z.string().nullish(), avatar_url: z.string().nullish(), email: z.string().nullish() });

const submissionSchema = z.object({
	code: z.string(),
	title: z.string().nullish(),
	abstract: z.string().nullish(),
	content_locale: z.string().nullish(),
	speakers: z.array(z.union([speakerSchema, z.string()])).nullish(),
	track: z.union([namedSchema, z.number()]).nullish(),
	submission_type: z.union([namedSchema, z.number()]).nullish()
});

const slotSchema = z.object({
	id: z.number().nullish(),
	start: z.string().nullish(),
	end: z.string().nullish(),
	duration: z.number().nullish(),
	description: i18nSchema,
	room: z.union([z.object({ id: z.number().nullish(), name: i18nSchema }), z.number()]).nullish(),
	submission: z.union([submissionSchema, z.string()]).nullish()
});

const documentSchema = z.object({
	version: z.string().nullish(),
	slots: z.array(z.unknown())
});

export interface PretalxV2ParseOptions {
	/** Language for i18n names; falls back to English, then to the first one given. */
	language?: string;
	/** Builds talk URLs as `{baseUrl}/{event}/talk/{code}/` (the API has no talk URL). */
	baseUrl?: string;
	event?: string;
}

export function isPretalxV2Document(json: unknown): boolean {
	return documentSchema.safeParse(json).success;
}

/** Picks the configured language from an i18n value, then English, then whatever comes first. */
export function resolveI18n(value: z.infer<typeof i18nSchema>, language = 'en'): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value || undefined;
	return value[language] || value.en || Object.values(value).find((text) => !!text) || undefined;
}

/** Reads `/api/events/{event}/schedules/latest/?expand=…` (API v2). Bad slots are skipped and listed. */
export function parsePretalxV2Schedule(json: unknown, options: PretalxV2ParseOptions = {}): ParsedSchedule {
	const document = documentSchema.safeParse(json);
	if (!document.success) throw new ScheduleFormatError('not a pretalx v2 schedule: expected an object with a "slots" list');
	const sessions: Session[] = [];
	const skipped: SkippedSlot[] = [];
	for (const raw of document.data.slots) {
		const result = readSlot(raw, options);
		if (result === 'unscheduled') continue;
		if ('reason' in result) skipped.push(result);
		else sessions.push(result);
	}
	return { version: document.data.version ?? 'unversioned', sessions: combineRoomSlots(sessions), skipped };
}

function readSlot(raw: unknown, options: PretalxV2ParseOptions): Session | SkippedSlot | 'unscheduled' {
	const parsed = slotSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return { reason: `invalid slot: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'}`, raw };
	}
	const slot = parsed.data;
	// A slot without start is a submission not (or no longer) in the schedule: nothing to announce.
	if (!slot.start) return 'unscheduled';
	const start = DateTime.fromISO(slot.start, { setZone: true });
	if (!start.isValid) return { reason: `unreadable start "${slot.start}"`, raw };
	const endIso = slot.end ? DateTime.fromISO(slot.end, { setZone: true }) : undefined;
	const end = endIso?.isValid ? endIso : start.plus({ minutes: slot.duration ?? 0 });
	if (typeof slot.room === 'number') return { reason: 'room not expanded (request with expand=slots.room)', raw };
	const room = resolveI18n(slot.room?.name, options.language);
	if (!room) return { reason: 'slot has no room', raw };
	const language = options.language;
	if (!slot.submission) {
		const title = resolveI18n(slot.description, language) ?? 'Break';
		return { code: `break-${slot.id ?? start.toMillis()}`, title, start: start.toJSDate(), end: end.toJSDate(), rooms: [room], speakers: [], isBreak: true };
	}
	if (typeof slot.submission === 'string') return { reason: 'submission not expanded (request with expand=slots.submission)', raw };
	const submission = slot.submission;
	if (!submission.title) return { reason: 'submission has no title', raw };
	const track = typeof submission.track === 'object' ? resolveI18n(submission.track?.name, language) : undefined;
	const type = typeof submission.submission_type === 'object' ? resolveI18n(submission.submission_type?.name, language) : undefined;
	const url = options.baseUrl && options.event ? `${options.baseUrl.replace(/\/+$/, '')}/${options.event}/talk/${submission.code}/` : undefined;
	return {
		code: submission.code,
		title: submission.title,
		start: start.toJSDate(),
		end: end.toJSDate(),
		rooms: [room],
		speakers: (submission.speakers ?? []).flatMap((speaker) =>
			typeof speaker === 'object' && speaker.name
				? [
						{
							name: speaker.name,
							...(speaker.code ? { code: speaker.code } : {}),
							...(speaker.avatar_url ? { avatarUrl: speaker.avatar_url } : {}),
							...(speaker.email ? { email: speaker.email } : {})
						}
					]
				: []
		),
		...(track ? { track } : {}),
		...(type ? { type } : {}),
		...(submission.content_locale ? { language: submission.content_locale } : {}),
		...(submission.abstract ? { abstract: submission.abstract } : {}),
		...(url ? { url } : {}),
		isBreak: false
	};
}
