import { PermissionFlagsBits, Routes, type APIGuild, type APIGuildMember, type APIOverwrite, type APIRole, type ChannelType, type Guild, type REST } from 'discord.js';
import type { LiveGuild, LiveRole } from './plan';

interface ApiGuildChannel {
	id: string;
	name: string;
	type: ChannelType;
	parent_id?: string | null;
	topic?: string | null;
	permission_overwrites?: APIOverwrite[];
}

const roleFromApi = (role: APIRole): LiveRole => ({
	id: role.id,
	name: role.name,
	color: role.color,
	hoist: role.hoist,
	mentionable: role.mentionable,
	permissions: BigInt(role.permissions),
	position: role.position,
	managed: role.managed
});

function guildPermissions(roles: LiveRole[], guildId: string, roleIds: string[], owner: boolean): bigint {
	const bits = roles.filter((role) => role.id === guildId || roleIds.includes(role.id)).reduce((all, role) => all | role.permissions, 0n);
	return owner ? bits | PermissionFlagsBits.Administrator : bits;
}

/** The guild as the REST API shows it to the bot (what the CLI plans against). */
export async function fetchLiveGuild(rest: REST, guildId: string): Promise<LiveGuild> {
	const [guild, roles, channels, me] = (await Promise.all([
		rest.get(Routes.guild(guildId)),
		rest.get(Routes.guildRoles(guildId)),
		rest.get(Routes.guildChannels(guildId)),
		rest.get(Routes.user()).then((user) => rest.get(Routes.guildMember(guildId, (user as { id: string }).id)))
	])) as [APIGuild, APIRole[], ApiGuildChannel[], APIGuildMember];
	const liveRoles = roles.map(roleFromApi);
	return {
		id: guild.id,
		name: guild.name,
		roles: liveRoles,
		channels: channels.map((channel) => ({
			id: channel.id,
			name: channel.name,
			type: channel.type,
			parentId: channel.parent_id ?? null,
			topic: channel.topic ?? null,
			overwrites: (channel.permission_overwrites ?? []).map((o) => ({ id: o.id, type: o.type, allow: BigInt(o.allow), deny: BigInt(o.deny) }))
		})),
		bot: { roleIds: me.roles, permissions: guildPermissions(liveRoles, guild.id, me.roles, guild.owner_id === me.user.id) }
	};
}

/** The same view from discord.js's cache, for the startup report. */
export function liveGuildFromCache(guild: Guild): LiveGuild {
	const me = guild.members.me;
	return {
		id: guild.id,
		name: guild.name,
		roles: guild.roles.cache.map((role) => ({
			id: role.id,
			name: role.name,
			color: role.color,
			hoist: role.hoist,
			mentionable: role.mentionable,
			permissions: role.permissions.bitfield,
			position: role.rawPosition,
			managed: role.managed
		})),
		channels: guild.channels.cache
			.filter((channel) => !channel.isThread())
			.map((channel) => ({
				id: channel.id,
				name: channel.name,
				type: channel.type,
				parentId: channel.parentId,
				topic: 'topic' in channel ? (channel.topic ?? null) : null,
				overwrites:
					'permissionOverwrites' in channel
						? channel.permissionOverwrites.cache.map((o) => ({ id: o.id, type: o.type, allow: o.allow.bitfield, deny: o.deny.bitfield }))
						: []
			})),
		bot: { roleIds: me ? [...me.roles.cache.keys()].filter((id) => id !== guild.id) : [], permissions: me?.permissions.bitfield ?? 0n }
	};
}
