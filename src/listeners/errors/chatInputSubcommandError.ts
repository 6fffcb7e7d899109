import { Listener } from '@sapphire/framework';
import { SubcommandPluginEvents, type ChatInputSubcommandErrorPayload } from '@sapphire/plugin-subcommands';
import { answerFailure, commandLabel } from '#lib/discord/failureAnswer';

/** A subcommand method threw (the subcommands plugin catches it): the organizer still gets an answer. */
export class UserListener extends Listener<typeof SubcommandPluginEvents.ChatInputSubcommandError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: SubcommandPluginEvents.ChatInputSubcommandError });
	}

	public override async run(error: unknown, { interaction }: ChatInputSubcommandErrorPayload) {
		await answerFailure(interaction, commandLabel(interaction), error);
	}
}
