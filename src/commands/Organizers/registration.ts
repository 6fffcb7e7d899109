import { Command } from '@sapphire/framework';
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { ChannelKeys } from '../../lib/discord/checkGuild';
import { postToLog } from '../../lib/discord/logChannel';
import { applyToMember } from '../../lib/registration/applyToMember';
import {
	formatLookup,
	formatManualRegistration,
	formatUnlink,
	lookupNeedsCriteria,
	manualRegistrationLogEntry,
	notInServerReply,
	registrationDisabledReply,
	unlinkLogEntry,
	unlinkNeedsTarget
} from '../../lib/registration/organizerReplies';

export class UserCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, { ...options, description: 'Help desk: look up, free or register tickets by hand.', preconditions: ['OrganizerOnly'] });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
				.addSubcommand((sub) =>
					sub
						.setName('lookup')
						.setDescription('Which tickets a member, an order or a name holds, and since when.')
						.addUserOption((o) => o.setName('member').setDescription('A member of the server'))
						.addStringOption((o) => o.setName('order').setDescription('Order code, e.g. ABC12').setMaxLength(32))
						.addStringOption((o) => o.setName('name').setDescription('Attendee name, or part of it').setMaxLength(100))
						.addBooleanOption((o) => o.setName('share').setDescription('Post the answer for everyone in this channel'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('unlink')
						.setDescription('Free a ticket (or all of a member’s) so it can be registered again.')
						.addStringOption((o) => o.setName('reason').setDescription('Why, for the log').setRequired(true).setMaxLength(200))
						.addUserOption((o) => o.setName('member').setDescription('Free all tickets of this member'))
						.addStringOption((o) => o.setName('order').setDescription('Free the tickets of this order code').setMaxLength(32))
						.addStringOption((o) => o.setName('name').setDescription('Only this attendee of the order').setMaxLength(100))
						.addBooleanOption((o) => o.setName('remove_roles').setDescription('Also remove the roles those tickets gave'))
				)
				.addSubcommand((sub) =>
					sub
						.setName('register')
						.setDescription('Register a member by hand for an order and attendee name.')
						.addUserOption((o) => o.setName('member').setDescription('The member to register').setRequired(true))
						.addStringOption((o) => o.setName('order').setDescription('Order code, e.g. ABC12').setRequired(true).setMaxLength(32))
						.addStringOption((o) => o.setName('name').setDescription('Attendee name as on the ticket').setRequired(true).setMaxLength(100))
						.addStringOption((o) => o.setName('reason').setDescription('Why, for the log').setRequired(true).setMaxLength(200))
				)
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		if (!interaction.inCachedGuild()) return interaction.reply({ content: notInServerReply, flags: MessageFlags.Ephemeral });
		if (!this.container.config.registration.enabled) return interaction.reply({ content: registrationDisabledReply, flags: MessageFlags.Ephemeral });
		const subcommand = interaction.options.getSubcommand(true);
		const member = interaction.options.getMember('member');
		const user = interaction.options.getUser('member');
		const order = interaction.options.getString('order') ?? undefined;
		const name = interaction.options.getString('name') ?? undefined;
		const { organizerRegistrations } = this.container;

		if (subcommand === 'lookup') {
			if (!user && !order && !name) return interaction.reply({ content: lookupNeedsCriteria, flags: MessageFlags.Ephemeral });
			const share = interaction.options.getBoolean('share') ?? false;
			const content = formatLookup(organizerRegistrations.lookup({ userId: user?.id, order, name }));
			return interaction.reply({ content, allowedMentions: { parse: [] }, ...(share ? {} : { flags: MessageFlags.Ephemeral }) });
		}

		const reason = interaction.options.getString('reason', true);
		if (subcommand === 'unlink') {
			if (!user && !order) return interaction.reply({ content: unlinkNeedsTarget, flags: MessageFlags.Ephemeral });
			await interaction.deferReply({ flags: MessageFlags.Ephemeral });
			const removeRoles = interaction.options.getBoolean('remove_roles') ?? false;
			const result = organizerRegistrations.unlink({ userId: user?.id, order, name }, { actor: interaction.user.id, reason });
			if (removeRoles) {
				for (const [userId, roleIds] of result.rolesNoLongerGranted) {
					const holder = await interaction.guild.members.fetch(userId).catch(() => null);
					if (holder && roleIds.length) await holder.roles.remove(roleIds, `usher: ${interaction.user.username} unlinked the ticket`);
				}
			}
			await interaction.editReply({ content: formatUnlink(result, removeRoles), allowedMentions: { parse: [] } });
			if (result.released.length) await postToLog(unlinkLogEntry(result, interaction.user.id, reason, removeRoles), ChannelKeys.registrationLog);
			return;
		}

		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const target = member;
		if (!target) return interaction.editReply({ content: 'That person is not a member of this server, so I cannot give them roles.' });
		const outcome = await organizerRegistrations.register({
			userId: target.id,
			orderInput: order ?? '',
			nameInput: name ?? '',
			actor: interaction.user.id,
			reason,
			apply: (roleIds, nickname) => applyToMember(target, roleIds, nickname, `usher: registered by ${interaction.user.username}`)
		});
		await interaction.editReply({ content: formatManualRegistration(outcome, target.id), allowedMentions: { parse: [] } });
		if (outcome.kind === 'registered') await postToLog(manualRegistrationLogEntry(outcome, target.id, interaction.user.id, reason), ChannelKeys.registrationLog);
	}
}
