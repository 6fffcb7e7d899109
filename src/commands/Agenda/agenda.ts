import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type AutocompleteInteraction } from 'discord.js';
import type { AgendaScope } from '#lib/agenda/agendaTexts';
import { REMINDER_LEAD_CHOICES } from '#lib/agenda/reminderWaves';
import { subcommandMethods } from '#lib/discord/OrganizerCommand';

/** Discord's warning yellow, for the once-only closed-DM notice. */
const NOTICE_COLOUR = 0xfee75c;

/** Everyone's own programme: bookmarks over the schedule, answered only to the member. */
export class UserCommand extends Subcommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, {
			...options,
			description: 'Your own programme: bookmark sessions and see your day.',
			enabled: context.store.container.config.programme.enabled,
			subcommands: subcommandMethods('add', 'list', 'remove', 'clear', 'reminders')
		});
	}

	public override registerApplicationCommands(registry: Subcommand.Registry) {
		registry.registerChatInputCommand((builder) =>
			builder
				.setName(this.name)
				.setDescription(this.description)
				.addSubcommand((sub) =>
					sub
						.setName('add')
						.setDescription('Bookmark a session')
						.addStringOption((option) => option.setName('session').setDescription('Type a title, a speaker or a room').setRequired(true).setAutocomplete(true))
				)
				.addSubcommand((sub) =>
					sub
						.setName('list')
						.setDescription('Your bookmarked sessions')
						.addStringOption((option) =>
							option.setName('when').setDescription('Today (default) or everything still to come').addChoices({ name: 'today', value: 'today' }, { name: 'upcoming', value: 'upcoming' })
						)
				)
				.addSubcommand((sub) =>
					sub
						.setName('remove')
						.setDescription('Remove a bookmark')
						.addStringOption((option) => option.setName('session').setDescription('One of your bookmarks').setRequired(true).setAutocomplete(true))
				)
				.addSubcommand((sub) => sub.setName('clear').setDescription('Delete all your bookmarks'))
				.addSubcommand((sub) =>
					sub
						.setName('reminders')
						.setDescription('When your DM reminders come, or turn them off')
						.addIntegerOption((option) =>
							option
								.setName('minutes')
								.setDescription('Minutes before each bookmarked session')
								.setRequired(true)
								.addChoices(...REMINDER_LEAD_CHOICES.map((minutes) => ({ name: minutes ? `${minutes} minutes before` : 'off', value: minutes })))
						)
				)
		);
	}

	public add(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.add(interaction.user.id, interaction.options.getString('session', true)));
	}

	public list(interaction: Subcommand.ChatInputCommandInteraction) {
		const scope = (interaction.options.getString('when') ?? 'today') as AgendaScope;
		return this.answer(interaction, this.container.agenda.list(interaction.user.id, scope));
	}

	public remove(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.remove(interaction.user.id, interaction.options.getString('session', true)));
	}

	public clear(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.clear(interaction.user.id));
	}

	public reminders(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.setReminders(interaction.user.id, interaction.options.getInteger('minutes', true)));
	}

	public override autocompleteRun(interaction: AutocompleteInteraction) {
		const typed = String(interaction.options.getFocused());
		const own = interaction.options.getSubcommand(false) === 'remove';
		return interaction.respond(own ? this.container.agenda.suggestOwn(interaction.user.id, typed) : this.container.agenda.suggest(typed));
	}

	private answer(interaction: Subcommand.ChatInputCommandInteraction, content: string) {
		// In its own embed, so it cannot push the answer over Discord's 2,000 characters.
		const notice = this.container.agenda.closedNotice(interaction.user.id);
		return interaction.reply({ content, ...(notice ? { embeds: [{ description: notice, color: NOTICE_COLOUR }] } : {}), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
