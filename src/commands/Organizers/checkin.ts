import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags } from 'discord.js';
import { localizedDescription, OrganizerCommand, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { replyLanguage } from '#lib/i18n/replyTexts';

/** The speaker desk's board: who is in for the next sessions, who is missing. */
export class UserCommand extends OrganizerCommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		const { config } = context.store.container;
		super(context, {
			...options,
			description: 'Speaker check-in for the next sessions.',
			enabled: config.programme.enabled && config.speakers.enabled,
			subcommands: subcommandMethods('status')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) => this.organizerCommand(builder, 'checkinDescription').addSubcommand((sub) => localizedDescription(sub.setName('status'), 'checkinStatusDescription')));
	}

	public status(interaction: Subcommand.ChatInputCommandInteraction) {
		return interaction.reply({ content: this.container.speakerDesk.status(replyLanguage(interaction)), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
