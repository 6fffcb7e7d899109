import { container } from '@sapphire/framework';
import BetterSqlite3 from 'better-sqlite3';
import { DiscordAPIError, HTTPError, MessageFlags, type GuildMember, type APIInteractionGuildMember, type ChatInputCommandInteraction, type RepliableInteraction } from 'discord.js';
import { PretixError } from '#lib/pretix/errors';
import { ChannelKeys } from './checkGuild';
import { isOrganizer } from './organizers';
import { errorText } from '#lib/errorText';

const sqliteCauses: Record<string, string> = {
	SQLITE_READONLY: "the bot's database is read-only",
	SQLITE_FULL: "the disk under the bot's database is full",
	SQLITE_BUSY: "the bot's database was busy",
	SQLITE_IOERR: "the bot's database could not be written (an I/O error)"
};

/** The cause of an error of no known kind. */
export const unexpectedError = 'an unexpected error';

/** What failed, in words an organizer can act on. */
export function failureCause(error: unknown): string {
	if (error instanceof BetterSqlite3.SqliteError) {
		const family = Object.keys(sqliteCauses).find((code) => error.code.startsWith(code));
		return family ? sqliteCauses[family]! : `the bot's database failed (${error.code})`;
	}
	if (error instanceof DiscordAPIError) return `Discord refused a request (${error.status}: ${error.message})`;
	if (error instanceof HTTPError) return `Discord did not answer (${error.status})`;
	if (error instanceof PretixError) return 'pretix did not answer';
	return unexpectedError;
}

/**
 * The answer when a command or component throws. Organizers get the cause and a warning that part of it may have
 * happened; members get no internals, only what to do.
 */
export function failureReply(what: string, error: unknown, member: GuildMember | APIInteractionGuildMember | null, helpChannelId: string | null): string {
	if (isOrganizer(member)) {
		return `I could not finish ${what}: ${failureCause(error)}. Part of it may have gone through, so check before you try again; the details are in the bot's log.`;
	}
	const help = helpChannelId ? `<#${helpChannelId}>` : 'the help channel';
	return `Something went wrong on our side and I could not finish. Please try again in a minute; if it keeps happening, ask in ${help}.`;
}

/** "`/registration unlink`": the command as the organizer typed it, for "I could not finish …". */
export function commandLabel(interaction: ChatInputCommandInteraction): string {
	const subcommand = interaction.options.getSubcommand(false);
	return `\`/${interaction.commandName}${subcommand ? ` ${subcommand}` : ''}\``;
}

/** Answers the interaction however far it got (not yet, deferred, or already answered); Sapphire's own error listeners log the stack. */
export async function answerFailure(interaction: RepliableInteraction, what: string, error: unknown): Promise<void> {
	const helpChannelId = container.directory?.channel(ChannelKeys.registrationHelp)?.id ?? null;
	const content = failureReply(what, error, interaction.member, helpChannelId);
	try {
		if (interaction.deferred && !interaction.replied) await interaction.editReply({ content, allowedMentions: { parse: [] } });
		else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	} catch (answerError) {
		// A dead token (over 15 minutes) or a Discord outage: nothing more can reach this member.
		container.logger.warn(`Could not tell user ${interaction.user.id} that ${what} failed: ${errorText(answerError)}`);
	}
}
