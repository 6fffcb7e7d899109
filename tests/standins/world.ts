// The three stand-ins started together, with what a bot in another process needs to reach them (one JSON handoff,
// the same facts as environment variables). `npm run standins`, the benches and the discord.py test start them here.
import { DiscordStandIn, demoGuild, largeGuild } from './discord';
import { PretixStandin } from './pretix/PretixStandin';
import { generateEvent } from './pretix/generateEvent';
import type { RawEvent } from './pretix/types';
import { generateConference } from './pretalx/conference';
import { PretalxStandin } from './pretalx/server';
import { fixtureEvent } from '../fixtures/pretix/event';

export interface WorldOptions {
	/** `discord`: Discord's real limits (rateModel.ts) time-lapsed by `scale`; `lenient`: 50 a second per route and globally; `none`: no limits. */
	rateModel?: 'discord' | 'lenient' | 'none';
	scale?: number;
	/** Members besides the demo guild's own (0: the demo guild as seeded). */
	members?: number;
	/** The pretix event: `fixture` (Ada, Grace … the e2e tests' people) or a generated event with `orders` orders. */
	event?: 'fixture' | { orders: number; seed?: number };
	/** Validate the Discord stand-in's own answers against the spec (default true; benches turn it off for speed). */
	validateResponses?: boolean;
	token?: string;
}

/** What a bot in another process is told: URLs, tokens and ids; printed as one JSON line by `npm run standins`. */
export interface Handoff {
	discord: { apiUrl: string; restBase: string; gatewayUrl: string; token: string; applicationId: string; guildId: string; botUserId: string; rateModel: string; scale: number };
	pretix: { url: string; apiUrl: string; token: string; organizer: string; event: string };
	pretalx: { url: string; frabUrl: string };
	/** The loopback control API (see README, "Driving the stand-ins"), when one is served. */
	control?: string;
	/** The same facts as environment variables for a bot process (names in README). */
	env: Record<string, string>;
}

export class World {
	private constructor(
		public readonly discord: DiscordStandIn,
		public readonly pretix: PretixStandin,
		public readonly pretalx: PretalxStandin,
		public readonly event: RawEvent,
		private readonly options: WorldOptions
	) {}

	public static async start(options: WorldOptions = {}): Promise<World> {
		const model = options.rateModel ?? 'none';
		const rateLimits =
			model === 'discord' ? { model: 'discord' as const, scale: options.scale ?? 1 } : model === 'lenient' ? { perRoute: { limit: 50, windowMs: 1000 }, global: 50 } : undefined;
		const discord = await DiscordStandIn.start({
			seed: options.members ? largeGuild(options.members) : demoGuild(),
			rateLimits,
			validateResponses: options.validateResponses ?? true,
			...(options.token ? { token: options.token } : {})
		});
		const event = !options.event || options.event === 'fixture' ? fixtureEvent() : generateEvent({ seed: options.event.seed ?? 12, orders: options.event.orders });
		const pretix = await PretixStandin.start(event);
		const conference = generateConference({ seed: 2026, days: 1, rooms: 6, sessionsPerRoomPerDay: 6, timezone: 'Europe/Prague', start: '2026-07-15' });
		const pretalx = await new PretalxStandin(conference).start();
		return new World(discord, pretix, pretalx, event, options);
	}

	/** Discord's time-lapse: every window and the interaction token lifetime are divided by this. */
	public get scale(): number {
		return this.options.rateModel === 'discord' ? (this.options.scale ?? 1) : 1;
	}

	public handoff(control?: string): Handoff {
		const { discord, pretix, pretalx, event } = this;
		const handoff = {
			discord: {
				apiUrl: discord.restUrl,
				restBase: `${discord.restUrl}/v10`,
				gatewayUrl: discord.gatewayUrl,
				token: discord.token,
				applicationId: discord.applicationId,
				guildId: discord.guild.id,
				botUserId: discord.botUser.id,
				rateModel: this.options.rateModel ?? 'none',
				scale: this.scale
			},
			pretix: { url: pretix.origin, apiUrl: pretix.baseUrl, token: pretix.token, organizer: event.organizer, event: event.event },
			pretalx: { url: pretalx.baseUrl, frabUrl: pretalx.frabUrl },
			...(control ? { control } : {})
		};
		return { ...handoff, env: botEnvironment(handoff) };
	}

	public async close(): Promise<void> {
		await Promise.all([this.discord.close(), this.pretix.close(), this.pretalx.stop()]);
	}
}

/** The environment a bot under test gets; README lists the names. usher reads them through its config loader. */
export function botEnvironment(handoff: Omit<Handoff, 'env'>): Record<string, string> {
	return {
		DISCORD_API_URL: handoff.discord.apiUrl,
		DISCORD_REST_BASE: handoff.discord.restBase,
		DISCORD_GATEWAY_URL: handoff.discord.gatewayUrl,
		DISCORD_BOT_TOKEN: handoff.discord.token,
		DISCORD_APPLICATION_ID: handoff.discord.applicationId,
		DISCORD_GUILD_ID: handoff.discord.guildId,
		STANDIN_SCALE: String(handoff.discord.scale),
		PRETIX_URL: handoff.pretix.url,
		PRETIX_TOKEN: handoff.pretix.token,
		PRETIX_ORGANIZER: handoff.pretix.organizer,
		PRETIX_EVENT: handoff.pretix.event,
		PRETALX_URL: handoff.pretalx.url,
		PROGRAMME_URL: handoff.pretalx.frabUrl,
		...(handoff.control ? { STANDIN_CONTROL_URL: handoff.control } : {})
	};
}
