import { Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { answerFailure, commandLabel } from '#lib/discord/failureAnswer';

export class UserListener extends Listener<typeof Events.ChatInputCommandError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ChatInputCommandError });
	}

	public override async run(error: unknown, { interaction }: ChatInputCommandErrorPayload) {
		await answerFailure(interaction, commandLabel(interaction), error);
	}
}
