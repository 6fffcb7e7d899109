import { Routes, type REST, type RESTGetAPICurrentUserGuildsResult } from 'discord.js';
import { ConfigError } from '#lib/config/ConfigError';
import { isSnowflake } from './snowflake';

/** The guild `discord.guild` names (by name or id) among those the bot is in, over REST; a ConfigError listing them when it is not there. */
export async function findConfiguredGuild(rest: REST, ref: string): Promise<{ id: string; name: string }> {
	const guilds = (await rest.get(Routes.userGuilds())) as RESTGetAPICurrentUserGuildsResult;
	const guild = guilds.find((candidate) => (isSnowflake(ref) ? candidate.id === ref : candidate.name === ref));
	if (!guild) {
		const known = guilds.map((g) => `"${g.name}" (${g.id})`).join(', ') || 'none';
		throw new ConfigError(`Config error: discord.guild "${ref}": the bot is not in a guild with that name or id (it is in: ${known}).`);
	}
	return guild;
}
