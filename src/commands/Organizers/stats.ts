import type { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { OrganizerCommand, shareOption } from '../../lib/discord/OrganizerCommand';
import { notInServerReply } from '../../lib/registration/organizerReplies';
import { StatsDesk } from '../../lib/statistics/StatsDesk';

export class UserCommand extends OrganizerCommand {
	private readonly desk = new StatsDesk();

	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, description: 'Server and registration statistics for organizers.' });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder)
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

