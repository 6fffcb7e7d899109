import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type Guild, type GuildBasedChannel, type InteractionEditReplyOptions } from 'discord.js';
import { localizedDescription as describe, OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { replyTexts } from '#lib/i18n/replyTexts';
import type { Texts } from '#lib/i18n/texts';

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
		return this.report(interaction, (guild) => this.container.statsDesk.members(guild));
	}

	public registration(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild, t) => this.container.statsDesk.registration(guild, t));
	}

	public programme(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (_guild, t) => this.container.statsDesk.programme(t));
	}

	/** Member data leaves the server only into an organizers-only channel. */
	public export(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild, t) => this.container.statsDesk.export(guild, t), (channel, t) => this.container.statsDesk.exportRefusal(channel, t));
	}

	/** Counting a big server takes longer than Discord's 3 s to acknowledge: defer, then answer with the report. */
	private async report(
		interaction: Subcommand.ChatInputCommandInteraction,
		build: (guild: Guild, t: Texts) => Promise<InteractionEditReplyOptions>,
		refusal?: (channel: GuildBasedChannel | null, t: Texts) => string | null
	) {
		// The organizer's language for sentences; the statistics tables themselves stay English.
		const t = replyTexts(interaction, 'organizers');
		if (!interaction.inCachedGuild()) return interaction.reply({ content: t('notInServer'), flags: MessageFlags.Ephemeral });
		const refused = refusal?.(interaction.channel, t);
		if (refused) return interaction.reply({ content: refused, flags: MessageFlags.Ephemeral });
		const share = interaction.options.getBoolean('share') ?? false;
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		return interaction.editReply({ ...(await build(interaction.guild, t)), allowedMentions: { parse: [] } });
	}
}
