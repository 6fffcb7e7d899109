import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { AgendaIds } from '#lib/agenda/customIds';

/** 🔔 on a programme post: bookmarks that session for whoever clicked, answered only to them, in their language. */
export class ButtonHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.Button });
	}

	public override parse(interaction: ButtonInteraction) {
		const code = AgendaIds.sessionOfButton(interaction.customId);
		return code === undefined ? this.none() : this.some(code);
	}

	public override async run(interaction: ButtonInteraction, code: InteractionHandler.ParseResult<this>) {
		await interaction.reply({ content: this.container.agenda.addMany(interaction.user.id, [code], interaction), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
