import { bucketOf, rateLimited, type RateLimitPolicy, type Reply } from './faults';

/**
 * Discord's rate limits as best evidenced (`shared/reference/discord-limits.md`): route families with their bucket
 * keys, limits and windows, the hidden name/topic sub-limit, the global 50/s with interaction endpoints exempt.
 * Discord publishes none of these numbers; the bot must read the headers, and the stand-in must never grant more.
 */
export interface RouteFamily {
	/** For reports and tests. */
	name: string;
	matches: (method: string, route: string, body: unknown) => boolean;
	/** What shares one budget: the whole guild, one channel, one interaction token, or the bot. */
	key: 'guild' | 'channel' | 'token' | 'bot';
	limit: number;
	windowMs: number;
	window: 'fixed' | 'sliding';
	/** Counted against the global 50/s (false for interaction endpoints). */
	global: boolean;
	/** A limit Discord does not show in the headers (name/topic edits): a surprise 429 with a long Retry-After. */
	hidden?: boolean;
}

const memberRoute = '/guilds/{guild_id}/members/{user_id}';
const memberRoleRoute = '/guilds/{guild_id}/members/{user_id}/roles/{role_id}';
const changesNameOrTopic = (body: unknown) => typeof body === 'object' && body !== null && ('name' in body || 'topic' in body);

/** The reference table, one row a family; the first that matches a request is its bucket. Unlisted routes get `defaultFamily`. */
export const discordRouteFamilies: readonly RouteFamily[] = [
	{ name: 'interaction callback', matches: (_m, route) => route.startsWith('/interactions/'), key: 'token', limit: Infinity, windowMs: 1000, window: 'sliding', global: false },
	{ name: 'interaction webhook', matches: (_m, route) => route.startsWith('/webhooks/{webhook_id}/{webhook_token}'), key: 'token', limit: 5, windowMs: 2000, window: 'sliding', global: false },
	{ name: 'member edit', matches: (method, route) => method === 'PATCH' && route === memberRoute, key: 'guild', limit: 10, windowMs: 10_000, window: 'fixed', global: true },
	{ name: 'member role', matches: (method, route) => (method === 'PUT' || method === 'DELETE') && route === memberRoleRoute, key: 'guild', limit: 10, windowMs: 10_000, window: 'fixed', global: true },
	{ name: 'channel message', matches: (method, route) => method === 'POST' && route === '/channels/{channel_id}/messages', key: 'channel', limit: 5, windowMs: 5000, window: 'sliding', global: true },
	{ name: 'thread creation', matches: (method, route) => method === 'POST' && /^\/channels\/\{channel_id\}(\/messages\/\{message_id\})?\/threads$/.test(route), key: 'bot', limit: 50, windowMs: 300_000, window: 'sliding', global: true },
	// The four scheduled-event rows: weak-medium confidence (one library's route table, discord-limits.md).
	{ name: 'scheduled event create', matches: (method, route) => method === 'POST' && route === '/guilds/{guild_id}/scheduled-events', key: 'guild', limit: 5, windowMs: 60_000, window: 'sliding', global: true },
	{ name: 'scheduled event list', matches: (method, route) => method === 'GET' && route === '/guilds/{guild_id}/scheduled-events', key: 'guild', limit: 1, windowMs: 10_000, window: 'sliding', global: true },
	{ name: 'scheduled event users', matches: (method, route) => method === 'GET' && route.endsWith('/scheduled-events/{guild_scheduled_event_id}/users'), key: 'guild', limit: 5, windowMs: 30_000, window: 'sliding', global: true },
	{ name: 'scheduled event edit', matches: (method, route) => (method === 'PATCH' || method === 'DELETE') && route === '/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}', key: 'guild', limit: 5, windowMs: 20_000, window: 'sliding', global: true }
];

/** A channel's name or topic: 2 per 10 minutes on top of the channel-edit bucket, invisible in the headers. */
export const nameOrTopicFamily: RouteFamily = {
	name: 'channel name/topic',
	matches: (method, route, body) => method === 'PATCH' && route === '/channels/{channel_id}' && changesNameOrTopic(body),
	key: 'channel',
	limit: 2,
	windowMs: 600_000,
	window: 'sliding',
	global: true,
	hidden: true
};

/** Everything else: Discord's common 5 per 5 s per route and major parameter. */
export const defaultFamily: RouteFamily = { name: 'other', matches: () => true, key: 'channel', limit: 5, windowMs: 5000, window: 'sliding', global: true };

/** Requests per second per bot token, interaction endpoints excepted. */
export const GLOBAL_PER_SECOND = 50;

export interface DiscordRateModelOptions {
	/** Divides every window (a time-lapse of the real limits); 1 = Discord's own pace. */
	scale?: number;
}

export interface ModelDecision {
	limited?: Reply;
	headers: Record<string, string>;
	family: string;
}

/** Counts of what the model did, for benches and tests. */
export interface RateModelStats {
	allowed: number;
	limited: number;
	byFamily: Record<string, { allowed: number; limited: number }>;
}

/** Past requests of one bucket: timestamps for a sliding window, or a count and its reset for a fixed one. */
class Bucket {
	readonly #times: number[] = [];
	#count = 0;
	#resetAt = 0;

	public constructor(
		private readonly limit: number,
		private readonly windowMs: number,
		private readonly window: 'fixed' | 'sliding'
	) {}

