import { DiscordAPIError, REST } from 'discord.js';
import { parseArgs } from 'node:util';
import { ConfigError } from '#lib/config/ConfigError';
import { loadConfigFiles, readSecret } from '#lib/config/loadConfig';
import { findConfiguredGuild } from '#lib/discord/findGuild';
import { applyPlan } from '#lib/guild/applyPlan';
import { guildLayoutFrom } from '#lib/guild/layout';
import { fetchLiveGuild } from '#lib/guild/liveGuild';
import { formatPlan } from '#lib/guild/describe';
import { planGuild } from '#lib/guild/plan';
import type { CliCommand } from './types';
import { errorText } from '#lib/errorText';

const USAGE = 'Usage: npm run cli -- guild <plan|apply> [--prune] [--config config/config.toml]';

// Exit codes: like `terraform plan -detailed-exitcode`.
const NO_CHANGES = 0;
const ERROR = 1;
const CHANGES_PENDING = 2;

export interface GuildCliDeps {
	env?: NodeJS.ProcessEnv;
	/** Folder holding `.secrets`; defaults to the working directory. */
	rootDir?: string;
}

/** `guild plan` prints what `guild apply` would do to make the guild match `[guild]`; `apply` does exactly that. */
export function createGuildCli(deps: GuildCliDeps = {}): CliCommand {
	const env = deps.env ?? process.env;
	const rootDir = deps.rootDir ?? process.cwd();
	return async (argv, out, err) => {
		let parsed;
		try {
			parsed = parseArgs({ args: argv, allowPositionals: true, options: { prune: { type: 'boolean', default: false }, config: { type: 'string' } } });
		} catch (error) {
			err(`${(error as Error).message}\n${USAGE}`);
			return ERROR;
		}
		const action = parsed.positionals[0];
		if (action !== 'plan' && action !== 'apply') {
			err(USAGE);
			return ERROR;
		}
		try {
			const config = loadConfigFiles({ configFile: parsed.values.config ?? 'config/config.toml', env });
			const layout = guildLayoutFrom(config);
			if (!layout) throw new ConfigError('Config error: there is no [guild] table, so there is no layout to plan; see config/config.toml for an example.');
			const token = readSecret('DISCORD_BOT_TOKEN', rootDir, env);
			if (!token) throw new ConfigError('Config error: the secret DISCORD_BOT_TOKEN is not set (set it in the environment or in .secrets).');
			const rest = new REST(env.DISCORD_API_URL ? { api: env.DISCORD_API_URL } : {}).setToken(token);
			const guild = await findConfiguredGuild(rest, config.discord.guild);
			const live = await fetchLiveGuild(rest, guild.id);
			const plan = planGuild(live, layout, { prune: parsed.values.prune });
			for (const line of formatPlan(plan)) out(line);
			if (plan.problems.length) return ERROR;
			if (action === 'plan') return plan.actions.length ? CHANGES_PENDING : NO_CHANGES;
			await applyPlan(rest, live, plan.actions, out);
			out(`Applied ${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'} to ${live.name}.`);
			return NO_CHANGES;
		} catch (error) {
			if (error instanceof ConfigError) err(error.message);
			else if (error instanceof DiscordAPIError) err(`Discord refused ${error.method.toUpperCase()} ${new URL(error.url).pathname}: ${error.code} ${error.message}`);
			// Anything else (Discord unreachable, a bad token) is an error too, never "changes pending".
			else err(`Error: ${errorText(error)}`);
			return ERROR;
		}
	};
}

export const guildCli = createGuildCli();
