import type { Command } from '@sapphire/framework';
import { MessageFlags } from 'discord.js';
import { OrganizerCommand, shareOption } from '../../lib/discord/OrganizerCommand';

export class UserCommand extends OrganizerCommand {
	public constructor(context: Command.LoaderContext, options: Command.Options) {
		super(context, {
			...options,
			description: 'Programme notifications: what comes next, fetch the schedule now, status.',
			enabled: context.store.container.config.programme.enabled
		});
	}

	public override registerApplicationCommands(registry: Command.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder)
				.addSubcommand((sub) => sub.setName('next').setDescription('What will be posted next, where and when').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('refresh').setDescription('Fetch the schedule now and report what changed').addBooleanOption(shareOption))
				.addSubcommand((sub) => sub.setName('status').setDescription('Source, version, last fetch, posts sent and pending').addBooleanOption(shareOption))
		);
	}

	public override async chatInputRun(interaction: Command.ChatInputCommandInteraction) {
		const share = interaction.options.getBoolean('share') ?? false;
		// A refresh may wait on pretalx longer than Discord's 3 s to acknowledge.
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		const { replies } = this.container.programme;
		const subcommand = interaction.options.getSubcommand(true);
		const content = subcommand === 'refresh' ? await replies.refresh() : subcommand === 'status' ? await replies.status() : replies.next();
		return interaction.editReply({ content, allowedMentions: { parse: [] } });
	}
}
