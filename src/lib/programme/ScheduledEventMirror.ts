import { errorText } from '#lib/errorText';
import type { Texts } from '#lib/i18n/texts';
import type { Clock } from './Clock';
import type { ProgrammeLogger } from './ProgrammeLogger';
import type { ScheduledEventRepository } from './ScheduledEventRepository';
import { eventSpecFor, planEventWindow, specChanged, type EventSpec, type ScheduledEventsMode } from './scheduledEvents';
import type { Session } from './Session';

/** An event as Discord lists it. */
export interface RemoteEvent {
	id: string;
	name: string;
	start: Date;
	creatorId: string | null;
	userCount: number;
}

/** The guild's scheduled events, one request at a time (discord.js keeps each within its bucket). */
export interface ScheduledEventsApi {
	readonly botUserId: string;
	list(): Promise<RemoteEvent[]>;
	create(spec: EventSpec): Promise<string>;
	edit(eventId: string, spec: EventSpec): Promise<void>;
	delete(eventId: string): Promise<void>;
}

/** Discord's "Maximum number of uncompleted guild scheduled events reached" and "Unknown Guild Scheduled Event". */
export const CAP_REACHED = 30038;
export const UNKNOWN_EVENT = 10070;

/** Discord lets a bot list a guild's events about once per 10 s: the "Interested" counts are read at most that often. */
export const INTERESTED_CACHE_MS = 10_000;

export interface ScheduledEventMirrorOptions {
	mode: ScheduledEventsMode;
	max: number;
	keynoteTypes: readonly string[];
	sessions: () => readonly Session[];
	/** The stream link for a session, if its room has one that day. */
	livestream: (session: Session) => string | undefined;
	api: () => ScheduledEventsApi | undefined;
	repository: ScheduledEventRepository;
	clock: Clock;
	logger: ProgrammeLogger;
	/** Real time for the counts' cache (Discord's rate limit runs on it, not on a rehearsal's clock). */
	realNow?: () => number;
	/** The `programme` texts of `[bot] language` (an event without a room is at "Conference"); English by default. */
	texts?: Texts;
}

/** A mirrored session's event with how many members clicked "Interested". */
export interface InterestedEvent {
	sessionCode: string;
	spec: EventSpec;
	userCount: number;
}

/** A rolling window of the next sessions as Discord scheduled events: created, edited and deleted as the programme changes, refilled as events end. */
export class ScheduledEventMirror {
	private running: Promise<void> | undefined;
	private again = false;
	private reconciled = false;
	private capWarned = false;
	private timer: NodeJS.Timeout | undefined;
	private stopped = false;
	private listed: { at: number; events: Promise<RemoteEvent[]> } | undefined;

	public constructor(private readonly options: ScheduledEventMirrorOptions) {}

	/** Brings the events in line with the programme; calls during a run make one more run after it. */
	public update(): Promise<void> {
		if (this.options.mode === 'off' || this.stopped) return Promise.resolve();
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = this.loop().finally(() => (this.running = undefined));
		return this.running;
	}

	/** The mirrored events with their "Interested" counts, in start order; Discord is asked at most once per INTERESTED_CACHE_MS. */
	public async interested(): Promise<InterestedEvent[]> {
		const api = this.options.api();
		if (!api) return [];
		const counts = new Map((await this.listCounted(api)).map((event) => [event.id, event.userCount]));
		return this.options.repository
			.all()
			.filter((row) => counts.has(row.eventId))
			.sort((a, b) => a.spec.start.getTime() - b.spec.start.getTime())
			.map((row) => ({ sessionCode: row.sessionCode, spec: row.spec, userCount: counts.get(row.eventId)! }));
	}

