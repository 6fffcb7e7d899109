import { Events, Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { replyTexts } from '#lib/i18n/replyTexts';

export class UserListener extends Listener<typeof Events.ChatInputCommandDenied> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ChatInputCommandDenied });
	}

	public override async run({ message, context }: UserError, { interaction }: ChatInputCommandDeniedPayload) {
		// Preconditions carry their user-facing text (by key, in the member's language); refused users always get an answer only they can see.
		const textKey = (context as { textKey?: string } | undefined)?.textKey;
		const content = textKey ? replyTexts(interaction, 'common')(textKey) : message;
		if (interaction.deferred || interaction.replied) return interaction.editReply({ content });
		return interaction.reply({ content, flags: MessageFlags.Ephemeral });
	}
}
