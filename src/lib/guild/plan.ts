import { ChannelType, PermissionFlagsBits } from 'discord.js';
import { describeBits, hex, kindName, label } from './describe';
import { BOT_CHANNEL_ACCESS, channelTypeOf, EVERYONE, type ChannelSpec, type GuildLayout, type OverwriteSpec, type RoleSpec } from './layout';

// Discord's hard limits per guild.
export const MAX_ROLES = 250;
export const MAX_CHANNELS = 500;
export const MAX_CHANNELS_PER_CATEGORY = 50;

export interface LiveRole {
	id: string;
	name: string;
	color: number;
	hoist: boolean;
	mentionable: boolean;
	permissions: bigint;
	position: number;
	managed: boolean;
}

export interface LiveOverwrite {
	id: string;
	/** 0 role, 1 member. */
	type: number;
	allow: bigint;
	deny: bigint;
}

export interface LiveChannel {
	id: string;
	name: string;
	type: ChannelType;
	parentId: string | null;
	topic: string | null;
	overwrites: LiveOverwrite[];
}

/** What the plan needs to know about the guild as it is; @everyone's role id is the guild id. */
export interface LiveGuild {
	id: string;
	name: string;
	roles: LiveRole[];
	channels: LiveChannel[];
	bot: { roleIds: string[]; permissions: bigint };
}

export type GuildAction =
	| { kind: 'create-role'; role: RoleSpec }
	| { kind: 'update-role'; id: string; role: RoleSpec; changes: string[] }
	| { kind: 'reorder-roles'; order: string[]; reason: string }
	| { kind: 'create-channel'; channel: ChannelSpec }
	| { kind: 'update-channel'; id: string; channel: ChannelSpec; parent: boolean; topic: boolean; overwrites: boolean; changes: string[] }
	| { kind: 'delete-role'; id: string; name: string }
	| { kind: 'delete-channel'; id: string; name: string; type: ChannelType };

export interface GuildPlan {
	actions: GuildAction[];
	/** One line per role or channel that already matches. */
	unchanged: string[];
	/** What stops the plan from being applied as it stands. */
	problems: string[];
}

/** The role positions, bottom first, from the guild's roles (without @everyone). */
const bottomFirst = (roles: LiveRole[], guildId: string) =>
	roles.filter((role) => role.id !== guildId).sort((a, b) => a.position - b.position || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));

/**
 * Positions that put the layout's roles in its order, as one block where its lowest existing role sits, the others untouched
 * in their order; empty when the layout's roles are already in order relative to each other.
 */
export function rolePositions(roles: LiveRole[], guildId: string, layoutNames: string[]): { id: string; position: number }[] {
	const sorted = bottomFirst(roles, guildId);
	const wanted = [...layoutNames].reverse().filter((name) => sorted.some((role) => role.name === name));
	const present = sorted.filter((role) => wanted.includes(role.name));
	if (present.every((role, i) => role.name === wanted[i])) return [];
	const others = sorted.filter((role) => !wanted.includes(role.name));
	const anchor = others.filter((role) => role.position < present[0]!.position).length;
	const block = wanted.map((name) => present.find((role) => role.name === name)!);
	const final = [...others.slice(0, anchor), ...block, ...others.slice(anchor)];
	return final.map((role, i) => ({ id: role.id, position: i + 1 })).filter(({ id, position }) => sorted.find((role) => role.id === id)!.position !== position);
}

