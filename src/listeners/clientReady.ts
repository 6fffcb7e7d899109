import { Listener } from '@sapphire/framework';
import { Events, type Client } from 'discord.js';
import { checkGuild, formatStartupReport } from '#lib/discord/checkGuild';
import { UsherEvents } from '#lib/discord/events';

export class UserListener extends Listener<typeof Events.ClientReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ClientReady, once: true });
	}

	public override run(client: Client<true>) {
		const { config, logger } = this.container;
		const guild = this.container.guild;
		if (!guild) {
			logger.error(`discord.guild "${config.discord.guild}" was found at login but is not available on the gateway; features wait for a restart.`);
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
