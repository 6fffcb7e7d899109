import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags } from 'discord.js';
import { OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { replyTexts } from '#lib/i18n/replyTexts';

type HelpDeskTask = 'lookup' | 'unlink' | 'register';

export class UserCommand extends OrganizerCommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, {
			...options,
			description: 'Help desk: look up, free or register tickets by hand.',
			subcommands: subcommandMethods('lookup', 'unlink', 'register')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder)
				.addSubcommand((sub) =>
					sub
						.setName('lookup')
						.setDescription('Which tickets a member, an order or a name holds, and since when.')
						.addUserOption((o) => o.setName('member').setDescription('A member of the server'))
						.addStringOption((o) => o.setName('order').setDescription('Order code, e.g. ABC12').setMaxLength(32))
						.addStringOption((o) => o.setName('name').setDescription('Attendee name, or part of it').setMaxLength(100))
						.addBooleanOption(shareOption)
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

	public lookup(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.atDesk(interaction, 'lookup');
	}

	public unlink(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.atDesk(interaction, 'unlink');
	}

	public register(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.atDesk(interaction, 'register');
	}

	/** The help desk needs the server's members and a registration that is switched on. */
	private async atDesk(interaction: Subcommand.ChatInputCommandInteraction, task: HelpDeskTask) {
		const t = replyTexts(interaction, 'organizers');
		if (!interaction.inCachedGuild()) return interaction.reply({ content: t('notInServer'), flags: MessageFlags.Ephemeral });
		if (!this.container.config.registration.enabled) return interaction.reply({ content: t('registrationDisabled'), flags: MessageFlags.Ephemeral });
		return this.container.registrationHelpDesk[task](interaction);
	}
}
