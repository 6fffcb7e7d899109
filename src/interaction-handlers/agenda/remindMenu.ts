import { InteractionHandler, InteractionHandlerTypes } from '@sapphire/framework';
import { MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import { AgendaIds } from '#lib/agenda/customIds';

/** The "remind me of…" menus of programme posts and the morning post: bookmarks every session picked. */
export class MenuHandler extends InteractionHandler {
	public constructor(context: InteractionHandler.LoaderContext, options: InteractionHandler.Options) {
		super(context, { ...options, interactionHandlerType: InteractionHandlerTypes.SelectMenu });
	}

	public override parse(interaction: StringSelectMenuInteraction) {
		return interaction.isStringSelectMenu() && AgendaIds.isMenu(interaction.customId) ? this.some() : this.none();
	}

	public override async run(interaction: StringSelectMenuInteraction) {
		await interaction.reply({ content: this.container.agenda.addMany(interaction.user.id, interaction.values, interaction), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
