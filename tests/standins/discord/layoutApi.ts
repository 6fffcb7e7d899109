import {
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits as I,
	PermissionFlagsBits as P,
	type RESTDeleteAPIChannelResult,
	type RESTPatchAPIChannelResult,
	type RESTPatchAPIGuildRolePositionsResult,
	type RESTPatchAPIGuildRoleResult,
	type RESTPostAPIGuildChannelResult,
	type RESTPostAPIGuildRoleResult
} from 'discord-api-types/v10';
import type { Reply } from './faults';
import type { StandInCore } from './guildApi';
import { DiscordApiError, missingAccess, missingPermissions, unknown, type RestHandler } from './http';
import type { ChannelRecord, OverwriteRecord, RoleRecord } from './state';

// Discord's guild limits and the errors it answers when they are reached.
const MAX_ROLES = 250;
const MAX_CHANNELS = 500;
const MAX_PER_CATEGORY = 50;
const maxRoles = () => new DiscordApiError(400, 30005, `Maximum number of guild roles reached (${MAX_ROLES})`);
const maxChannels = () => new DiscordApiError(400, 30013, `Maximum number of guild channels reached (${MAX_CHANNELS})`);
// Discord names the field error (e.g. CHANNEL_PARENT_MAX_CHANNELS) where its spec types the inner code as an integer: the spec wins, the name goes in the message.
const invalidField = (field: string, name: string, message: string) =>
	new DiscordApiError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code: 50035, message: `${name}: ${message}` }] } });

const GUILD_TYPES = new Set([ChannelType.GuildText, ChannelType.GuildVoice, ChannelType.GuildCategory, ChannelType.GuildAnnouncement, ChannelType.GuildStageVoice, ChannelType.GuildForum]);
const ok = (body: unknown, status = 200): Reply => ({ status, body });

interface OverwriteInput {
	id: string;
	type?: number;
	allow?: string | number | null;
	deny?: string | number | null;
}

/** Creating, changing, ordering and deleting roles and channels, with Discord's hierarchy, permission and limit rules. */
export class LayoutApi {
	public constructor(private readonly core: StandInCore) {}

