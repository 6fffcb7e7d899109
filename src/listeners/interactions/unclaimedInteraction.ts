import { Events, InteractionHandlerFilters, Listener, type InteractionHandlerParseNone } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { UnclaimedInteractions } from '#lib/discord/UnclaimedInteractions';
import { chooseLanguage } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';

/** Every interaction is answered: a click or form no handler takes gets a short, true answer instead of "interaction failed". */
export class UserListener extends Listener<typeof Events.InteractionHandlerParseNone> {
	private readonly tally = new UnclaimedInteractions();

	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.InteractionHandlerParseNone });
	}

	public override async run(_none: unknown, { interaction }: InteractionHandlerParseNone) {
		const applicable = [...this.container.stores.get('interaction-handlers').values()].filter((handler) => InteractionHandlerFilters.get(handler.interactionHandlerType)?.(interaction)).length;
		if (!this.tally.passed(interaction.id, applicable) || !interaction.isRepliable() || interaction.replied || interaction.deferred) return;
		const t = textsFor(chooseLanguage(interaction, this.container.config.bot.language), 'common');
		await interaction.reply({ content: t('interactionRetired'), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
