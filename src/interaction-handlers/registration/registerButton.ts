import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
import { chooseLanguage } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { RegistrationIds } from '#lib/registration/customIds';
import { registrationModal } from '#lib/registration/form';

export class ButtonHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
	}

	public override parse(interaction: ButtonInteraction) {
		return interaction.customId === RegistrationIds.button ? this.some() : this.none();
	}

	public override async run(interaction: ButtonInteraction) {
		const { config } = this.container;
		await interaction.showModal(registrationModal(config.registration.conference_name, textsFor(chooseLanguage(interaction, config.bot.language), 'registration')));
	}
}
