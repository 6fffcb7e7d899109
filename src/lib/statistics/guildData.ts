import { PermissionFlagsBits, type Collection, type Guild, type GuildBasedChannel, type GuildMember } from 'discord.js';
import type { Texts } from '#lib/i18n/texts';
import type { Registration } from '#lib/registration/ClaimLedger';
import { englishOrganizerTexts } from '#lib/registration/organizerReplies';
import { ticketTypeLabel } from '#lib/registration/Ticket';
import type { MemberSnapshot, RoleSnapshot } from './memberStats';
import type { MemberCsvRow } from './membersCsv';

/** Every member, fetched over the gateway (request guild members, answered in chunks of 1,000). */
export function fetchAllMembers(guild: Guild): Promise<Collection<string, GuildMember>> {
	return guild.members.fetch();
}

export function memberSnapshots(members: Iterable<GuildMember>): MemberSnapshot[] {
	const snapshots: MemberSnapshot[] = [];
	for (const member of members) {
		snapshots.push({ id: member.id, bot: member.user.bot, roleIds: [...member.roles.cache.keys()], joinedAt: member.joinedAt });
	}
	return snapshots;
}

export function roleSnapshots(guild: Guild): RoleSnapshot[] {
	return guild.roles.cache.map((role) => ({ id: role.id, name: role.name, position: role.position }));
}

/** One CSV row per member; a member's tickets come from the ledger, keyed by Discord account. */
export function memberCsvRows(guild: Guild, members: Iterable<GuildMember>, ticketsOf: (userId: string) => readonly Registration[]): MemberCsvRow[] {
	const roleOrder = (id: string) => guild.roles.cache.get(id)?.position ?? -1;
	const rows: MemberCsvRow[] = [];
	for (const member of members) {
		const tickets = ticketsOf(member.id);
		const types = [...new Set(tickets.map((ticket) => ticketTypeLabel(ticket)))];
		const registeredAt = tickets.reduce<Date | null>((first, ticket) => (first && first <= ticket.registeredAt ? first : ticket.registeredAt), null);
		const roleIds = [...member.roles.cache.keys()].filter((id) => id !== guild.id).sort((a, b) => roleOrder(b) - roleOrder(a));
		rows.push({
			id: member.id,
			username: member.user.username,
			displayName: member.user.globalName ?? member.user.username,
			nickname: member.nickname,
			joinedAt: member.joinedAt,
			roles: roleIds.map((id) => guild.roles.cache.get(id)?.name ?? id),
			registeredTicketType: types.length ? types.join('; ') : null,
			registeredAt
		});
	}
	return rows;
}

/**
 * Why the member export may not be posted in `channel`, or null when it may: only where @everyone cannot look, and
 * no role except organizer roles (and the bot's own) is let in, so personal data stays among organizers. `t`: organizers texts.
 */
export function exportRefusal(channel: GuildBasedChannel, organizerRoleIds: readonly string[], t: Texts = englishOrganizerTexts()): string | null {
	const { guild } = channel;
	if (channel.permissionsFor(guild.roles.everyone).has(PermissionFlagsBits.ViewChannel)) {
		return t('exportPublicChannel');
	}
	const overwrites = 'permissionOverwrites' in channel ? [...channel.permissionOverwrites.cache.values()] : [];
	const outsiders = overwrites.filter((overwrite) => {
		if (!overwrite.allow.has(PermissionFlagsBits.ViewChannel) || organizerRoleIds.includes(overwrite.id)) return false;
		const role = guild.roles.cache.get(overwrite.id);
		return !(role?.managed || overwrite.id === guild.members.me?.id || role?.tags?.botId);
	});
	if (outsiders.length) {
		return t('exportOutsiders');
	}
	return null;
}
