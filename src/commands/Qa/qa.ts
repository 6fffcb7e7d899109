import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags } from 'discord.js';
import { localizedDescription as describe, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { memberQaTexts, participantOf } from '#lib/qa/participant';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** `/qa top` for the session's chair, speakers and organizers: the questions ranked, to mark answered or hide. */
export class UserCommand extends Subcommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		const { config } = context.store.container;
		super(context, {
			...options,
			description: 'Q&A of the session: the top questions for its chair.',
			enabled: qaEnabled(config),
			subcommands: subcommandMethods('top')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) => describe(builder.setName(this.name), 'qaDescription').addSubcommand((sub) => describe(sub.setName('top'), 'qaTopDescription')));
	}

	public top(interaction: Subcommand.ChatInputCommandInteraction) {
		const answer = this.container.qa.top(interaction.channelId, participantOf(interaction), memberQaTexts(interaction));
		const components = answer.kind === 'list' ? answer.components : [];
		return interaction.reply({ content: answer.content, components, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
