import { container } from '@sapphire/framework';
import type { APIInteractionGuildMember, GuildMember } from 'discord.js';
import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { resolveRoles } from './roles';

/** The refusal's key in the common texts, for the member's language; and the refusal in English. */
export const notOrganizerKey = 'notOrganizer';
export const notOrganizerMessage = textsFor(fallbackLanguage, 'common')(notOrganizerKey);

/**
 * The one organizer check, shared by the precondition (slash commands) and by buttons and modals, which
 * preconditions do not guard. An organizer holds any role listed in `discord.organizer_roles`.
 */
export function isOrganizer(member: GuildMember | APIInteractionGuildMember | null): boolean {
	if (!member || !container.guild) return false;
	const { roleIds } = resolveRoles(container.guild, container.config.discord.organizer_roles);
	const held = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
	return roleIds.some((id) => held.includes(id));
}