	public get routes(): Record<string, RestHandler> {
		return {
			'POST /guilds/{guild_id}/roles': ({ params, body }) => (this.#guild(params), ok(this.#createRole(body))),
			'PATCH /guilds/{guild_id}/roles': ({ params, body }) => (this.#guild(params), ok(this.#reorderRoles(body))),
			'PATCH /guilds/{guild_id}/roles/{role_id}': ({ params, body }) => (this.#guild(params), ok(this.#updateRole(params.role_id, body))),
			'DELETE /guilds/{guild_id}/roles/{role_id}': ({ params }) => (this.#guild(params), this.#deleteRole(params.role_id), { status: 204 }),
			'POST /guilds/{guild_id}/channels': ({ params, body }) => (this.#guild(params), ok(this.#createChannel(body), 201)),
			'PATCH /channels/{channel_id}': ({ params, body }) => ok(this.#updateChannel(params.channel_id, body)),
			'DELETE /channels/{channel_id}': ({ params }) => ok(this.#deleteChannel(params.channel_id))
		};
	}

	#createRole(body: { name?: string; color?: number; hoist?: boolean; mentionable?: boolean; permissions?: string | number }): RESTPostAPIGuildRoleResult {
		const { state } = this.core;
		this.#requireGuildPermission(P.ManageRoles);
		if (state.roles.size >= MAX_ROLES) throw maxRoles();
		const permissions = BigInt(body.permissions ?? state.roles.get(state.guildId)!.permissions);
		this.#requireGrantable(permissions);
		// A new role starts at the bottom, just above @everyone.
		for (const role of state.roles.values()) if (role.id !== state.guildId) role.position++;
		const role: RoleRecord = {
			id: this.core.ids.next(),
			name: body.name ?? 'new role',
			color: body.color ?? 0,
			hoist: body.hoist ?? false,
			mentionable: body.mentionable ?? false,
			permissions,
			position: 1,
			managed: false
		};
		state.roles.set(role.id, role);
		this.#dispatchRole(GatewayDispatchEvents.GuildRoleCreate, role);
		return state.apiRole(role);
	}

	#updateRole(id: string, body: { name?: string | null; color?: number | null; hoist?: boolean | null; mentionable?: boolean | null; permissions?: string | null }): RESTPatchAPIGuildRoleResult {
		const { state } = this.core;
		this.#requireGuildPermission(P.ManageRoles);
		const role = this.#role(id);
		this.#requireBelowBot(role);
		if (body.permissions !== undefined && body.permissions !== null) {
			const permissions = BigInt(body.permissions);
			this.#requireGrantable(permissions & ~role.permissions);
			role.permissions = permissions;
		}
		if (body.name !== undefined && body.name !== null) role.name = body.name;
		if (body.color !== undefined && body.color !== null) role.color = body.color;
		if (body.hoist !== undefined && body.hoist !== null) role.hoist = body.hoist;
		if (body.mentionable !== undefined && body.mentionable !== null) role.mentionable = body.mentionable;
		this.#dispatchRole(GatewayDispatchEvents.GuildRoleUpdate, role);
		return state.apiRole(role);
	}

	/** Discord renumbers every role 1…n after the move, the moved ones where they asked to be. */
	#reorderRoles(body: { id: string; position?: number | null }[]): RESTPatchAPIGuildRolePositionsResult {
		const { state } = this.core;
		this.#requireGuildPermission(P.ManageRoles);
		const botTop = state.highestPosition(state.botUserId);
		const owner = state.botUserId === state.ownerId;
		const requested = new Map<string, number>();
		for (const entry of body) {
			const role = this.#role(entry.id);
			if (role.id === state.guildId) throw invalidField('0.id', 'ROLE_POSITION_EVERYONE', 'Cannot move the @everyone role');
			if (entry.position === undefined || entry.position === null) continue;
			if (!owner && (role.position >= botTop || entry.position >= botTop)) throw missingPermissions();
			requested.set(role.id, entry.position);
		}
		const roles = [...state.roles.values()].filter((role) => role.id !== state.guildId);
		const before = new Map(roles.map((role) => [role.id, role.position]));
		// Moved roles win ties with the ones already at that position.
		roles.sort((a, b) => (requested.get(a.id) ?? a.position) - (requested.get(b.id) ?? b.position) || Number(requested.has(a.id)) - Number(requested.has(b.id)));
		roles.forEach((role, i) => (role.position = i + 1));
		for (const role of roles) if (before.get(role.id) !== role.position) this.#dispatchRole(GatewayDispatchEvents.GuildRoleUpdate, role);
		return [...state.roles.values()].map((role) => state.apiRole(role));
	}

	#deleteRole(id: string): void {
		const { state } = this.core;
		this.#requireGuildPermission(P.ManageRoles);
		const role = this.#role(id);
		if (role.id === state.guildId || role.managed) throw new DiscordApiError(400, 50028, 'Invalid Role');
		this.#requireBelowBot(role);
		state.roles.delete(id);
		for (const member of state.members.values()) member.roles = member.roles.filter((roleId) => roleId !== id);
		this.core.gateway.dispatch(GatewayDispatchEvents.GuildRoleDelete, { guild_id: state.guildId, role_id: id }, I.Guilds);
	}

	#createChannel(body: { name: string; type?: number | null; parent_id?: string | null; topic?: string | null; permission_overwrites?: OverwriteInput[] | null }): RESTPostAPIGuildChannelResult {
		const { state } = this.core;
		this.#requireGuildPermission(P.ManageChannels);
		// Threads do not count against the channel limit (Discord's docs, "Active & Archived Threads").
		const guildChannels = state.guildChannels();
		if (guildChannels.length >= MAX_CHANNELS) throw maxChannels();
		const type = (body.type ?? ChannelType.GuildText) as ChannelType;
		if (!GUILD_TYPES.has(type)) throw invalidField('type', 'BASE_TYPE_CHOICES', `Value must be one of ${[...GUILD_TYPES].join(', ')}.`);
		const parentId = this.#parent(type, body.parent_id ?? null);
		const channel: ChannelRecord = {
			id: this.core.ids.next(),
			type,
			name: body.name,
			guildId: state.guildId,
			parentId,
			topic: body.topic ?? null,
			position: guildChannels.length,
			overwrites: this.#overwrites(body.permission_overwrites ?? []),
			lastMessageId: null
		};
		state.channels.set(channel.id, channel);
		state.messages.set(channel.id, []);
		const api = state.apiGuildChannel(channel);
		this.core.gateway.dispatch(GatewayDispatchEvents.ChannelCreate, api, I.Guilds);
		return api;
	}

	#updateChannel(id: string, body: { name?: string; topic?: string | null; parent_id?: string | null; permission_overwrites?: OverwriteInput[] | null }): RESTPatchAPIChannelResult {
		const { state } = this.core;
		const channel = this.#channel(id, P.ManageChannels);
		if (body.parent_id !== undefined) channel.parentId = this.#parent(channel.type, body.parent_id, channel.id);
		if (body.permission_overwrites !== undefined && body.permission_overwrites !== null) channel.overwrites = this.#overwrites(body.permission_overwrites);
		if (body.name !== undefined) channel.name = body.name;
		if (body.topic !== undefined && body.topic !== channel.topic) {
			channel.topic = body.topic;
			this.core.events.push({ kind: 'topic', at: this.core.clock(), channelId: id, where: `#${channel.name}`, topic: channel.topic });
		}
		const api = state.apiGuildChannel(channel);
		this.core.gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, api, I.Guilds);
		return api;
	}

