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

/**
 * The programme's clock: the system clock, or in a rehearsal a simulated one that carries on where it was after a
 * restart (the anchor is kept in the store), so a restart mid-rehearsal does not replay the morning.
 * A different `simulated_start` or speed in config starts a new rehearsal.
 */
export function programmeClock(options: ProgrammeClockOptions): Clock {
	if (!options.simulatedStart) return new SystemClock();
	const now = options.now ?? (() => new Date());
	const realNow = now().getTime();
	const saved = options.store.get<RehearsalAnchor>(REHEARSAL_KEY);
	const sameRehearsal = saved?.simulatedStart === options.simulatedStart && saved.speed === options.speed && saved.realStart <= realNow;
	const anchor: RehearsalAnchor = sameRehearsal ? saved : { simulatedStart: options.simulatedStart, speed: options.speed, realStart: realNow };
	options.store.set(REHEARSAL_KEY, anchor);
	const start = new Date(Date.parse(anchor.simulatedStart) + (realNow - anchor.realStart) * anchor.speed);
	return new SimulatedClock({ start, speed: anchor.speed, now });
}
