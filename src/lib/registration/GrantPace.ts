// How fast Discord's buckets let the role grants go: which bucket a request spends, and the members per second it allows.

/** The member PATCH (roles and nickname) and the role PUT (the access role ahead): one Discord bucket each. */
export type GrantLane = 'member' | 'access';

/** The lane whose bucket a Discord request spends, by discord.js's route: a member's PATCH, or one role's PUT. */
export function grantLaneOf(method: string, route: string): GrantLane | null {
	if (method === 'PATCH' && /^\/guilds\/:id\/members\/:id$/.test(route)) return 'member';
	if (method === 'PUT' && /^\/guilds\/:id\/members\/:id\/roles\/:id$/.test(route)) return 'access';
	return null;
}

/**
 * Members changed per second: from the member bucket's own headers once one answer carried them (Discord documents no
 * number and says the limits may change), Discord's observed 10 per 10 s until then.
 */
export class GrantPace {
	private limit = 0;
	private windowSeconds = 0;
	private readonly finishedAt: number[] = [];

	public constructor(
		private readonly priorPerSecond = 1,
		private readonly sampleSize = 60
	) {}

	/** A grant finished at `at` (ms); over several windows, what was really achieved beats what the bucket allows. */
	public record(at: number): void {
		this.finishedAt.push(at);
		if (this.finishedAt.length > this.sampleSize) this.finishedAt.shift();
	}

	/** One member-edit answer's `X-RateLimit-Limit` and `-Reset-After`; the longest reset seen is the window. */
	public observeBucket(limit: number, resetAfterSeconds: number): void {
		if (!(limit > 0) || !(resetAfterSeconds > 0)) return;
		this.limit = limit;
		this.windowSeconds = Math.max(this.windowSeconds, resetAfterSeconds);
	}

	/** True once a bucket's headers said its size. */
	public get observed(): boolean {
		return this.limit > 0;
	}

	public get perSecond(): number {
		const allowed = this.limit && this.windowSeconds ? this.limit / this.windowSeconds : this.priorPerSecond;
		const span = this.finishedAt.length ? (this.finishedAt.at(-1)! - this.finishedAt[0]!) / 1000 : 0;
		// Only a full sample over at least three windows says more than the headers (a fixed window grants in bursts).
		if (this.finishedAt.length < this.sampleSize || !this.windowSeconds || span < 3 * this.windowSeconds) return allowed;
		return Math.min(allowed, (this.finishedAt.length - 1) / span);
	}

	/** Seconds until the member at `place` (1 = next) has their roles. */
	public etaSeconds(place: number): number {
		return place / this.perSecond;
	}
}
