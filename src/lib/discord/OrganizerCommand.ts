import { Subcommand } from '@sapphire/plugin-subcommands';
import { applyDescriptionLocalizedBuilder, type BuilderWithDescription } from '@sapphire/plugin-i18next';
import { PermissionFlagsBits, type LocalizationMap, type SlashCommandBooleanOption, type SlashCommandBuilder } from 'discord.js';
import { fallbackLanguage, languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';

/**
 * Base of organizer slash commands: the OrganizerOnly precondition guards them, and Discord hides them by default from
 * members without Manage Messages (server admins can widen that under Integrations; the precondition stays the gate).
 * Each subcommand is a method, routed by `@sapphire/plugin-subcommands` from the command's `subcommands` list.
 */
export abstract class OrganizerCommand extends Subcommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, { ...options, preconditions: ['OrganizerOnly', ...(options.preconditions ?? [])] });
	}

	/**
	 * The builder with this command's name, default permissions and its description in every language (`descriptionKey`
	 * in commands.json); add the subcommands to it. Names stay English, so organizers can share instructions.
	 */
	protected organizerCommand(builder: SlashCommandBuilder, descriptionKey: string): SlashCommandBuilder {
		return localizedDescription(builder.setName(this.name), descriptionKey).setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages);
	}
}

/** Subcommands routed to the command's methods of the same names (`@sapphire/plugin-subcommands` mappings). */
export const subcommandMethods = (...names: string[]) => names.map((name) => ({ name, chatInputRun: name }));

/** A subcommand's or option's description in English and every language in src/languages (`commands:<key>`). */
export const localizedDescription = <T extends BuilderWithDescription>(builder: T, key: string): T => applyDescriptionLocalizedBuilder(builder, `commands:${key}`);

/** A choice's name in English and every language in src/languages (`commands:<key>`); its value stays what the code reads. */
export function localizedChoiceName(key: string, values?: Record<string, string | number>): { name: string; name_localizations: LocalizationMap } {
	const name = (language: (typeof languages)[number]) => textsFor(language, 'commands')(key, values);
	return { name: name(fallbackLanguage), name_localizations: Object.fromEntries(languages.map((language) => [language, name(language)])) };
}

/** Organizer answers are ephemeral unless the organizer asks to share them. */
export const shareOption = (option: SlashCommandBooleanOption) => localizedDescription(option.setName('share'), 'shareDescription');
