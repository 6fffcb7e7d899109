import '../../../src/lib/setup';
import TOML from '@iarna/toml';
import { container, Events as SapphireEvents } from '@sapphire/framework';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/lib/config/loadConfig';
import type { BotConfig } from '../../../src/lib/config/schema';
import { UsherEvents } from '../../../src/lib/discord/events';
import { UsherClient } from '../../../src/lib/UsherClient';
import type { DiscordStandIn } from '../../standins/discord';

const exampleConfig = join(__dirname, '..', '..', '..', 'config', 'config.toml');

export interface StartBotOptions {
	discord: DiscordStandIn;
	redisUrl: string;
	/** Written as config/config.local.toml over the documented example, so the real loader and merge run. */
	overrides?: Record<string, unknown>;
	/** Reuse a data folder to restart on the same SQLite file. */
	dataDir?: string;
	secrets?: Record<string, string>;
	now?: () => Date;
}

export interface RunningBot {
	client: UsherClient;
	config: BotConfig;
	dataDir: string;
	/** Resolves once Sapphire has bulk-overwritten the guild's commands. */
	commandsRegistered: Promise<void>;
	stop(): Promise<string[]>;
}

/** Boots the real bot (UsherClient, Sapphire, plugins) against the stand-ins and waits until the guild is ready. */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
	const root = mkdtempSync(join(tmpdir(), 'usher-e2e-'));
	mkdirSync(join(root, 'config'));
	copyFileSync(exampleConfig, join(root, 'config', 'config.toml'));
	const overrides = { bot: { log_level: 'warn' }, ...options.overrides };
	writeFileSync(join(root, 'config', 'config.local.toml'), TOML.stringify(overrides as TOML.JsonMap));
	const config = loadConfig({
		rootDir: root,
		env: { DISCORD_BOT_TOKEN: options.discord.token, PRETIX_TOKEN: 'pretix-test-token', REDIS_URL: options.redisUrl, ...options.secrets }
	});
	const dataDir = options.dataDir ?? join(root, 'data');
	const client = new UsherClient({ config, restApi: options.discord.restUrl, databaseFile: join(dataDir, 'usher.sqlite'), now: options.now });
	const commandsRegistered = new Promise<void>((resolve) => client.once(SapphireEvents.ApplicationCommandRegistriesRegistered, () => resolve()));
	const guildReady = new Promise<void>((resolve) => client.once(UsherEvents.GuildReady, () => resolve()));
	await client.login(config.secrets.discordBotToken);
	await withTimeout(guildReady, 10_000, 'the bot did not become ready');
	return { client, config, dataDir, commandsRegistered, stop: () => client.stop() };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
		})
	]);
}

/** Waits until `check` holds, polling; for effects that arrive over the gateway a moment after a REST call. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

export { container };
