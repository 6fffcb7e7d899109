import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { parseQaId } from '#lib/qa/qaIds';
import { askModal } from '#lib/qa/qaTexts';
import { memberQaTexts } from '#lib/qa/participant';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** "Ask a question" (or anonymously) in a Q&A thread: the form, unless the member cannot ask here now. */
export class ButtonHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		const { config } = context.store.container;
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button, enabled: qaEnabled(config) });
	}

	public override parse(interaction: ButtonInteraction) {
		const action = parseQaId(interaction.customId);
		return action?.kind === 'ask' ? this.some(action.anonymous) : this.none();
	}

	public override async run(interaction: ButtonInteraction, anonymous: InteractionHandler.ParseResult<this>) {
		const t = memberQaTexts(interaction);
		const refused = this.container.qa.refusal(interaction.channelId, interaction.user.id, anonymous, t);
		if (refused) return interaction.reply({ content: refused, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		return interaction.showModal(askModal(t, anonymous));
	}
}