	#deleteChannel(id: string): RESTDeleteAPIChannelResult {
		const { state } = this.core;
		const channel = this.#channel(id, P.ManageChannels);
		const api = state.apiGuildChannel(channel);
		state.channels.delete(id);
		state.messages.delete(id);
		for (const child of state.channels.values()) {
			// A channel's threads go with it; channels of a deleted category stay, at the top level.
			if (child.thread && child.parentId === id) {
				state.channels.delete(child.id);
				state.messages.delete(child.id);
			} else if (child.parentId === id) child.parentId = null;
		}
		this.core.gateway.dispatch(GatewayDispatchEvents.ChannelDelete, api, I.Guilds);
		return api;
	}

	#parent(type: ChannelType, parentId: string | null, self?: string): string | null {
		if (parentId === null) return null;
		const parent = this.core.state.channels.get(parentId);
		if (type === ChannelType.GuildCategory || !parent?.guildId || parent.type !== ChannelType.GuildCategory)
			throw invalidField('parent_id', 'CHANNEL_PARENT_INVALID_TYPE', 'Not a category');
		const children = [...this.core.state.channels.values()].filter((channel) => channel.parentId === parentId && channel.id !== self).length;
		if (children >= MAX_PER_CATEGORY) throw invalidField('parent_id', 'CHANNEL_PARENT_MAX_CHANNELS', `Maximum number of channels in category reached (${MAX_PER_CATEGORY})`);
		return parentId;
	}

	/** Setting overwrites takes Manage Roles, and only permissions the bot has itself can be allowed or denied. */
	#overwrites(input: OverwriteInput[]): OverwriteRecord[] {
		const { state } = this.core;
		if (input.length === 0) return [];
		this.#requireGuildPermission(P.ManageRoles);
		return input.map((overwrite) => {
			const type = overwrite.type === 1 ? 1 : 0;
			if (type === 0 && !state.roles.has(overwrite.id)) throw unknown.role();
			if (type === 1 && !state.members.has(overwrite.id)) throw unknown.member();
			const record = { id: overwrite.id, type, allow: BigInt(overwrite.allow ?? 0), deny: BigInt(overwrite.deny ?? 0) } as const;
			this.#requireGrantable(record.allow | record.deny);
			return record;
		});
	}

	#requireGuildPermission(bit: bigint): void {
		const { state } = this.core;
		const permissions = state.guildPermissions(state.botUserId);
		if (!(permissions & (P.Administrator | bit))) throw missingPermissions();
	}

	#requireGrantable(bits: bigint): void {
		const { state } = this.core;
		const permissions = state.guildPermissions(state.botUserId);
		if (!(permissions & P.Administrator) && bits & ~permissions) throw missingPermissions();
	}

	/** Only the owner changes a role at or above their own highest role. */
	#requireBelowBot(role: RoleRecord): void {
		const { state } = this.core;
		if (state.botUserId !== state.ownerId && role.position >= state.highestPosition(state.botUserId)) throw missingPermissions();
	}

	#role(id: string): RoleRecord {
		const role = this.core.state.roles.get(id);
		if (!role) throw unknown.role();
		return role;
	}

	#channel(id: string, needed: bigint): ChannelRecord {
		const { state } = this.core;
		const channel = state.channels.get(id);
		if (!channel?.guildId) throw unknown.channel();
		const permissions = state.channelPermissions(state.botUserId, id);
		if (!(permissions & P.ViewChannel)) throw missingAccess();
		if ((permissions & needed) !== needed) throw missingPermissions();
		return channel;
	}

	#guild(params: Record<string, string>): void {
		if (params.guild_id !== this.core.state.guildId) throw unknown.guild();
	}

	#dispatchRole(event: GatewayDispatchEvents.GuildRoleCreate | GatewayDispatchEvents.GuildRoleUpdate, role: RoleRecord): void {
		this.core.gateway.dispatch(event, { guild_id: this.core.state.guildId, role: this.core.state.apiRole(role) }, I.Guilds);
	}
}
