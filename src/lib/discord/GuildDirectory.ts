import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel, type Role, type TextChannel } from 'discord.js';
import { findRole } from './roles';
import { isSnowflake } from './snowflake';

/** A reference from config: the key it came from (for the report) and the name or id it holds. */
export interface ConfiguredRef {
	key: string;
	ref: string;
}

/**
 * Resolves the channels and roles named in config once the guild is cached, and lists every problem at once,
 * so a renamed channel shows up in the startup report rather than at 8:45 on the first morning.
 */
export class GuildDirectory {
	private readonly channels = new Map<string, TextChannel>();
	private readonly roles = new Map<string, Role>();
	public readonly problems: string[] = [];

	public constructor(public readonly guild: Guild) {}

	public requireTextChannel({ key, ref }: ConfiguredRef, needs: bigint[] = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]): TextChannel | null {
		const found = this.findChannel(ref);
		if (!found) {
			this.problems.push(`${key}: no channel "${ref}" in ${this.guild.name}`);
			return null;
		}
		if (found.type !== ChannelType.GuildText && found.type !== ChannelType.GuildAnnouncement) {
			this.problems.push(`${key}: #${found.name} is not a text channel`);
			return null;
		}
		const me = this.guild.members.me;
		const missing = me ? needs.filter((flag) => !found.permissionsFor(me).has(flag)) : [];
		if (missing.length) this.problems.push(`${key}: the bot lacks ${permissionNames(missing)} in #${found.name}`);
		this.channels.set(key, found as TextChannel);
		return found as TextChannel;
	}

	public requireRole({ key, ref }: ConfiguredRef): Role | null {
		const role = findRole(this.guild, ref);
		if (!role) {
			this.problems.push(`${key}: no role "${ref}" in ${this.guild.name}`);
			return null;
		}
		this.roles.set(`${key}:${ref}`, role);
		return role;
	}

	/** Roles the bot must assign also need to sit below the bot's highest role. */
	public requireAssignableRole(ref: ConfiguredRef): Role | null {
		const role = this.requireRole(ref);
		const me = this.guild.members.me;
		if (role && me) {
			if (!me.permissions.has(PermissionFlagsBits.ManageRoles)) this.problems.push(`${ref.key}: the bot lacks Manage Roles`);
			else if (role.comparePositionTo(me.roles.highest) >= 0)
				this.problems.push(`${ref.key}: role "${role.name}" is above the bot's highest role "${me.roles.highest.name}": move the bot's role up`);
		}
		return role;
	}

	public channel(key: string): TextChannel | undefined {
		return this.channels.get(key);
	}

	private findChannel(ref: string): GuildBasedChannel | undefined {
		const name = ref.replace(/^#/, '');
		return isSnowflake(ref) ? this.guild.channels.cache.get(ref) : this.guild.channels.cache.find((c) => c.name === name);
	}
}

function permissionNames(flags: bigint[]): string {
	const names = Object.entries(PermissionFlagsBits);
	return flags.map((flag) => names.find(([, value]) => value === flag)?.[0] ?? String(flag)).join(', ');
}
