import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ModalSubmitInteraction } from 'discord.js';
import { parseQaId } from '#lib/qa/qaIds';
import { QUESTION_FIELD } from '#lib/qa/qaTexts';
import { memberQaTexts, participantOf } from '#lib/qa/participant';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** The ask form sent: the question goes into the thread, the asker hears it did. */
export class ModalHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		const { config } = context.store.container;
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.ModalSubmit, enabled: qaEnabled(config) });
	}

	public override parse(interaction: ModalSubmitInteraction) {
		const action = parseQaId(interaction.customId);
		return action?.kind === 'modal' ? this.some(action.anonymous) : this.none();
	}

	public override async run(interaction: ModalSubmitInteraction, anonymous: InteractionHandler.ParseResult<this>) {
		// Deferred: the thread's message bucket may hold the post for seconds when many ask at once.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const text = interaction.fields.getTextInputValue(QUESTION_FIELD);
		const answer = await this.container.qa.ask(interaction.channelId, participantOf(interaction), text, anonymous, memberQaTexts(interaction));
		return interaction.editReply({ content: answer.content, allowedMentions: { parse: [] } });
	}
}
