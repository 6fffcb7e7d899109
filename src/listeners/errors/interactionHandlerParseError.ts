import { Events, Listener, type InteractionHandlerParseError } from '@sapphire/framework';
import { answerFailure } from '#lib/discord/failureAnswer';

export class UserListener extends Listener<typeof Events.InteractionHandlerParseError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.InteractionHandlerParseError });
	}

	public override async run(error: unknown, { interaction, handler }: InteractionHandlerParseError) {
		if (!interaction.isRepliable()) return;
		await answerFailure(interaction, { handler: handler.name }, error);
	}
}
