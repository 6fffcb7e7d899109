import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type AutocompleteInteraction } from 'discord.js';
import { localizedDescription, OrganizerCommand, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { isOrganizer } from '#lib/discord/organizers';
import { replyLanguage } from '#lib/i18n/replyTexts';

/** Links members to the programme's speakers: the Speakers role and check-in before their sessions. */
export class UserCommand extends OrganizerCommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		const { config } = context.store.container;
		super(context, {
			...options,
			description: 'Speakers: link members to the programme’s speakers.',
			enabled: config.programme.enabled && config.speakers.enabled,
			subcommands: subcommandMethods('link', 'unlink', 'list')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder, 'speakerDescription')
				.addSubcommand((sub) =>
					localizedDescription(sub.setName('link'), 'speakerLinkDescription')
						.addUserOption((o) => localizedDescription(o.setName('member'), 'speakerMemberDescription').setRequired(true))
						.addStringOption((o) => localizedDescription(o.setName('speaker'), 'speakerSpeakerDescription').setRequired(true).setAutocomplete(true).setMaxLength(100))
				)
				.addSubcommand((sub) =>
					localizedDescription(sub.setName('unlink'), 'speakerUnlinkDescription')
						.addUserOption((o) => localizedDescription(o.setName('member'), 'speakerLinkedMemberDescription').setRequired(true))
						.addStringOption((o) => localizedDescription(o.setName('speaker'), 'speakerOnlyDescription').setAutocomplete(true).setMaxLength(100))
				)
				.addSubcommand((sub) => localizedDescription(sub.setName('list'), 'speakerListDescription'))
		);
	}

	public async link(interaction: Subcommand.ChatInputCommandInteraction) {
		const user = interaction.options.getUser('member', true);
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const content = await this.container.speakerDesk.link(interaction.user.id, user.id, user.bot, interaction.options.getString('speaker', true), replyLanguage(interaction));
		return interaction.editReply({ content, allowedMentions: { parse: [] } });
	}

	public async unlink(interaction: Subcommand.ChatInputCommandInteraction) {
		const user = interaction.options.getUser('member', true);
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const content = await this.container.speakerDesk.unlink(interaction.user.id, user.id, interaction.options.getString('speaker'), replyLanguage(interaction));
		return interaction.editReply({ content, allowedMentions: { parse: [] } });
	}

	public list(interaction: Subcommand.ChatInputCommandInteraction) {
		return interaction.reply({ content: this.container.speakerDesk.list(replyLanguage(interaction)), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}

	public override autocompleteRun(interaction: AutocompleteInteraction) {
		// Preconditions do not guard autocomplete.
		if (!isOrganizer(interaction.member)) return interaction.respond([]);
		return interaction.respond(this.container.speakerDesk.suggest(String(interaction.options.getFocused())));
	}
}