	public async stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		await Promise.allSettled([this.running]);
	}

	/** Callers within the cache's life share one list, the one in flight included; a failed list is not kept. */
	private listCounted(api: ScheduledEventsApi): Promise<RemoteEvent[]> {
		const now = (this.options.realNow ?? Date.now)();
		if (this.listed && now - this.listed.at < INTERESTED_CACHE_MS) return this.listed.events;
		const listed = { at: now, events: api.list() };
		this.listed = listed;
		listed.events.catch(() => {
			if (this.listed === listed) this.listed = undefined;
		});
		return listed.events;
	}

	private async loop(): Promise<void> {
		do {
			this.again = false;
			try {
				await this.sync();
			} catch (error) {
				this.options.logger.warn(`Scheduled events not updated: ${errorText(error)}`);
			}
		} while (this.again && !this.stopped);
		this.scheduleRefill();
	}

	private async sync(): Promise<void> {
		const api = this.options.api();
		if (!api) return;
		const { repository, clock } = this.options;
		const now = clock.now();
		const byCode = new Map(this.options.sessions().map((session) => [session.code, session]));
		const specOf = (session: Session) => eventSpecFor(session, this.options.livestream(session), this.options.texts);
		if (!this.reconciled) {
			await this.reconcile(api, [...byCode.values()], specOf);
			this.reconciled = true;
		}
		const rows = new Map(repository.all().map((row) => [row.sessionCode, row]));
		const window = planEventWindow([...byCode.values()], { mode: this.options.mode, max: this.options.max, keynoteTypes: this.options.keynoteTypes, now, mirrored: new Set(rows.keys()) });
		const wanted = new Set(window.map((session) => session.code));
		// Deletes first: they free room under Discord's cap for the creates below.
		for (const row of rows.values()) {
			if (wanted.has(row.sessionCode) || this.stopped) continue;
			const session = byCode.get(row.sessionCode);
			// An ended event completes on its own; anything else (cancelled, moved out of the window) is deleted.
			if (!session || row.spec.end.getTime() > now.getTime()) await this.remove(api, row.eventId);
			repository.remove(row.sessionCode);
			rows.delete(row.sessionCode);
		}
		for (const session of window) {
			if (this.stopped) return;
			const row = rows.get(session.code);
			const spec = specOf(session);
			if (row) {
				if (!specChanged(row.spec, spec)) continue;
				// A running event keeps its start: Discord refuses to move it.
				const sent = row.spec.start.getTime() <= now.getTime() ? { ...spec, start: row.spec.start } : spec;
				await api.edit(row.eventId, sent);
				repository.save({ ...row, spec: sent });
				continue;
			}
			if (!(await this.create(api, session.code, spec))) return;
		}
		this.capWarned = false;
	}

	/** False when Discord's cap is reached (organizers' own events count too): no more creates until an event ends. */
	private async create(api: ScheduledEventsApi, sessionCode: string, spec: EventSpec): Promise<boolean> {
		try {
			const eventId = await api.create(spec);
			this.options.repository.save({ sessionCode, eventId, spec });
			return true;
		} catch (error) {
			if ((error as { code?: unknown }).code !== CAP_REACHED) throw error;
			if (!this.capWarned) this.options.logger.warn('Scheduled events: Discord has 100 uncompleted events in this server; the next ones are created as events end.');
			this.capWarned = true;
			return false;
		}
	}

	private async remove(api: ScheduledEventsApi, eventId: string): Promise<void> {
		try {
			await api.delete(eventId);
		} catch (error) {
			if ((error as { code?: unknown }).code !== UNKNOWN_EVENT) throw error;
		}
	}

	/**
	 * After a restart: rows whose event is gone are dropped; an event of ours with no row (a crash between create and
	 * save) is adopted when its name and start match a session, and deleted otherwise.
	 */
	private async reconcile(api: ScheduledEventsApi, sessions: readonly Session[], specOf: (session: Session) => EventSpec): Promise<void> {
		const { repository } = this.options;
		const listed = await api.list();
		const listedIds = new Set(listed.map((event) => event.id));
		const rows = repository.all();
		for (const row of rows) if (!listedIds.has(row.eventId)) repository.remove(row.sessionCode);
		const known = new Set(rows.map((row) => row.eventId));
		const mapped = new Set(repository.all().map((row) => row.sessionCode));
		for (const event of listed) {
			if (event.creatorId !== api.botUserId || known.has(event.id)) continue;
			const session = sessions.find((candidate) => !mapped.has(candidate.code) && specOf(candidate).name === event.name && candidate.start.getTime() === event.start.getTime());
			if (session) {
				// Stored with an empty description so the next sync edits it to what it should say.
				repository.save({ sessionCode: session.code, eventId: event.id, spec: { ...specOf(session), description: '' } });
				mapped.add(session.code);
			} else await this.remove(api, event.id);
		}
	}

	/** Wakes at the next end of a mirrored event, when the window can take the next session. */
	private scheduleRefill(): void {
		clearTimeout(this.timer);
		if (this.stopped) return;
		const now = this.options.clock.now().getTime();
		const ends = this.options.repository
			.all()
			.map((row) => row.spec.end.getTime())
			.filter((end) => end > now);
		if (ends.length === 0) return;
		const next = new Date(Math.min(...ends) + 1000);
		this.timer = setTimeout(() => void this.update(), this.options.clock.realDelayUntil(next));
		this.timer.unref();
	}
}
