import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { FileConfig } from '#lib/config/schema';
import { isSnowflake } from '#lib/discord/snowflake';

export type ChannelKind = 'category' | 'text' | 'announcement' | 'forum' | 'voice' | 'stage';

export const channelTypeOf: Record<ChannelKind, ChannelType> = {
	category: ChannelType.GuildCategory,
	text: ChannelType.GuildText,
	announcement: ChannelType.GuildAnnouncement,
	forum: ChannelType.GuildForum,
	voice: ChannelType.GuildVoice,
	stage: ChannelType.GuildStageVoice
};

export const EVERYONE = '@everyone';

/** Allowed and denied permission bits for one role in one channel. */
export interface OverwriteSpec {
	allow: bigint;
	deny: bigint;
}

export interface RoleSpec {
	name: string;
	color: number;
	hoist: boolean;
	mentionable: boolean;
	permissions: bigint;
}

export interface ChannelSpec {
	name: string;
	kind: ChannelKind;
	/** Category name, null at the top level. */
	category: string | null;
	/** Undefined: the topic is not the layout's business (room topics belong to the programme). */
	topic?: string;
	/** By role name ("@everyone" included); empty means no overwrites at all. */
	overwrites: Map<string, OverwriteSpec>;
}

/** The server as config describes it: roles highest first, categories before the channels in them. */
export interface GuildLayout {
	roles: RoleSpec[];
	channels: ChannelSpec[];
}

// What the bot needs wherever the layout hides or mutes a channel: to see it, post, embed and read back.
export const BOT_CHANNEL_ACCESS =
	PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

type PermissionName = keyof typeof PermissionFlagsBits;
const bits = (names: PermissionName[]) => names.reduce((all, name) => all | PermissionFlagsBits[name], 0n);

function overwritesFrom(table: Record<string, { allow: PermissionName[]; deny: PermissionName[] }> | undefined): Map<string, OverwriteSpec> {
	return new Map(Object.entries(table ?? {}).map(([role, { allow, deny }]) => [role, { allow: bits(allow), deny: bits(deny) }]));
}

/** The desired layout from `[guild]` plus one text channel per `[programme.rooms]` entry; undefined without `[guild]`. */
export function guildLayoutFrom(config: Pick<FileConfig, 'guild' | 'programme'>): GuildLayout | undefined {
	const guild = config.guild;
	if (!guild) return undefined;
	const categories = new Map(guild.categories.map((category) => [category.name, overwritesFrom(category.permissions)]));
	const channels: ChannelSpec[] = guild.categories.map((category) => ({ name: category.name, kind: 'category', category: null, overwrites: categories.get(category.name)! }));
	const inCategory = (category: string | undefined, own: Map<string, OverwriteSpec> | undefined) => own ?? (category ? categories.get(category)! : new Map());
	for (const channel of guild.channels) {
		const overwrites = inCategory(channel.category, channel.permissions ? overwritesFrom(channel.permissions) : undefined);
		channels.push({ name: channel.name, kind: channel.type, category: channel.category ?? null, topic: channel.topic, overwrites });
	}
	const declared = new Set(channels.map((channel) => channel.name));
	// Rooms are part of the server whether or not the programme is posting yet.
	for (const ref of new Set(Object.values(config.programme.rooms))) {
		const name = ref.replace(/^#/, '');
		if (isSnowflake(ref) || declared.has(name)) continue;
		channels.push({ name, kind: 'text', category: guild.room_category ?? null, overwrites: inCategory(guild.room_category, undefined) });
	}
	const roles = guild.roles.map((role) => ({
		name: role.name,
		color: Number.parseInt(role.color.slice(1), 16),
		hoist: role.hoist,
		mentionable: role.mentionable,
		permissions: bits(role.permissions)
	}));
	return { roles, channels };
}
