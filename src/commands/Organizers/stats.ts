import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type Guild, type GuildBasedChannel, type InteractionEditReplyOptions } from 'discord.js';
import { OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { notInServerReply } from '#lib/registration/organizerReplies';

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
			this.organizerCommand(builder)
				.addSubcommand((sub) => sub.setName('members').setDescription('Members, bots, people without a role, members per role, recent joins.').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('registration').setDescription('Tickets sold → registered, registrations per hour, failure reasons.').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('programme').setDescription('Most bookmarked and Interested sessions per day and slot, beside the seats; DM reminders.').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('export').setDescription('CSV of all members (only in an organizers-only channel).').addBooleanOption(shareOption))
		);
	}

	public members(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild) => this.container.statsDesk.members(guild));
	}

	public registration(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild) => this.container.statsDesk.registration(guild));
	}

	public programme(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, () => this.container.statsDesk.programme());
	}

	/** Member data leaves the server only into an organizers-only channel. */
	public export(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.report(interaction, (guild) => this.container.statsDesk.export(guild), (channel) => this.container.statsDesk.exportRefusal(channel));
	}

	/** Counting a big server takes longer than Discord's 3 s to acknowledge: defer, then answer with the report. */
	private async report(
		interaction: Subcommand.ChatInputCommandInteraction,
		build: (guild: Guild) => Promise<InteractionEditReplyOptions>,
		refusal?: (channel: GuildBasedChannel | null) => string | null
	) {
		if (!interaction.inCachedGuild()) return interaction.reply({ content: notInServerReply, flags: MessageFlags.Ephemeral });
		const refused = refusal?.(interaction.channel);
		if (refused) return interaction.reply({ content: refused, flags: MessageFlags.Ephemeral });
		const share = interaction.options.getBoolean('share') ?? false;
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		return interaction.editReply({ ...(await build(interaction.guild)), allowedMentions: { parse: [] } });
	}
}
