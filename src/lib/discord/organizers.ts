import { container } from '@sapphire/framework';
import type { APIInteractionGuildMember, GuildMember } from 'discord.js';
import { resolveRoles } from './roles';

export const notOrganizerMessage = 'Sorry, only organizers can use this. If you are one and see this, ask another organizer to check your roles.';

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
