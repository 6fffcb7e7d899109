import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction } from 'discord.js';
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
		await interaction.showModal(registrationModal(this.container.config.registration.conference_name));
	}
}
