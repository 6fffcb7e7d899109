import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags } from 'discord.js';
import { localizedDescription as describe, OrganizerCommand, shareOption, subcommandMethods } from '#lib/discord/OrganizerCommand';
import { replyTexts } from '#lib/i18n/replyTexts';
import type { Texts } from '#lib/i18n/texts';
import { scheduledEventsReply } from '#lib/programme/replies';

export class UserCommand extends OrganizerCommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, {
			...options,
			description: 'Programme notifications: what comes next, fetch the schedule now, status.',
			enabled: context.store.container.config.programme.enabled,
			subcommands: subcommandMethods('next', 'refresh', 'status', 'events')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			this.organizerCommand(builder, 'programmeDescription')
				.addSubcommand((sub) => describe(sub.setName('next'), 'programmeNextDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('refresh'), 'programmeRefreshDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('status'), 'programmeStatusDescription').addBooleanOption(shareOption))
				.addSubcommand((sub) => describe(sub.setName('events'), 'programmeEventsDescription').addBooleanOption(shareOption))
		);
	}

	public next(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, async (t) => this.container.programme.replies.next(5, t));
	}

	public refresh(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, (t) => this.container.programme.replies.refresh(t));
	}

	public status(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, (t) => this.container.programme.replies.status(t));
	}

	public events(interaction: Subcommand.ChatInputCommandInteraction) {
		const { programme, config } = this.container;
		return this.answer(interaction, async (t) => scheduledEventsReply(await programme.scheduledEvents?.interested(), config.programme.timezone, t));
	}

	/** A refresh may wait on pretalx longer than Discord's 3 s to acknowledge: every answer is deferred first. */
	private async answer(interaction: Subcommand.ChatInputCommandInteraction, content: (t: Texts) => Promise<string>) {
		const share = interaction.options.getBoolean('share') ?? false;
		await interaction.deferReply(share ? {} : { flags: MessageFlags.Ephemeral });
		return interaction.editReply({ content: await content(replyTexts(interaction, 'organizers')), allowedMentions: { parse: [] } });
	}
}
