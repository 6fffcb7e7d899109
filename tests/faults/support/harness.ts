import BetterSqlite3 from 'better-sqlite3';
import { DiscordStandIn, type DiscordStandInOptions } from '../../standins/discord';
import { PretixStandin } from '../../standins/pretix/PretixStandin';
import type { RawEvent } from '../../standins/pretix/types';
import { ThrowawayRedis } from '../../helpers/redisServer';
import { startBot, type RunningBot } from '../../e2e/support/startBot';

export interface LedgerRow {
	ticket_key: string;
	order_code: string;
	position_id: number;
	discord_user_id: string;
	roles: string;
}

/** The bot, the Discord and pretix stand-ins and a throwaway Redis, torn down together; keeps what every bot run printed. */
export class FaultRig {
	public bot!: RunningBot;
	private readonly outputs: string[] = [];

	private constructor(
		public readonly redis: ThrowawayRedis,
		public readonly discord: DiscordStandIn,
		public readonly pretix: PretixStandin,
		private readonly restUrl: string,
		private readonly overrides: Record<string, unknown>,
		private readonly extraSecrets: Record<string, string>
	) {}

	public static async start(
		event: RawEvent,
		options: { restUrl?: (discord: DiscordStandIn) => Promise<string>; overrides?: Record<string, unknown>; secrets?: Record<string, string>; discord?: DiscordStandInOptions } = {}
	): Promise<FaultRig> {
		const [redis, discord, pretix] = await Promise.all([
			ThrowawayRedis.start(),
			DiscordStandIn.start({ token: 'MTIzNDU2.faults.discord-bot-token-5f1c9e', ...options.discord }),
			PretixStandin.start(event, { token: 'pretix-faults-token-a8d04b7e3c' })
		]);
		const restUrl = options.restUrl ? await options.restUrl(discord) : discord.restUrl;
		return new FaultRig(redis, discord, pretix, restUrl, options.overrides ?? {}, options.secrets ?? {});
	}

	/** Boots the real bot (again, on the same data when `workDir` is given). */
	public async boot(workDir?: string): Promise<RunningBot> {
		const { pretix } = this;
		this.bot = await startBot({
			discord: { restUrl: this.restUrl, token: this.discord.token },
			redisUrl: this.redis.url,
			secrets: { PRETIX_TOKEN: pretix.token, ...this.extraSecrets },
			workDir,
			overrides: { programme: { enabled: false }, ...this.overrides, pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026', ...(this.overrides.pretix as object) } }
		});
		// A first start has no snapshot: wait for the catalog, or an early lookup would know no ticket types.
		if (!workDir) await this.bot.waitForOutput(/pretix full sync: /);
		return this.bot;
	}

	/** kill -9 now, keeping what it printed for the secrets check. */
	public async crash(): Promise<void> {
		await this.bot.kill();
	}

	public async restart(): Promise<RunningBot> {
		this.outputs.push(this.bot.output());
		return this.boot(this.bot.workDir);
	}

	/** Everything every bot run of this rig printed so far, for the secrets check. */
	public printed(): string {
		return [...this.outputs, this.bot?.output() ?? ''].join('\n');
	}

	/** The secrets the bot is given; none may ever appear in its output. */
	public get secrets(): string[] {
		return [this.discord.token, this.pretix.token, ...Object.values(this.extraSecrets)];
	}

	public ledger(): LedgerRow[] {
		const db = new BetterSqlite3(this.bot.databaseFile, { readonly: true });
		try {
			return db.prepare('SELECT ticket_key, order_code, position_id, discord_user_id, roles FROM registrations ORDER BY order_code, position_id').all() as LedgerRow[];
		} finally {
			db.close();
		}
	}

	public async close(): Promise<void> {
		await this.bot?.kill();
		await Promise.all([this.discord.close(), this.pretix.close()]);
		await this.redis.kill();
	}
}
