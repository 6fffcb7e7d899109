import { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { localizedDescription as describe } from '#lib/discord/OrganizerCommand';
import { memberQaTexts, participantOf } from '#lib/qa/participant';
import { QUESTION_MAX_LENGTH } from '#lib/qa/qaTexts';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** `/ask` inside a session's Q&A thread: the same question as the button's form, typed in the command. */
export class UserCommand extends Command {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		const { config } = context.store.container;
		super(context, { ...options, description: 'Ask the speaker a question in this Q&A thread.', enabled: qaEnabled(config) });
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			describe(builder.setName(this.name), 'askDescription')
				.addStringOption((option) => describe(option.setName('question'), 'askQuestionDescription').setRequired(true).setMaxLength(QUESTION_MAX_LENGTH))
				.addBooleanOption((option) => describe(option.setName('anonymous'), 'askAnonymousDescription'))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const anonymous = interaction.options.getBoolean('anonymous') ?? false;
		const answer = await this.container.qa.ask(interaction.channelId, participantOf(interaction), interaction.options.getString('question', true), anonymous, memberQaTexts(interaction));
		return interaction.editReply({ content: answer.content, allowedMentions: { parse: [] } });
	}
}
