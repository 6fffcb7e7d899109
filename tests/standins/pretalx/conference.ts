import anyAscii from 'any-ascii';
import { DateTime } from 'luxon';

// The stand-in's own model of a pretalx event; rendered into frab JSON and API v2 by render.ts.
export type I18n = Record<string, string>;

export interface StandinRoom {
	id: number;
	name: I18n;
	guid: string;
	capacity: number;
}

export interface StandinSpeaker {
	code: string;
	name: string;
	avatarUrl: string | null;
	biography: string;
}

export interface StandinSlot {
	id: number;
	/** Submission code; null for a break. */
	code: string | null;
	title: string;
	/** Break text (i18n) for breaks. */
	breakText?: I18n;
	roomIds: number[];
	/** ISO with offset, in the conference zone. */
	start: string;
	durationMinutes: number;
	speakers: StandinSpeaker[];
	trackId?: number;
	typeId: number;
	abstract?: string;
	language?: string;
	/** frab `start` override such as `25:30` for a slot after midnight that belongs to the previous day. */
	frabDay?: string;
}

export interface StandinConference {
	event: string;
	title: string;
	timezone: string;
	baseUrl: string;
	version: string;
	scheduleId: number;
	startDate: string;
	days: number;
	rooms: StandinRoom[];
	tracks: { id: number; name: I18n; color: string }[];
	types: { id: number; name: I18n; defaultDuration: number }[];
	slots: StandinSlot[];
}

export interface GenerateOptions {
	seed: number;
	days: number;
	rooms: number;
	sessionsPerRoomPerDay: number;
	timezone: string;
	/** First day, `2026-07-15`. */
	start: string;
	event?: string;
	baseUrl?: string;
}

const ROOM_NAMES = ['Forum Hall', 'South Hall 2A', 'South Hall 2B', 'Terrace 2A', 'Terrace 2B', 'Exhibit Hall'];
const ROOM_NAMES_CS: Record<string, string> = { 'Forum Hall': 'Fórum', 'Exhibit Hall': 'Výstavní sál' };
const TRACKS = ['Python Core', 'Data & AI', 'Web', 'DevOps', 'Community', 'Education'];
const TOPICS = ['asyncio', 'type hints', 'packaging', 'pandas', 'Django', 'FastAPI', 'the GIL', 'CPython internals', 'pytest', 'Rust extensions', 'WebAssembly', 'PyPI'];
const VERBS = ['Understanding', 'Taming', 'Scaling', 'Debugging', 'Rethinking', 'Testing', 'Profiling', 'Teaching'];
const SPECIAL_TITLES = [
	'Pythonで始める型ヒント入門',
	'Асинхронний Python без болю',
	'Μηχανική μάθηση με Python',
	'**Bold** claims about `asyncio` and _friends_',
	'@everyone should write tests',
	'Čeština v Pythonu: Unicode a ty další'
];
const FIRST_NAMES = ['Grace', 'Guido', 'Łukasz', 'Mariatta', 'Naomi', 'Pablo', 'Jiří', 'Ayşe', 'Yuki', 'Oleksandr', 'Amélie', 'Chidi'];
const LAST_NAMES = ['Hopper', 'van Rossum', 'Langa', 'Wijaya', 'Ceder', 'Galindo', 'Novák', 'Yılmaz', 'Tanaka', 'Shevchenko', 'Dubois', 'Okafor'];
const SENTENCE = 'We look at real production code, measure what matters, and leave with patterns you can apply on Monday morning.';

