import { Listener } from '@sapphire/framework';
import { Events, type Client } from 'discord.js';
import { checkGuild, formatStartupReport } from '../lib/discord/checkGuild';
import { UsherEvents } from '../lib/discord/events';

export class UserListener extends Listener<typeof Events.ClientReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ClientReady, once: true });
	}

	public override run(client: Client<true>) {
		const { config, logger } = this.container;
		const guild = this.container.guild;
		if (!guild) {
			const known = client.guilds.cache.map((g) => `"${g.name}" (${g.id})`).join(', ') || 'none';
			logger.fatal(`Config error: discord.guild "${config.discord.guild}": the bot is not in a guild with that name or id (it is in: ${known}).`);
			return;
		}
		const directory = checkGuild(guild, config);
		this.container.directory = directory;
		const report = formatStartupReport(directory);
		if (directory.problems.length) logger.warn(report);
		else logger.info(report);
		logger.info(`Ready as ${client.user.tag} in ${guild.name} (${guild.memberCount} members).`);
		client.emit(UsherEvents.GuildReady, directory);
	}
}
