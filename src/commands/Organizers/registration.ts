import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags } from 'discord.js';
import { localizedDescription as describe, OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
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
			this.organizerCommand(builder, 'registrationDescription')
				.addSubcommand((sub) =>
					describe(sub.setName('lookup'), 'registrationLookupDescription')
						.addUserOption((o) => describe(o.setName('member'), 'lookupMemberDescription'))
						.addStringOption((o) => describe(o.setName('order'), 'orderCodeDescription').setMaxLength(32))
						.addStringOption((o) => describe(o.setName('name'), 'lookupNameDescription').setMaxLength(100))
						.addBooleanOption(shareOption)
				)
				.addSubcommand((sub) =>
					describe(sub.setName('unlink'), 'registrationUnlinkDescription')
						.addStringOption((o) => describe(o.setName('reason'), 'reasonDescription').setRequired(true).setMaxLength(200))
						.addUserOption((o) => describe(o.setName('member'), 'unlinkMemberDescription'))
						.addStringOption((o) => describe(o.setName('order'), 'unlinkOrderDescription').setMaxLength(32))
						.addStringOption((o) => describe(o.setName('name'), 'unlinkNameDescription').setMaxLength(100))
						.addBooleanOption((o) => describe(o.setName('remove_roles'), 'unlinkRemoveRolesDescription'))
				)
				.addSubcommand((sub) =>
					describe(sub.setName('register'), 'registrationRegisterDescription')
						.addUserOption((o) => describe(o.setName('member'), 'registerMemberDescription').setRequired(true))
						.addStringOption((o) => describe(o.setName('order'), 'orderCodeDescription').setRequired(true).setMaxLength(32))
						.addStringOption((o) => describe(o.setName('name'), 'registerNameDescription').setRequired(true).setMaxLength(100))
						.addStringOption((o) => describe(o.setName('reason'), 'reasonDescription').setRequired(true).setMaxLength(200))
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
