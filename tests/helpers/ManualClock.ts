import type { Clock } from '#lib/programme/Clock';

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
	private current: number;

	public constructor(start: Date) {
		this.current = start.getTime();
	}

	public now(): Date {
		return new Date(this.current);
	}

	public set(instant: Date): void {
		this.current = instant.getTime();
	}

	public advance(ms: number): void {
		this.current += ms;
	}

	public realDelayUntil(target: Date): number {
		return Math.max(0, target.getTime() - this.current);
	}
}