	/** Takes one slot if there is one; returns the seconds until one frees up when there is none. */
	public take(now: number): { ok: true; remaining: number; resetAfterMs: number } | { ok: false; retryAfterMs: number } {
		if (this.window === 'fixed') {
			if (now >= this.#resetAt) {
				this.#count = 0;
				this.#resetAt = now + this.windowMs;
			}
			if (this.#count >= this.limit) return { ok: false, retryAfterMs: this.#resetAt - now };
			this.#count++;
			return { ok: true, remaining: this.limit - this.#count, resetAfterMs: this.#resetAt - now };
		}
		while (this.#times.length && this.#times[0]! <= now - this.windowMs) this.#times.shift();
		if (this.#times.length >= this.limit) return { ok: false, retryAfterMs: this.#times[0]! + this.windowMs - now };
		this.#times.push(now);
		return { ok: true, remaining: this.limit - this.#times.length, resetAfterMs: this.#times[0]! + this.windowMs - now };
	}
}

/** Discord's limits applied to each request; a 429 carries Discord's headers and body. */
export class DiscordRateModel implements RateLimitPolicy {
	#scale: number;
	public readonly stats: RateModelStats = { allowed: 0, limited: 0, byFamily: {} };
	readonly #buckets = new Map<string, Bucket>();
	#globalWindowStart = 0;
	#globalCount = 0;

	public constructor(
		options: DiscordRateModelOptions,
		private readonly clock: () => Date
	) {
		this.#scale = options.scale ?? 1;
	}

	public get scale(): number {
		return this.#scale;
	}

	/**
	 * Changes the time-lapse from now on, every bucket starting afresh: a bench plays the days before a session fast
	 * (members bookmarking over days), then the minutes before it at Discord's own pace (scale 1).
	 */
	public setScale(scale: number): void {
		this.#scale = scale;
		this.#buckets.clear();
		this.#globalWindowStart = 0;
		this.#globalCount = 0;
	}

	/** The family a request falls in (the hidden sub-limit is checked on top of it). */
	public familyOf(method: string, route: string, body: unknown): RouteFamily {
		return discordRouteFamilies.find((family) => family.matches(method, route, body)) ?? defaultFamily;
	}

	public consume(method: string, route: string, params: Record<string, string>, body?: unknown): ModelDecision {
		const now = this.clock().getTime();
		const family = this.familyOf(method, route, body);
		const counts = (this.stats.byFamily[family.name] ??= { allowed: 0, limited: 0 });
		const refuse = (retryAfterMs: number, global: boolean, bucket: string, limit: number): ModelDecision => {
			this.stats.limited++;
			counts.limited++;
			return { limited: rateLimited(retryAfterMs / 1000, global, bucket, this.clock(), limit), headers: {}, family: family.name };
		};
		if (family.global) {
			const second = 1000 / this.#scale;
			if (now - this.#globalWindowStart >= second) {
				this.#globalWindowStart = now;
				this.#globalCount = 0;
			}
			if (this.#globalCount >= GLOBAL_PER_SECOND) return refuse(this.#globalWindowStart + second - now, true, 'global', GLOBAL_PER_SECOND);
		}
		const hash = bucketOf(`${family.name} ${family === defaultFamily ? `${method} ${route}` : ''}`);
		const major = this.#majorKey(family, params);
		const hidden = nameOrTopicFamily.matches(method, route, body) ? this.#bucket(nameOrTopicFamily, `${nameOrTopicFamily.name} ${major}`) : null;
		// The hidden sub-limit is checked first: a refused topic edit does not use up the visible channel-edit budget.
		if (hidden) {
			const taken = hidden.take(now);
			// The headers name the visible channel-edit bucket; nothing in them warned of this one.
			if (!taken.ok) return refuse(taken.retryAfterMs, false, hash, family.limit);
		}
		const taken = family.limit === Infinity ? null : this.#bucket(family, `${hash} ${major}`).take(now);
		if (taken && !taken.ok) return refuse(taken.retryAfterMs, false, hash, family.limit);
		if (family.global) this.#globalCount++;
		this.stats.allowed++;
		counts.allowed++;
		// Interaction callbacks carry no rate-limit headers at all.
		if (!taken) return { headers: {}, family: family.name };
		return {
			family: family.name,
			headers: {
				'X-RateLimit-Limit': String(family.limit),
				'X-RateLimit-Remaining': String(taken.remaining),
				'X-RateLimit-Reset': ((now + taken.resetAfterMs) / 1000).toFixed(3),
				'X-RateLimit-Reset-After': (taken.resetAfterMs / 1000).toFixed(3),
				'X-RateLimit-Bucket': hash
			}
		};
	}

	#majorKey(family: RouteFamily, params: Record<string, string>): string {
		switch (family.key) {
			case 'guild':
				return params.guild_id ?? '';
			case 'token':
				return params.webhook_token ?? params.interaction_token ?? '';
			case 'bot':
				return 'bot';
			default:
				return params.channel_id ?? params.guild_id ?? params.webhook_id ?? params.interaction_id ?? '';
		}
	}

	#bucket(family: RouteFamily, key: string): Bucket {
		let bucket = this.#buckets.get(key);
		if (!bucket) this.#buckets.set(key, (bucket = new Bucket(family.limit, family.windowMs / this.#scale, family.window)));
		return bucket;
	}
}
