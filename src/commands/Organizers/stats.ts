import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type Guild, type GuildBasedChannel, type InteractionEditReplyOptions } from 'discord.js';
import { localizedDescription as describe, OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
import type { Language } from '#lib/i18n/language';
import { replyLanguage } from '#lib/i18n/replyTexts';
import { textsFor } from '#lib/i18n/texts';

export class UserCommand extends OrganizerCommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, {
			...options,
			description: 'Server, registration and programme statistics for organizers.',
			subcommands: subcommandMethods('members', 'registration', 'programme', 'export')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder, 'statsDescription')
				.addSubcommand((sub) => describe(sub.setName('members'), 'statsMembersDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('registration'), 'statsRegistrationDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('programme'), 'statsProgrammeDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('export'), 'statsExportDescription').addBooleanOption(shareOption))
		);
	}

	public members(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild, language) => this.container.statsDesk.members(guild, language));
	}

	public registration(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild, language) => this.container.statsDesk.registration(guild, language));
	}

	public programme(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (_guild, language) => this.container.statsDesk.programme(language));
	}

	/** Member data leaves the server only into an organizers-only channel. */
	public export(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild, language) => this.container.statsDesk.export(guild, language), (channel, language) => this.container.statsDesk.exportRefusal(channel, language));
	}

	/** Counting a big server takes longer than Discord's 3 s to acknowledge: defer, then answer with the report. */
	private async report(
		interaction: Subcommand.ChatInputCommandInteraction,
		build: (guild: Guild, language: Language) => Promise<InteractionEditReplyOptions>,
		refusal?: (channel: GuildBasedChannel | null, language: Language) => string | null
	) {
		const language = replyLanguage(interaction);
		if (!interaction.inCachedGuild()) return interaction.reply({ content: textsFor(language, 'organizers')('notInServer'), flags: MessageFlags.Ephemeral });
		const refused = refusal?.(interaction.channel, language);
		if (refused) return interaction.reply({ content: refused, flags: MessageFlags.Ephemeral });
		const share = interaction.options.getBoolean('share') ?? false;
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		return interaction.editReply({ ...(await build(interaction.guild, language)), allowedMentions: { parse: [] } });
	}
}
