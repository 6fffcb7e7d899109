import { Events, Listener, type InteractionHandlerError } from '@sapphire/framework';
import { answerFailure } from '#lib/discord/failureAnswer';

export class UserListener extends Listener<typeof Events.InteractionHandlerError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.InteractionHandlerError });
	}

	public override async run(error: unknown, { interaction, handler }: InteractionHandlerError) {
		// Autocomplete cannot carry a message; every other component interaction gets an answer.
		if (!interaction.isRepliable()) return;
		await answerFailure(interaction, { handler: handler.name }, error);
	}
}
