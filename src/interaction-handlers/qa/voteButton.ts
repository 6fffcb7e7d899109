import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { parseQaId } from '#lib/qa/qaIds';
import { memberQaTexts } from '#lib/qa/participant';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** 👍 on a question: counted once per member, and the click's own answer redraws the count (no rate limit on it). */
export class ButtonHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		const { config } = context.store.container;
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button, enabled: qaEnabled(config) });
	}

	public override parse(interaction: ButtonInteraction) {
		const action = parseQaId(interaction.customId);
		return action?.kind === 'vote' ? this.some(action.questionId) : this.none();
	}

	public override async run(interaction: ButtonInteraction, questionId: InteractionHandler.ParseResult<this>) {
		const answer = this.container.qa.vote(questionId, interaction.user.id, memberQaTexts(interaction));
		if (answer.kind === 'refused') return interaction.reply({ content: answer.content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		return this.container.qa.showVote(answer.question, (message) => interaction.update({ ...message, allowedMentions: { parse: [] } }));
	}
}
