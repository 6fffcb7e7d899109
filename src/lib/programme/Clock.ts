/** Where the bot's notion of "now" comes from; rehearsals and tests swap the implementation. */
export interface Clock {
	now(): Date;
	/** Real milliseconds to wait until the clock shows `target` (0 when it is already past). */
	realDelayUntil(target: Date): number;
}

export class SystemClock implements Clock {
	public now(): Date {
		return new Date();
	}

	public realDelayUntil(target: Date): number {
		return Math.max(0, target.getTime() - Date.now());
	}
}

export interface SimulatedClockOptions {
	/** The instant the rehearsal starts at (`simulated_start`). */
	start: Date;
	/** How many simulated seconds pass per real second. */
	speed: number;
	/** The real clock; injectable so the simulation itself can be tested. */
	now?: () => Date;
}

/** Rehearsal mode: time starts at `start` when the clock is created and runs `speed`× faster than real time. */
export class SimulatedClock implements Clock {
	private readonly start: number;
	private readonly speed: number;
	private readonly realNow: () => Date;
	private readonly realStart: number;

	public constructor(options: SimulatedClockOptions) {
		if (!(options.speed > 0)) throw new RangeError(`speed must be above 0, got ${options.speed}`);
		this.start = options.start.getTime();
		this.speed = options.speed;
		this.realNow = options.now ?? (() => new Date());
		this.realStart = this.realNow().getTime();
	}

	public now(): Date {
		return new Date(this.start + (this.realNow().getTime() - this.realStart) * this.speed);
	}

	public realDelayUntil(target: Date): number {
		return Math.max(0, Math.ceil((target.getTime() - this.now().getTime()) / this.speed));
	}
}
