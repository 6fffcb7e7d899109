import { DateTime } from 'luxon';
import { slugFor, uuidFor, type I18n, type StandinConference, type StandinSlot } from './conference';

function en(value: I18n): string {
	return value.en ?? Object.values(value)[0] ?? '';
}

/** `HH:MM`, or pretalx's `D:HH:MM` once a day or more (common/text/serialize.py). */
export function frabDuration(minutes: number): string {
	const days = Math.floor(minutes / 1440);
	const hhmm = `${String(Math.floor((minutes % 1440) / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
	return days > 0 ? `${days}:${hhmm}` : hhmm;
}

function talkUrl(conference: StandinConference, code: string): string {
	return `${conference.baseUrl}/${conference.event}/talk/${code}/`;
}

/** The frab JSON pretalx's FrabJsonExporter produces (c3voc schema), breaks included as `type: "Break"` events. */
export function renderFrab(conference: StandinConference): unknown {
	const zone = conference.timezone;
	const first = DateTime.fromISO(conference.startDate, { zone });
	const days = Array.from({ length: conference.days }, (_, index) => {
		const date = first.plus({ days: index });
		const isoDate = date.toISODate()!;
		const rooms: Record<string, unknown[]> = {};
		for (const room of conference.rooms) rooms[en(room.name)] = [];
		for (const slot of conference.slots) {
			const start = DateTime.fromISO(slot.start, { zone });
			const dayOfSlot = slot.frabDay ?? start.toISODate();
			if (dayOfSlot !== isoDate) continue;
			for (const roomId of slot.roomIds) {
				const room = conference.rooms.find((candidate) => candidate.id === roomId)!;
				rooms[en(room.name)]!.push(frabEvent(conference, slot, en(room.name), start, date));
			}
		}
		return {
			index: index + 1,
			date: isoDate,
			day_start: date.set({ hour: 4 }).toISO({ suppressMilliseconds: true }),
			day_end: date.plus({ days: 1 }).set({ hour: 3, minute: 59 }).toISO({ suppressMilliseconds: true }),
			rooms
		};
	});
	return {
		$schema: 'https://c3voc.de/schedule/schema.json',
		generator: { name: 'pretalx', version: '2026.2.1' },
		schedule: {
			url: `${conference.baseUrl}/${conference.event}/schedule/`,
			version: conference.version,
			base_url: conference.baseUrl,
			conference: {
				acronym: conference.event,
				title: conference.title,
				start: conference.startDate,
				end: first.plus({ days: conference.days - 1 }).toISODate(),
				daysCount: conference.days,
				timeslot_duration: '00:05',
				time_zone_name: zone,
				rooms: conference.rooms.map((room) => ({ name: en(room.name), guid: room.guid })),
				tracks: conference.tracks.map((track) => ({ name: en(track.name), color: track.color })),
				days
			}
		}
	};
}

function frabEvent(conference: StandinConference, slot: StandinSlot, room: string, start: DateTime, day: DateTime): unknown {
	// Hours past midnight count on from the slot's frab day (`25:30`), as frab does.
	const hours = start.hour + 24 * Math.round(start.startOf('day').diff(day.startOf('day'), 'days').days);
	const startText = `${String(hours).padStart(2, '0')}:${String(start.minute).padStart(2, '0')}`;
	const type = conference.types.find((candidate) => candidate.id === slot.typeId)!;
	const track = conference.tracks.find((candidate) => candidate.id === slot.trackId);
	const code = slot.code ?? `BRK${slot.id}`;
	return {
		guid: uuidFor(2, slot.id),
		code,
		id: slot.id,
		logo: null,
		date: start.toISO({ suppressMilliseconds: true }),
		start: startText,
		end: start.plus({ minutes: slot.durationMinutes }).toISO({ suppressMilliseconds: true }),
		duration: frabDuration(slot.durationMinutes),
		room,
		slug: slugFor(conference, slot),
		url: talkUrl(conference, code),
		title: slot.title,
		subtitle: '',
		track: track ? en(track.name) : null,
		type: en(type.name),
		language: slot.language ?? null,
		abstract: slot.abstract ?? null,
		description: null,
		do_not_record: false,
		persons: slot.speakers.map((speaker) => ({ code: speaker.code, name: speaker.name, public_name: speaker.name, avatar: speaker.avatarUrl, biography: speaker.biography })),
		links: [],
		attachments: []
	};
}

export type ExpandField = 'slots' | 'slots.room' | 'slots.submission' | 'slots.submission.speakers' | 'slots.submission.track' | 'slots.submission.submission_type';

function localize(value: I18n, lang: string | undefined): I18n | string {
	return lang && value[lang] !== undefined ? value[lang]! : value;
}

/** `/api/events/{event}/schedules/latest/` in API v2, honouring `expand` and `lang` like pretalx. */
export function renderV2Schedule(conference: StandinConference, expand: ReadonlySet<string>, lang?: string): unknown {
	const slots = conference.slots.flatMap((slot) => slot.roomIds.map((roomId, index) => ({ slot, roomId, id: slot.id * 100 + index })));
	return {
		id: conference.scheduleId,
		version: conference.version,
		published: '2026-06-01T09:00:00Z',
		comment: localize({ en: `Release ${conference.version}` }, lang),
		slots: expand.has('slots') ? slots.map(({ slot, roomId, id }) => renderV2Slot(conference, slot, roomId, id, expand, lang)) : slots.map(({ id }) => id)
	};
}

function renderV2Slot(conference: StandinConference, slot: StandinSlot, roomId: number, id: number, expand: ReadonlySet<string>, lang?: string): unknown {
	const room = conference.rooms.find((candidate) => candidate.id === roomId)!;
	const start = DateTime.fromISO(slot.start, { zone: conference.timezone });
	const submission = slot.code ? (expand.has('slots.submission') ? renderV2Submission(conference, slot, expand, lang) : slot.code) : null;
	return {
		id,
		room: expand.has('slots.room')
			? { id: room.id, name: localize(room.name, lang), description: null, uuid: room.guid, guid: room.guid, capacity: room.capacity, position: room.id - 1 }
			: room.id,
		start: start.toISO({ suppressMilliseconds: true }),
		end: start.plus({ minutes: slot.durationMinutes }).toISO({ suppressMilliseconds: true }),
		submission,
		schedule: conference.scheduleId,
		description: slot.breakText ? localize(slot.breakText, lang) : null,
		duration: slot.durationMinutes
	};
}

function renderV2Submission(conference: StandinConference, slot: StandinSlot, expand: ReadonlySet<string>, lang?: string): unknown {
	const type = conference.types.find((candidate) => candidate.id === slot.typeId)!;
	const track = conference.tracks.find((candidate) => candidate.id === slot.trackId);
	return {
		code: slot.code,
		title: slot.title,
		speakers: slot.speakers.map((speaker) =>
			expand.has('slots.submission.speakers')
				? { code: speaker.code, name: speaker.name, biography: speaker.biography, submissions: [slot.code], avatar_url: speaker.avatarUrl ?? '', answers: [] }
				: speaker.code
		),
		submission_type: expand.has('slots.submission.submission_type') ? { id: type.id, name: localize(type.name, lang), default_duration: type.defaultDuration } : type.id,
		// pretalx leaves `track` out entirely for a session without one; the adapter must cope.
		...(track ? { track: expand.has('slots.submission.track') ? { id: track.id, name: localize(track.name, lang), color: track.color, position: track.id } : track.id } : {}),
		tags: [],
		state: 'confirmed',
		...(slot.abstract ? { abstract: slot.abstract } : {}),
		description: null,
		duration: slot.durationMinutes,
		slot_count: slot.roomIds.length,
		signup_status: null,
		...(slot.language ? { content_locale: slot.language } : {}),
		do_not_record: false,
		resources: [],
		slots: slot.roomIds.map((_, index) => slot.id * 100 + index),
		answers: []
	};
}

export function renderRoot(origin: string): unknown {
	return { name: 'pretalx', version: '2026.2.1', api_version: 'v2', urls: { events: `${origin}/api/events/` } };
}

/**
 * `/api/events/{event}/schedules/latest/` of a pretalx older than 2025.1 (legacy serializers, removed in 0510572ab):
 * one talk per slot with the placement nested, breaks listed apart, names inline; `expand` and `Pretalx-Version` unknown.
 */
export function renderLegacySchedule(conference: StandinConference): unknown {
	const placement = (roomId: number, slot: StandinSlot) => {
		const room = conference.rooms.find((candidate) => candidate.id === roomId)!;
		const start = DateTime.fromISO(slot.start, { zone: conference.timezone });
		return { room_id: room.id, room: room.name, start: start.toISO({ suppressMilliseconds: true }), end: start.plus({ minutes: slot.durationMinutes }).toISO({ suppressMilliseconds: true }) };
	};
	const talks = conference.slots.filter((slot) => slot.code);
	const breaks = conference.slots.filter((slot) => !slot.code);
	return {
		slots: talks.flatMap((slot) => {
			const type = conference.types.find((candidate) => candidate.id === slot.typeId)!;
			const track = conference.tracks.find((candidate) => candidate.id === slot.trackId);
			return slot.roomIds.map((roomId) => ({
				code: slot.code,
				speakers: slot.speakers.map((speaker) => ({ code: speaker.code, name: speaker.name, biography: speaker.biography, avatar: speaker.avatarUrl })),
				title: slot.title,
				submission_type: type.name,
				submission_type_id: type.id,
				track: track ? track.name : null,
				track_id: track ? track.id : null,
				state: 'confirmed',
				abstract: slot.abstract ?? null,
				description: null,
				duration: slot.durationMinutes,
				slot_count: slot.roomIds.length,
				do_not_record: false,
				is_featured: false,
				content_locale: slot.language ?? 'en',
				slot: placement(roomId, slot),
				image: null,
				resources: [],
				answers: []
			}));
		}),
		version: conference.version,
		breaks: breaks.flatMap((slot) => slot.roomIds.map((roomId) => ({ ...placement(roomId, slot), description: slot.breakText ?? { en: slot.title } })))
	};
}