/** Compares the live guild with the layout: what to create, change and (with prune) delete, and what stands in the way. */
export function planGuild(live: LiveGuild, layout: GuildLayout, options: { prune?: boolean } = {}): GuildPlan {
	const actions: GuildAction[] = [];
	const unchanged: string[] = [];
	const problems: string[] = [];
	const administrator = Boolean(live.bot.permissions & PermissionFlagsBits.Administrator);
	const can = (bit: bigint) => administrator || Boolean(live.bot.permissions & bit);
	const botRoles = live.roles.filter((role) => live.bot.roleIds.includes(role.id));
	const botTop = botRoles.reduce<LiveRole | undefined>((top, role) => (!top || role.position > top.position ? role : top), undefined);
	const botOwnRole = botRoles.find((role) => role.managed) ?? botTop;
	const botTopPosition = botTop?.position ?? 0;
	const grantable = (bits: bigint, what: string) => {
		const missing = administrator ? 0n : bits & ~live.bot.permissions;
		if (missing) problems.push(`${what}: the bot cannot grant ${describeBits(missing)}, which it does not have itself`);
	};

	const rolesNamed = (name: string) => live.roles.filter((role) => role.name === name && role.id !== live.id);
	for (const spec of layout.roles) {
		const found = rolesNamed(spec.name);
		if (found.length > 1) {
			problems.push(`role "${spec.name}" exists ${found.length} times (ids ${found.map((role) => role.id).join(', ')}): rename or delete all but one`);
			continue;
		}
		const role = found[0];
		if (!role) {
			grantable(spec.permissions, `role "${spec.name}"`);
			actions.push({ kind: 'create-role', role: spec });
			continue;
		}
		if (role.position >= botTopPosition)
			problems.push(`role "${spec.name}" is above the bot's highest role "${botTop?.name ?? EVERYONE}": move the bot's role up, the bot cannot manage it`);
		const changes: string[] = [];
		if (role.color !== spec.color) changes.push(`colour ${hex(role.color)} → ${hex(spec.color)}`);
		if (role.hoist !== spec.hoist) changes.push(spec.hoist ? 'shown separately' : 'no longer shown separately');
		if (role.mentionable !== spec.mentionable) changes.push(spec.mentionable ? 'mentionable' : 'no longer mentionable');
		if (role.permissions !== spec.permissions) {
			changes.push(`permissions ${describeBits(role.permissions)} → ${describeBits(spec.permissions)}`);
			grantable(spec.permissions, `role "${spec.name}"`);
		}
		if (changes.length) actions.push({ kind: 'update-role', id: role.id, role: spec, changes });
		else unchanged.push(`role "${spec.name}"`);
	}

	// New roles are created at the bottom, highest first, so they end up in the layout's order among themselves.
	const created = actions.flatMap((action) => (action.kind === 'create-role' ? [action.role.name] : []));
	const virtual: LiveRole[] = [
		...created.map((name, i) => ({ id: String(i + 1), name, color: 0, hoist: false, mentionable: false, permissions: 0n, position: created.length - i, managed: false })),
		...live.roles.map((role) => ({ ...role, position: role.id === live.id ? 0 : role.position + created.length }))
	];
	const moves = rolePositions(virtual, live.id, layout.roles.map((role) => role.name));
	if (moves.length) {
		const order = layout.roles.map((role) => role.name);
		actions.push({ kind: 'reorder-roles', order, reason: `the layout orders them ${order.map((name) => `"${name}"`).join(' > ')}` });
	}
	if (live.roles.length + created.length > MAX_ROLES) problems.push(`the guild would have ${live.roles.length + created.length} roles; Discord allows ${MAX_ROLES}`);
	if (actions.length && !can(PermissionFlagsBits.ManageRoles)) problems.push('the bot lacks Manage Roles, so it cannot create, change or order roles');

	const roleName = (id: string) => (id === live.id ? EVERYONE : (live.roles.find((role) => role.id === id)?.name ?? `unknown role ${id}`));
	const known = new Set([EVERYONE, ...live.roles.map((role) => role.name), ...created]);
	const channelsNamed = (name: string) => live.channels.filter((channel) => channel.name === name);
	const childCount = new Map<string, number>();
	const roleActions = actions.length;
	for (const spec of layout.channels) {
		const desired = withBot(spec.overwrites, botOwnRole?.name);
		for (const name of desired.keys()) if (!known.has(name)) problems.push(`${label(spec)}: permissions name role "${name}", which is neither in the guild nor in [[guild.roles]]`);
		if (spec.category) childCount.set(spec.category, (childCount.get(spec.category) ?? 0) + 1);
		const found = channelsNamed(spec.name);
		if (found.length > 1) {
			problems.push(`${label(spec)} exists ${found.length} times (ids ${found.map((channel) => channel.id).join(', ')}): rename or delete all but one`);
			continue;
		}
		const channel = found[0];
		if (!channel) {
			for (const overwrite of desired.values()) grantable(overwrite.allow | overwrite.deny, label(spec));
			actions.push({ kind: 'create-channel', channel: { ...spec, overwrites: desired } });
			continue;
		}
		if (channel.type !== channelTypeOf[spec.kind]) {
			problems.push(`${label(spec)} is a ${kindName(channel.type)} channel, the layout wants ${spec.kind}: Discord cannot convert it; rename or delete it by hand`);
			continue;
		}
		const changes: string[] = [];
		const parentName = channel.parentId ? (live.channels.find((candidate) => candidate.id === channel.parentId)?.name ?? null) : null;
		const parent = parentName !== spec.category;
		if (parent) changes.push(`move from ${parentName ? `"${parentName}"` : 'the top level'} to ${spec.category ? `"${spec.category}"` : 'the top level'}`);
		const topic = spec.topic !== undefined && (channel.topic ?? '') !== spec.topic;
		if (topic) changes.push(`topic "${channel.topic ?? ''}" → "${spec.topic}"`);
		const current = new Map(channel.overwrites.filter((overwrite) => overwrite.type === 0).map((overwrite) => [roleName(overwrite.id), overwrite]));
		const overwriteChanges = [...new Set([...current.keys(), ...desired.keys()])].flatMap((name) => {
			const before = current.get(name);
			const after = desired.get(name);
			if (before && after && before.allow === after.allow && before.deny === after.deny) return [];
			const show = (o?: OverwriteSpec) => (o ? `allow ${describeBits(o.allow)}; deny ${describeBits(o.deny)}` : 'none');
			return [`permissions for ${name}: ${show(before)} → ${show(after)}`];
		});
		changes.push(...overwriteChanges);
		if (overwriteChanges.length) for (const overwrite of desired.values()) grantable(overwrite.allow | overwrite.deny, label(spec));
		if (changes.length) actions.push({ kind: 'update-channel', id: channel.id, channel: { ...spec, overwrites: desired }, parent, topic, overwrites: overwriteChanges.length > 0, changes });
		else unchanged.push(label(spec));
	}

	const newChannels = actions.filter((action) => action.kind === 'create-channel').length;
	if (live.channels.length + newChannels > MAX_CHANNELS) problems.push(`the guild would have ${live.channels.length + newChannels} channels; Discord allows ${MAX_CHANNELS}`);
	const wanted = new Set(layout.channels.map((channel) => channel.name));
	for (const [category, layoutChildren] of childCount) {
		const id = channelsNamed(category)[0]?.id;
		const others = id ? live.channels.filter((channel) => channel.parentId === id && !wanted.has(channel.name)).length : 0;
		if (layoutChildren + others > MAX_CHANNELS_PER_CATEGORY)
			problems.push(`category "${category}" would hold ${layoutChildren + others} channels; Discord allows ${MAX_CHANNELS_PER_CATEGORY} per category`);
	}
	if (actions.length > roleActions) {
		if (!can(PermissionFlagsBits.ManageChannels)) problems.push('the bot lacks Manage Channels, so it cannot create or change channels');
		const needsRoles = actions.some(
			(action) => (action.kind === 'create-channel' && action.channel.overwrites.size > 0) || (action.kind === 'update-channel' && action.overwrites)
		);
		if (needsRoles && !can(PermissionFlagsBits.ManageRoles)) problems.push('the bot lacks Manage Roles, so it cannot set channel permissions');
	}

	if (options.prune) {
		const layoutRoles = new Set(layout.roles.map((role) => role.name));
		for (const role of bottomFirst(live.roles, live.id).reverse())
			if (!layoutRoles.has(role.name) && !role.managed && role.position < botTopPosition) actions.push({ kind: 'delete-role', id: role.id, name: role.name });
		// Channels before their categories, so nothing is left pointing at a deleted parent.
		const extra = live.channels.filter((channel) => !wanted.has(channel.name));
		for (const channel of [...extra.filter((c) => c.type !== ChannelType.GuildCategory), ...extra.filter((c) => c.type === ChannelType.GuildCategory)])
			actions.push({ kind: 'delete-channel', id: channel.id, name: channel.name, type: channel.type });
	}
	return { actions, unchanged, problems: [...new Set(problems)] };
}

/** Wherever the layout sets permissions, the bot's own role may still see and post. */
function withBot(overwrites: Map<string, OverwriteSpec>, botRole: string | undefined): Map<string, OverwriteSpec> {
	if (!overwrites.size || !botRole) return overwrites;
	const own = overwrites.get(botRole) ?? { allow: 0n, deny: 0n };
	return new Map([...overwrites, [botRole, { allow: own.allow | BOT_CHANNEL_ACCESS, deny: own.deny & ~BOT_CHANNEL_ACCESS }]]);
}
