import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ModalSubmitInteraction } from 'discord.js';
import { RegistrationIds } from '#lib/registration/customIds';

export class ModalHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit });
	}

	public override parse(interaction: ModalSubmitInteraction) {
		return interaction.customId === RegistrationIds.modal ? this.some() : this.none();
	}

	public override async run(interaction: ModalSubmitInteraction) {
		await this.container.registrationDesk.submit(interaction);
	}
}
