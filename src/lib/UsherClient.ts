import { ApplicationCommandRegistries, container, LogLevel, RegisterBehavior, SapphireClient } from '@sapphire/framework';
import { Events, GatewayIntentBits, Partials } from 'discord.js';
import { join } from 'node:path';
import type { BotConfig } from './config/schema';
import { findConfiguredGuild } from './discord/findGuild';
import { closeTaskQueue } from './lifecycle/closeTaskQueue';
import { ShutdownCoordinator } from './lifecycle/ShutdownCoordinator';
import { redisConnectionOptions } from './setup/redis';
import { installServices } from './setup/services';

const logLevels = { trace: LogLevel.Trace, debug: LogLevel.Debug, info: LogLevel.Info, warn: LogLevel.Warn, error: LogLevel.Error } as const;

export interface UsherClientOptions {
	config: BotConfig;
	/** Discord REST base (`…/api`); the sandbox and tests point it at the stand-in. */
	restApi?: string;
}

/** The bot: a SapphireClient whose services live on `container` and stop in order on shutdown. */
export class UsherClient extends SapphireClient {
	public readonly shutdown = new ShutdownCoordinator();

	public constructor({ config, restApi }: UsherClientOptions) {
		super({
			baseUserDirectory: join(__dirname, '..'),
			intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
			partials: [Partials.GuildMember],
			// Nothing the bot writes may ping anyone unless a message opts in explicitly.
			allowedMentions: { parse: [], repliedUser: false },
			logger: { level: logLevels[config.bot.log_level] },
			rest: { ...(restApi ? { api: restApi } : {}), offset: config.discord.rate_limit_margin_ms },
			tasks: { queue: 'usher', bull: { connection: redisConnectionOptions(config.redis.url) } },
			// Our own listeners (src/listeners/scheduled-tasks) log Redis outages once a minute instead of a stack per retry.
			loadScheduledTaskErrorListeners: false,
			loadMessageCommandListeners: false,
			// src/languages (dist/languages once built), found from baseUserDirectory; the command localizations come from here.
			i18n: { i18next: { showSupportNotice: false } }
		});
		ApplicationCommandRegistries.setDefaultBehaviorWhenNotIdentical(RegisterBehavior.BulkOverwrite);
		installServices(config, this.shutdown);
		// After the log drain, in this order, inside the same deadline: nothing may hold the process open.
		this.shutdown.addClosing('task queue', () => closeTaskQueue(container.tasks));
		this.shutdown.addClosing('gateway', () => this.destroy());
		this.shutdown.addClosing('database', () => void container.db.close());
		// Runs before the pieces' ready listeners, so every feature sees the guild.
		this.prependOnceListener(Events.ClientReady, (client) => {
			container.guild = client.guilds.cache.get(this.guildId ?? '') ?? null;
		});
	}

	private guildId: string | null = null;

	/** Finds the configured guild over REST first: commands then register there, never globally, and a wrong guild stops the bot. */
	public override async login(token: string): Promise<string> {
		this.rest.setToken(token);
		const guild = await findConfiguredGuild(this.rest, container.config.discord.guild);
		this.guildId = guild.id;
		ApplicationCommandRegistries.setDefaultGuildIds([guild.id]);
		return super.login(token);
	}

	/** Stops features (offline notice, timers, log drain), then the task queue, the gateway and the database, within `timeoutMs`. Safe to call twice. */
	public stop(timeoutMs: number): Promise<string[]> {
		return this.shutdown.run(timeoutMs);
	}
}
