import type { Clock } from './snowflake';

export interface FailureSpec {
	/** RegExp tested against `METHOD /concrete/path`, or `'METHOD /spec/{route}'` matched exactly; omitted = any request. */
	route?: RegExp | string;
	status: 429 | 500 | 502 | 503 | 403 | 404;
	/** How many matching requests fail (default 1). */
	times?: number;
	/** Seconds, for 429 (default 1). */
	retryAfter?: number;
	/** 429 only: a global rate limit instead of a per-route one. */
	global?: boolean;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

interface PendingFailure extends FailureSpec {
	remaining: number;
}

/** Failures queued by tests, consumed by the requests they match. */
export class FaultInjector {
	readonly #pending: PendingFailure[] = [];

	public constructor(private readonly clock: Clock) {}

	public add(spec: FailureSpec): void {
		this.#pending.push({ ...spec, remaining: spec.times ?? 1 });
	}

	/** The injected reply for this request, if a queued failure matches it. */
	public take(method: string, path: string, route: string | null): Reply | undefined {
		const failure = this.#pending.find((candidate) => matches(candidate.route, method, path, route));
		if (!failure) return undefined;
		if (--failure.remaining === 0) this.#pending.splice(this.#pending.indexOf(failure), 1);
		return this.#reply(failure, route ?? path);
	}

	#reply(failure: PendingFailure, bucketSource: string): Reply {
		switch (failure.status) {
			case 429: {
				const retryAfter = failure.retryAfter ?? 1;
				return rateLimited(retryAfter, Boolean(failure.global), bucketOf(bucketSource), this.clock());
			}
			case 403:
				return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
			case 404:
				return { status: 404, body: { message: '404: Not Found', code: 0 } };
			default:
				return { status: failure.status, body: { message: `${failure.status}: Internal Server Error`, code: 0 } };
		}
	}
}

function matches(pattern: RegExp | string | undefined, method: string, path: string, route: string | null): boolean {
	if (pattern === undefined) return true;
	if (pattern instanceof RegExp) return pattern.test(`${method} ${path}`);
	return pattern === `${method} ${route}` || pattern === `${method} ${path}`;
}

/** A stable fake bucket hash per route, like the opaque ids Discord sends. */
export const bucketOf = (key: string) => Buffer.from(key).toString('base64url').slice(-16);

export function rateLimited(retryAfter: number, global: boolean, bucket: string, now: Date, limit = 5): Reply {
	const headers: Record<string, string> = {
		'Retry-After': String(retryAfter),
		'X-RateLimit-Scope': global ? 'global' : 'user'
	};
	if (global) headers['X-RateLimit-Global'] = 'true';
	else {
		Object.assign(headers, {
			'X-RateLimit-Limit': String(limit),
			'X-RateLimit-Remaining': '0',
			'X-RateLimit-Reset': ((now.getTime() + retryAfter * 1000) / 1000).toFixed(3),
			'X-RateLimit-Reset-After': retryAfter.toFixed(3),
			'X-RateLimit-Bucket': bucket
		});
	}
	return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } };
}

/** Decides per request whether it is rate-limited, and the headers its answer carries. */
export interface RateLimitPolicy {
	consume(method: string, route: string, params: Record<string, string>, body?: unknown): { limited?: Reply; headers: Record<string, string> };
}

export interface RateLimitOptions {
	perRoute?: { limit: number; windowMs: number };
	/** Requests per second across all routes except interaction callbacks (Discord: 50). */
	global?: number;
}

interface Bucket {
	remaining: number;
	resetAt: number;
}

/** Fixed-window buckets keyed by route plus major parameter (channel, guild, webhook), like Discord's. */
export class RateLimiter implements RateLimitPolicy {
	readonly #buckets = new Map<string, Bucket>();
	#global: Bucket = { remaining: 0, resetAt: 0 };

	public constructor(
		private readonly options: RateLimitOptions,
		private readonly clock: Clock
	) {}

	/** Consumes one request; returns the 429 to send or the headers every answer in this bucket carries. */
	public consume(method: string, route: string, params: Record<string, string>): { limited?: Reply; headers: Record<string, string> } {
		const now = this.clock().getTime();
		// Discord: interaction endpoints (callbacks and the interaction-token webhooks) are not bound to the global limit.
		const isInteraction = route.startsWith('/interactions/') || route.startsWith('/webhooks/');
		if (this.options.global && !isInteraction) {
			if (now >= this.#global.resetAt) this.#global = { remaining: this.options.global, resetAt: now + 1000 };
			if (this.#global.remaining <= 0) {
				return { limited: rateLimited((this.#global.resetAt - now) / 1000, true, 'global', this.clock()), headers: {} };
			}
			this.#global.remaining--;
		}
		if (!this.options.perRoute) return { headers: {} };
		// Buckets per major parameter, as Discord keys them: channel, guild, webhook + token, or the interaction itself.
		const major =
			params.channel_id ?? params.guild_id ?? (params.webhook_id ? `${params.webhook_id}/${params.webhook_token}` : undefined) ?? params.interaction_id ?? '';
		const key = `${method} ${route} ${major}`;
		const { limit, windowMs } = this.options.perRoute;
		let bucket = this.#buckets.get(key);
		if (!bucket || now >= bucket.resetAt) {
			bucket = { remaining: limit, resetAt: now + windowMs };
			this.#buckets.set(key, bucket);
		}
		const resetAfter = (bucket.resetAt - now) / 1000;
		const hash = bucketOf(`${method} ${route}`);
		if (bucket.remaining <= 0) return { limited: rateLimited(resetAfter, false, hash, this.clock()), headers: {} };
		bucket.remaining--;
		return {
			headers: {
				'X-RateLimit-Limit': String(limit),
				'X-RateLimit-Remaining': String(bucket.remaining),
				'X-RateLimit-Reset': (bucket.resetAt / 1000).toFixed(3),
				'X-RateLimit-Reset-After': resetAfter.toFixed(3),
				'X-RateLimit-Bucket': hash
			}
		};
	}
}

export interface HeldRequest {
	/** Resolves when a matching request has arrived and is being held. */
	arrived: Promise<void>;
	/** Lets the held request through, to be handled as if it had just arrived. */
	release(): void;
}

interface Hold {
	route: RegExp | string;
	arrive: () => void;
	released: Promise<void>;
}

/** Requests held before Discord acts on them, e.g. to kill a client while its request is in flight. */
export class RequestHolds {
	readonly #pending: Hold[] = [];

	public add(route: RegExp | string): HeldRequest {
		let arrive!: () => void;
		let release!: () => void;
		const arrived = new Promise<void>((resolve) => (arrive = resolve));
		const released = new Promise<void>((resolve) => (release = resolve));
		this.#pending.push({ route, arrive, released });
		return { arrived, release };
	}

	/** Waits while a hold matches this request (each hold catches one request). */
	public async wait(method: string, path: string, route: string | null): Promise<void> {
		const hold = this.#pending.find((candidate) => matches(candidate.route, method, path, route));
		if (!hold) return;
		this.#pending.splice(this.#pending.indexOf(hold), 1);
		hold.arrive();
		await hold.released;
	}
}
