import { Command } from '@sapphire/framework';
import { applyDescriptionLocalizedBuilder } from '@sapphire/plugin-i18next';
import { MessageFlags } from 'discord.js';
import { replyTexts } from '#lib/i18n/replyTexts';

export class UserCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, description: 'Check that the bot is alive and how fast it answers.' });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		// The description in English and every language in src/languages (commands.json); the name stays /ping everywhere.
		registry.registerChatInputCommand((builder) => applyDescriptionLocalizedBuilder(builder.setName(this.name), 'commands:pingDescription'));
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const started = Date.now();
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const roundTrip = Date.now() - started;
		const heartbeat = this.container.client.ws.ping;
		const t = replyTexts(interaction, 'common');
		return interaction.editReply(t('pong', { roundTrip, heartbeat: heartbeat >= 0 ? t('heartbeatMs', { ms: heartbeat }) : t('heartbeatUnmeasured') }));
	}
}
