import { container } from '@sapphire/framework';
import BetterSqlite3 from 'better-sqlite3';
import { DiscordAPIError, HTTPError, MessageFlags, type GuildMember, type APIInteractionGuildMember, type ChatInputCommandInteraction, type RepliableInteraction } from 'discord.js';
import { PretixError } from '#lib/pretix/errors';
import { ChannelKeys } from './checkGuild';
import { isOrganizer } from './organizers';
import { errorText } from '#lib/errorText';
import { fallbackLanguage } from '#lib/i18n/language';
import { replyTexts } from '#lib/i18n/replyTexts';
import { textsFor, type Texts } from '#lib/i18n/texts';

// The texts' keys (common namespace) for SQLite's error families.
const sqliteCauses: Record<string, string> = {
	SQLITE_READONLY: 'causeReadOnly',
	SQLITE_FULL: 'causeDiskFull',
	SQLITE_BUSY: 'causeDatabaseBusy',
	SQLITE_IOERR: 'causeDatabaseIo'
};

const english = () => textsFor(fallbackLanguage, 'common');

/** The cause of an error of no known kind. */
export const unexpectedError = english()('causeUnexpected');

/** What failed, in words an organizer can act on (`t`: common texts in the organizer's language; English for the log). */
export function failureCause(error: unknown, t: Texts = english()): string {
	if (error instanceof BetterSqlite3.SqliteError) {
		const family = Object.keys(sqliteCauses).find((code) => error.code.startsWith(code));
		return t(family ? sqliteCauses[family]! : 'causeDatabase', { code: error.code });
	}
	if (error instanceof DiscordAPIError) return t('causeDiscordRefused', { status: error.status, message: error.message });
	if (error instanceof HTTPError) return t('causeDiscordSilent', { status: error.status });
	if (error instanceof PretixError) return t('causePretix');
	return t('causeUnexpected');
}

/** What was being done: a command as typed (the same in every language), or a button or form by its handler's name. */
export type FailedWork = string | { handler: string };

/**
 * The answer when a command or component throws. Organizers get the cause and a warning that part of it may have
 * happened; members get no internals, only what to do. `t`: common texts in the language of whoever asked.
 */
export function failureReply(
	what: FailedWork,
	error: unknown,
	member: GuildMember | APIInteractionGuildMember | null,
	helpChannelId: string | null,
	t: Texts = english()
): string {
	if (isOrganizer(member)) {
		return t('organizerFailed', { what: typeof what === 'string' ? what : t('thatHandler', { handler: what.handler }), cause: failureCause(error, t) });
	}
	return t('memberFailed', { help: helpChannelId ? `<#${helpChannelId}>` : t('registration:help') });
}

/** "`/registration unlink`": the command as the organizer typed it, for "I could not finish …". */
export function commandLabel(interaction: ChatInputCommandInteraction): string {
	const subcommand = interaction.options.getSubcommand(false);
	return `\`/${interaction.commandName}${subcommand ? ` ${subcommand}` : ''}\``;
}

/** Answers the interaction however far it got (not yet, deferred, or already answered); Sapphire's own error listeners log the stack. */
export async function answerFailure(interaction: RepliableInteraction, what: FailedWork, error: unknown): Promise<void> {
	const helpChannelId = container.directory?.channel(ChannelKeys.registrationHelp)?.id ?? null;
	const content = failureReply(what, error, interaction.member, helpChannelId, replyTexts(interaction, 'common'));
	try {
		if (interaction.deferred && !interaction.replied) await interaction.editReply({ content, allowedMentions: { parse: [] } });
		else if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
	} catch (answerError) {
		// A dead token (over 15 minutes) or a Discord outage: nothing more can reach this member.
		container.logger.warn(`Could not tell user ${interaction.user.id} that ${typeof what === 'string' ? what : what.handler} failed: ${errorText(answerError)}`);
	}
}
