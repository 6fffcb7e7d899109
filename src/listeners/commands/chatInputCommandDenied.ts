import { Events, Listener, type ChatInputCommandDeniedPayload, type UserError } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';

export class UserListener extends Listener<typeof Events.ChatInputCommandDenied> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ChatInputCommandDenied });
	}

	public override async run({ message }: UserError, { interaction }: ChatInputCommandDeniedPayload) {
		// Preconditions carry their user-facing text; refused users always get an answer only they can see.
		if (interaction.deferred || interaction.replied) return interaction.editReply({ content: message });
		return interaction.reply({ content: message, flags: MessageFlags.Ephemeral });
	}
}
