import { Events, Listener, type ChatInputCommandErrorPayload } from '@sapphire/framework';
import { answerFailure } from '../../lib/discord/failureAnswer';

export class UserListener extends Listener<typeof Events.ChatInputCommandError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.ChatInputCommandError });
	}

	public override async run(error: unknown, { interaction }: ChatInputCommandErrorPayload) {
		const subcommand = interaction.options.getSubcommand(false);
		await answerFailure(interaction, `\`/${interaction.commandName}${subcommand ? ` ${subcommand}` : ''}\``, error);
	}
}