/** Small seeded PRNG (mulberry32): the same seed always generates the same conference. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function uuidFor(kind: number, n: number): string {
	return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function code(prefix: string, n: number): string {
	return `${prefix}${n.toString(36).toUpperCase().padStart(5, '0')}`;
}

/** A EuroPython-like conference: keynote each morning in the big halls, coffee and lunch breaks, awkward titles. */
export function generateConference(options: GenerateOptions): StandinConference {
	const random = seededRandom(options.seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
	const rooms: StandinRoom[] = Array.from({ length: options.rooms }, (_, index) => {
		const name = ROOM_NAMES[index] ?? `Room ${index + 1}`;
		return { id: index + 1, name: { en: name, ...(ROOM_NAMES_CS[name] ? { cs: ROOM_NAMES_CS[name] } : {}) }, guid: uuidFor(1, index + 1), capacity: index === 0 ? 1200 : 300 };
	});
	const tracks = TRACKS.map((name, index) => ({ id: index + 1, name: { en: name }, color: `#${(0x224466 + index * 0x113355).toString(16).slice(-6)}` }));
	const types: StandinConference['types'] = [
		{ id: 1, name: { en: 'Talk', cs: 'Přednáška' }, defaultDuration: 30 },
		{ id: 2, name: { en: 'Keynote' }, defaultDuration: 45 },
		{ id: 3, name: { en: 'Break' }, defaultDuration: 30 },
		{ id: 4, name: { en: 'Social event' }, defaultDuration: 120 }
	];
	const slots: StandinSlot[] = [];
	let slotId = 0;
	let talkNumber = 0;
	let speakerNumber = 0;
	const newSpeaker = (): StandinSpeaker => {
		speakerNumber += 1;
		return {
			code: code('P', speakerNumber),
			name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
			avatarUrl: random() < 0.6 ? `https://pretalx.example/media/avatars/${speakerNumber}.png` : null,
			biography: 'Pythonista.'
		};
	};
	const everyRoom = rooms.map((room) => room.id);
	for (let day = 0; day < options.days; day += 1) {
		const date = DateTime.fromISO(options.start, { zone: options.timezone }).plus({ days: day });
		const at = (hour: number, minute: number): DateTime => date.set({ hour, minute });
		talkNumber += 1;
		slots.push({
			id: ++slotId,
			code: code('K', talkNumber),
			title: `Keynote: ${pick(VERBS)} ${pick(TOPICS)}`,
			roomIds: everyRoom.slice(0, Math.min(3, rooms.length)),
			start: at(9, 0).toISO()!,
			durationMinutes: 45,
			speakers: [newSpeaker()],
			typeId: 2,
			abstract: SENTENCE,
			language: 'en'
		});
		let cursor = at(10, 0);
		for (let index = 0; index < options.sessionsPerRoomPerDay; index += 1) {
			if (index > 0 && index % 3 === 0) {
				const lunch = index === 6;
				slots.push({
					id: ++slotId,
					code: null,
					title: lunch ? 'Lunch' : 'Coffee break',
					breakText: lunch ? { en: 'Lunch', cs: 'Oběd' } : { en: 'Coffee break', cs: 'Přestávka na kávu' },
					roomIds: everyRoom,
					start: cursor.toISO()!,
					durationMinutes: lunch ? 60 : 30,
					speakers: [],
					typeId: 3
				});
				cursor = cursor.plus({ minutes: lunch ? 60 : 30 });
			}
			for (const room of rooms) {
				talkNumber += 1;
				const special = talkNumber % 17 === 0 ? SPECIAL_TITLES[(talkNumber / 17) % SPECIAL_TITLES.length] : undefined;
				const longAbstract = random() < 0.2;
				slots.push({
					id: ++slotId,
					code: code('S', talkNumber),
					title: special ?? `${pick(VERBS)} ${pick(TOPICS)} ${random() < 0.5 ? 'in practice' : 'for everyone'}`,
					roomIds: [room.id],
					start: cursor.toISO()!,
					durationMinutes: random() < 0.5 ? 30 : 45,
					speakers: Array.from({ length: random() < 0.2 ? 2 : 1 }, newSpeaker),
					...(random() < 0.9 ? { trackId: 1 + Math.floor(random() * tracks.length) } : {}),
					typeId: 1,
					...(random() < 0.9 ? { abstract: longAbstract ? Array.from({ length: 12 }, () => SENTENCE).join(' ') : SENTENCE } : {}),
					language: special && /[^\p{ASCII}]/u.test(special) ? 'xx' : 'en'
				});
			}
			cursor = cursor.plus({ minutes: 45 });
		}
	}
	const last = rooms.at(-1)!;
	talkNumber += 1;
	// A social after midnight: frab lists it under the first day as `25:30`.
	const social = DateTime.fromISO(options.start, { zone: options.timezone }).plus({ days: 1 }).set({ hour: 1, minute: 30 });
	slots.push({ id: slotId + 1, code: code('X', talkNumber), title: 'Late-night lightning karaoke', roomIds: [last.id], start: social.toISO()!, durationMinutes: 90, speakers: [], typeId: 4, frabDay: options.start });
	return {
		event: options.event ?? 'ep2026',
		title: 'EuroPython 2026',
		timezone: options.timezone,
		baseUrl: options.baseUrl ?? 'https://pretalx.example',
		version: '1.0',
		scheduleId: 1,
		startDate: options.start,
		days: options.days,
		rooms,
		tracks,
		types,
		slots
	};
}

export function slugFor(conference: StandinConference, slot: StandinSlot): string {
	const words = anyAscii(slot.title).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
	return `${conference.event}-${slot.id}-${words || 'session'}`.replace(/-+$/, '');
}
