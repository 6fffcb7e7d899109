import { Subcommand } from '@sapphire/plugin-subcommands';
import { MessageFlags, type AutocompleteInteraction } from 'discord.js';
import type { AgendaScope } from '#lib/agenda/agendaTexts';
import { REMINDER_LEAD_CHOICES } from '#lib/agenda/reminderWaves';
import { localizedChoiceName as choiceName, localizedDescription as describe, subcommandMethods } from '#lib/discord/OrganizerCommand';

/** Discord's warning yellow, for the once-only closed-DM notice. */
const NOTICE_COLOUR = 0xfee75c;

/** Everyone's own programme: bookmarks over the schedule, answered only to the member, in their client's language. */
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
			describe(builder.setName(this.name), 'agendaDescription')
				.addSubcommand((sub) =>
					describe(sub.setName('add'), 'agendaAddDescription').addStringOption((option) =>
						describe(option.setName('session'), 'agendaAddSessionDescription').setRequired(true).setAutocomplete(true)
					)
				)
				.addSubcommand((sub) =>
					describe(sub.setName('list'), 'agendaListDescription').addStringOption((option) =>
						describe(option.setName('when'), 'agendaWhenDescription').addChoices(
							{ ...choiceName('agendaWhenToday'), value: 'today' },
							{ ...choiceName('agendaWhenUpcoming'), value: 'upcoming' }
						)
					)
				)
				.addSubcommand((sub) =>
					describe(sub.setName('remove'), 'agendaRemoveDescription').addStringOption((option) =>
						describe(option.setName('session'), 'agendaRemoveSessionDescription').setRequired(true).setAutocomplete(true)
					)
				)
				.addSubcommand((sub) => describe(sub.setName('clear'), 'agendaClearDescription'))
				.addSubcommand((sub) =>
					describe(sub.setName('reminders'), 'agendaRemindersDescription').addIntegerOption((option) =>
						describe(option.setName('minutes'), 'agendaMinutesDescription')
							.setRequired(true)
							.addChoices(...REMINDER_LEAD_CHOICES.map((minutes) => ({ ...(minutes ? choiceName('agendaLeadMinutes', { count: minutes }) : choiceName('agendaLeadOff')), value: minutes })))
					)
				)
		);
	}

	public add(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.add(interaction.user.id, interaction.options.getString('session', true), interaction));
	}

	public list(interaction: Subcommand.ChatInputCommandInteraction) {
		const scope = (interaction.options.getString('when') ?? 'today') as AgendaScope;
		return this.answer(interaction, this.container.agenda.list(interaction.user.id, scope, interaction));
	}

	public remove(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.remove(interaction.user.id, interaction.options.getString('session', true), interaction));
	}

	public clear(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.clear(interaction.user.id, interaction));
	}

	public reminders(interaction: Subcommand.ChatInputCommandInteraction) {
		return this.answer(interaction, this.container.agenda.setReminders(interaction.user.id, interaction.options.getInteger('minutes', true), interaction));
	}

	public override autocompleteRun(interaction: AutocompleteInteraction) {
		const typed = String(interaction.options.getFocused());
		const own = interaction.options.getSubcommand(false) === 'remove';
		return interaction.respond(own ? this.container.agenda.suggestOwn(interaction.user.id, typed, interaction) : this.container.agenda.suggest(typed, interaction));
	}

	private answer(interaction: Subcommand.ChatInputCommandInteraction, content: string) {
		// In its own embed, so it cannot push the answer over Discord's 2,000 characters.
		const notice = this.container.agenda.closedNotice(interaction.user.id, interaction);
		return interaction.reply({ content, ...(notice ? { embeds: [{ description: notice, color: NOTICE_COLOUR }] } : {}), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	}
}
