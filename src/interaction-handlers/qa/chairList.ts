import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import { parseQaId, type QaAction } from '#lib/qa/qaIds';
import { memberQaTexts, participantOf } from '#lib/qa/participant';
import { qaEnabled } from '#lib/qa/qaEnabled';

type ChairAction = Extract<QaAction, { kind: 'answer' | 'hide' | 'refresh' }>;

/** The chair's list (ephemeral): "mark as answered", "hide" and refresh, each redrawing the list in place. */
export class ChairListHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		const { config } = context.store.container;
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.MessageComponent, enabled: qaEnabled(config) });
	}

	public override parse(interaction: ButtonInteraction | StringSelectMenuInteraction) {
		const action = parseQaId(interaction.customId);
		return action && (action.kind === 'answer' || action.kind === 'hide' || action.kind === 'refresh') ? this.some(action as ChairAction) : this.none();
	}

	public override async run(interaction: ButtonInteraction | StringSelectMenuInteraction, action: InteractionHandler.ParseResult<this>) {
		const t = memberQaTexts(interaction);
		const who = participantOf(interaction);
		const questionId = interaction.isStringSelectMenu() ? Number(interaction.values[0]) : NaN;
		const answer =
			action.kind === 'refresh' || !Number.isSafeInteger(questionId)
				? this.container.qa.top(action.threadId, who, t)
				: this.container.qa.decide(action.threadId, questionId, action.kind, who, t);
		if (answer.kind === 'refused') return interaction.update({ content: answer.content, components: [], allowedMentions: { parse: [] } });
		return interaction.update({ content: answer.content, components: answer.components, allowedMentions: { parse: [] } });
	}
}
