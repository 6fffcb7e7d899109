import { Command } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits, type SlashCommandBooleanOption } from 'discord.js';
import { notInServerReply } from '../../lib/registration/organizerReplies';
import { StatsDesk } from '../../lib/statistics/StatsDesk';

export class UserCommand extends Command {
	private readonly desk = new StatsDesk();

	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, description: 'Server and registration statistics for organizers.', preconditions: ['OrganizerOnly'] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
				.addSubcommand((sub) => sub.setName('members').setDescription('Members, bots, people without a role, members per role, recent joins.').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('registration').setDescription('Tickets sold → registered, registrations per hour, failure reasons.').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('export').setDescription('CSV of all members (only in an organizers-only channel).').addBooleanOption(shareOption))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		if (!interaction.inCachedGuild()) return interaction.reply({ content: notInServerReply, flags: MessageFlags.Ephemeral });
		const subcommand = interaction.options.getSubcommand(true);
		if (subcommand === 'export') {
			const refusal = this.desk.exportRefusal(interaction.channel);
			if (refusal) return interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
		}
		const share = interaction.options.getBoolean('share') ?? false;
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		const payload =
			subcommand === 'members' ? await this.desk.members(interaction.guild) : subcommand === 'registration' ? await this.desk.registration(interaction.guild) : await this.desk.export(interaction.guild);
		return interaction.editReply({ ...payload, allowedMentions: { parse: [] } });
	}
}

const shareOption = (option: SlashCommandBooleanOption) =>
	option.setName('share').setDescription('Post the answer for everyone in this channel (default: only you see it).');
