import BetterSqlite3 from 'better-sqlite3';
import { DateTime } from 'luxon';
import type { StandinConference, StandinSlot } from '../../standins/pretalx/conference';
import { uuidFor } from '../../standins/pretalx/conference';
import type { RehearsalAnchor } from '#lib/programme/rehearsal';
import { rehearsalPrefix, REHEARSAL_KEY } from '#lib/programme/rehearsal';

export const ROOMS = ['Forum Hall', 'South Hall 2A', 'South Hall 2B', 'Terrace 2A', 'Terrace 2B', 'Exhibit Hall'] as const;

export interface SlotSpec {
	code: string | null;
	title: string;
	/** Conference-local `HH:mm` on the conference day. */
	at: string;
	/** Rooms of the day: the six of the demo guild unless the day lists its own. */
	rooms: string[];
	minutes?: number;
	kind?: 'talk' | 'keynote' | 'break';
}

/** A hand-written conference day for the stand-in: every slot's time and room chosen by the test. */
export function conferenceDay(options: { date: string; timezone: string; slots: SlotSpec[]; rooms?: readonly string[] }): StandinConference {
	const { date, timezone } = options;
	const rooms: readonly string[] = options.rooms ?? ROOMS;
	let id = 0;
	const slots: StandinSlot[] = options.slots.map((spec) => {
		const [hour, minute] = spec.at.split(':').map(Number);
		id += 1;
		return {
			id,
			code: spec.code,
			title: spec.title,
			...(spec.kind === 'break' ? { breakText: { en: spec.title } } : {}),
			roomIds: spec.rooms.map((room) => {
				if (!rooms.includes(room)) throw new Error(`conferenceDay: no room "${room}"`);
				return rooms.indexOf(room) + 1;
			}),
			start: DateTime.fromISO(date, { zone: timezone }).set({ hour, minute }).toISO()!,
			durationMinutes: spec.minutes ?? 30,
			speakers: spec.kind === 'break' ? [] : [{ code: `P${id}`, name: `Speaker ${id}`, avatarUrl: null, biography: 'Pythonista.' }],
			typeId: spec.kind === 'break' ? 3 : spec.kind === 'keynote' ? 2 : 1,
			trackId: 1,
			abstract: 'We look at real production code and leave with patterns you can apply on Monday morning.',
			language: 'en'
		};
	});
	return {
		event: 'ep2026',
		title: 'EuroPython 2026',
		timezone,
		baseUrl: 'https://pretalx.example',
		version: '1.0',
		scheduleId: 1,
		startDate: date,
		days: 1,
		rooms: rooms.map((name, index) => ({ id: index + 1, name: { en: name }, guid: uuidFor(1, index + 1), capacity: 300 })),
		tracks: [{ id: 1, name: { en: 'Python Core' }, color: '#224466' }],
		types: [
			{ id: 1, name: { en: 'Talk' }, defaultDuration: 30 },
			{ id: 2, name: { en: 'Keynote' }, defaultDuration: 45 },
			{ id: 3, name: { en: 'Break' }, defaultDuration: 30 }
		],
		slots
	};
}

/** Maps the bot's rehearsal clock to real time, from the anchor the bot keeps in its database. */
export class RehearsalTimeline {
	private constructor(
		private readonly anchor: RehearsalAnchor,
		private readonly timezone: string,
		private readonly date: string
	) {}

	public static read(databaseFile: string, timezone: string, date: string): RehearsalTimeline {
		const db = new BetterSqlite3(databaseFile, { readonly: true });
		try {
			const row = db.prepare('SELECT value FROM kv WHERE key = ?').get(REHEARSAL_KEY) as { value: string } | undefined;
			if (!row) throw new Error('the bot stored no rehearsal anchor');
			return new RehearsalTimeline(JSON.parse(row.value) as RehearsalAnchor, timezone, date);
		} finally {
			db.close();
		}
	}

	/** The simulated instant of a conference-local `HH:mm`. */
	public simulated(at: string): Date {
		const [hour, minute] = at.split(':').map(Number);
		return DateTime.fromISO(this.date, { zone: this.timezone }).set({ hour, minute }).toJSDate();
	}

	/** The real instant at which the bot's clock shows `at`. */
	public real(at: string | Date): number {
		const simulated = typeof at === 'string' ? this.simulated(at) : at;
		return this.anchor.realStart + (simulated.getTime() - Date.parse(this.anchor.simulatedStart)) / this.anchor.speed;
	}

	/** What the bot puts before this rehearsal's notification ids. */
	public get notificationPrefix(): string {
		return rehearsalPrefix(this.anchor);
	}

	/** The bot's simulated time now. */
	public now(): Date {
		return new Date(Date.parse(this.anchor.simulatedStart) + (Date.now() - this.anchor.realStart) * this.anchor.speed);
	}

	public async until(at: string): Promise<void> {
		const wait = this.real(at) - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
	}
}

/** Ledger rows of the bot's database, for checks a Discord transcript cannot show. */
export interface LedgerRow {
	id: string;
	status: string;
	late: number;
	message_ids: string;
	claimed_at: string;
	posted_at: string | null;
}

export function ledgerRows(databaseFile: string): LedgerRow[] {
	const db = new BetterSqlite3(databaseFile, { readonly: true });
	try {
		return db.prepare('SELECT id, status, late, message_ids, claimed_at, posted_at FROM programme_notifications ORDER BY id').all() as LedgerRow[];
	} finally {
		db.close();
	}
}
