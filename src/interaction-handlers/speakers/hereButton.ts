import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { chooseLanguage } from '#lib/i18n/language';
import { hereButtonSession } from '#lib/speakers/speakerIds';

/** "I'm here" in a speaker's DM (the message is updated) or in the speakers' channel (an answer only the clicker sees). */
export class ButtonHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		const { config } = context.store.container;
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button, enabled: config.programme.enabled && config.speakers.enabled });
	}

	public override parse(interaction: ButtonInteraction) {
		const sessionCode = hereButtonSession(interaction.customId);
		return sessionCode ? this.some(sessionCode) : this.none();
	}

	public override async run(interaction: ButtonInteraction, sessionCode: InteractionHandler.ParseResult<this>) {
		const answer = this.container.speakerCheckin.checkIn(interaction.user.id, sessionCode, chooseLanguage(interaction, this.container.config.bot.language));
		if (!interaction.inGuild() && answer.kind !== 'not-yours') return interaction.update({ content: answer.content, components: [], allowedMentions: { parse: [] } });
		return interaction.reply({ content: answer.content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
