import { Subcommand } from '@sapphire/plugin-subcommands';
import { PermissionFlagsBits, type SlashCommandBooleanOption, type SlashCommandBuilder } from 'discord.js';

/**
 * Base of organizer slash commands: the OrganizerOnly precondition guards them, and Discord hides them by default from
 * members without Manage Messages (server admins can widen that under Integrations; the precondition stays the gate).
 * Each subcommand is a method, routed by `@sapphire/plugin-subcommands` from the command's `subcommands` list.
 */
export abstract class OrganizerCommand extends Subcommand {
	public constructor(context: Subcommand.LoaderContext, options: Subcommand.Options) {
		super(context, { ...options, preconditions: ['OrganizerOnly', ...(options.preconditions ?? [])] });
	}

	/** The builder with this command's name, description and default permissions; add the subcommands to it. */
	protected organizerCommand(builder: SlashCommandBuilder): SlashCommandBuilder {
		return builder.setName(this.name).setDescription(this.description).setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages);
	}
}

/** Subcommands routed to the command's methods of the same names (`@sapphire/plugin-subcommands` mappings). */
export const subcommandMethods = (...names: string[]) => names.map((name) => ({ name, chatInputRun: name }));

/** Organizer answers are ephemeral unless the organizer asks to share them. */
export const shareOption = (option: SlashCommandBooleanOption) =>
	option.setName('share').setDescription('Post the answer for everyone in this channel (default: only you see it).');
