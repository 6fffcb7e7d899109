import { createHash } from 'node:crypto';
import { SimulatedClock, SystemClock, type Clock } from './Clock';

/** Where a rehearsal's start is remembered; the bot's KeyValueStore fits. */
export interface RehearsalStore {
	get<T>(key: string): T | undefined;
	set(key: string, value: unknown): void;
}

export interface RehearsalAnchor {
	simulatedStart: string;
	speed: number;
	/** Real epoch milliseconds at which the rehearsal clock showed `simulatedStart`. */
	realStart: number;
}

export interface ProgrammeClockOptions {
	/** `programme.simulated_start`; absent outside rehearsals. */
	simulatedStart?: string;
	speed: number;
	store: RehearsalStore;
	now?: () => Date;
}

export const REHEARSAL_KEY = 'programme.rehearsal';

export interface ProgrammeTime {
	clock: Clock;
	/**
	 * Put before every notification id: '' for the live conference, `r<key>_` in a rehearsal, so a rehearsal on a
	 * database or Redis holding live posts (or an earlier rehearsal) never shares an id, a ledger row or a job with them.
	 */
	notificationPrefix: string;
}

/**
 * The programme's clock: the system clock, or in a rehearsal a simulated one that carries on where it was after a
 * restart (the anchor is kept in the store), so a restart mid-rehearsal does not replay the morning.
 * A different `simulated_start` or speed in config starts a new rehearsal, with its own notification ids: jobs
 * planned on the old timeline are then unplanned and replaced by ones delayed for the new one.
 */
export function programmeTime(options: ProgrammeClockOptions): ProgrammeTime {
	if (!options.simulatedStart) return { clock: new SystemClock(), notificationPrefix: '' };
	const now = options.now ?? (() => new Date());
	const realNow = now().getTime();
	const saved = options.store.get<RehearsalAnchor>(REHEARSAL_KEY);
	const sameRehearsal = saved?.simulatedStart === options.simulatedStart && saved.speed === options.speed && saved.realStart <= realNow;
	const anchor: RehearsalAnchor = sameRehearsal ? saved : { simulatedStart: options.simulatedStart, speed: options.speed, realStart: realNow };
	// Written only when a rehearsal begins: one carried on after a restart reads its anchor, so it starts on a read-only database too.
	if (!sameRehearsal) options.store.set(REHEARSAL_KEY, anchor);
	const start = new Date(Date.parse(anchor.simulatedStart) + (realNow - anchor.realStart) * anchor.speed);
	return { clock: new SimulatedClock({ start, speed: anchor.speed, now }), notificationPrefix: rehearsalPrefix(anchor) };
}

/** `r` + 10 hex digits of the anchor: one namespace per timeline (start, speed and the real instant it began). */
export function rehearsalPrefix(anchor: RehearsalAnchor): string {
	const key = createHash('sha256').update(`${anchor.simulatedStart}|${anchor.speed}|${anchor.realStart}`).digest('hex').slice(0, 10);
	return `r${key}_`;
}
