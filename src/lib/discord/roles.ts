import type { Guild, Role } from 'discord.js';
import { isSnowflake } from './snowflake';

/** Finds a role by id or exact name. */
export function findRole(guild: Guild, ref: string): Role | undefined {
	return isSnowflake(ref) ? guild.roles.cache.get(ref) : guild.roles.cache.find((role) => role.name === ref);
}

/** Resolves role names or ids from config to this guild's roles, keeping the order and listing what is missing. */
export function resolveRoles(guild: Guild | null, refs: readonly string[]): { roleIds: string[]; roleNames: string[]; unresolved: string[] } {
	const roleIds: string[] = [];
	const roleNames: string[] = [];
	const unresolved: string[] = [];
	for (const ref of refs) {
		const role = guild ? findRole(guild, ref) : undefined;
		if (!role) unresolved.push(ref);
		else if (!roleIds.includes(role.id)) {
			roleIds.push(role.id);
			roleNames.push(role.name);
		}
	}
	return { roleIds, roleNames, unresolved };
}
