import {
	ApplicationIntegrationType,
	ChannelType,
	EmbedType,
	ForumLayoutType,
	GuildDefaultMessageNotifications,
	GuildExplicitContentFilter,
	GuildMFALevel,
	GuildNSFWLevel,
	GuildPremiumTier,
	GuildVerificationLevel,
	InteractionType,
	MessageReferenceType,
	MessageType,
	PermissionFlagsBits as P,
	VideoQualityMode,
	type APIDMChannel,
	type APIEmbed,
	type APIGuild,
	type APIGuildCategoryChannel,
	type APIGuildForumChannel,
	type APIGuildMember,
	type APIGuildStageVoiceChannel,
	type APIGuildVoiceChannel,
	type APIMessage,
	type APIMessageTopLevelComponent,
	type APINewsChannel,
	type APIOverwrite,
	type APIRole,
	type APITextChannel,
	type APIThreadChannel,
	type APIThreadMember,
	type APIUser,
	type ApplicationFlags,
	type ChannelFlags,
	type GatewayGuildCreateDispatchData,
	type GuildMemberFlags,
	type GuildSystemChannelFlags,
	type Locale,
	type RESTPostAPIApplicationCommandsJSONBody,
	type RoleFlags,
	type ThreadChannelType,
	type ThreadMemberFlags,
	type UserFlags
} from 'discord-api-types/v10';
import type { ChannelKind, GuildSeed } from './seed';
import type { Clock, SnowflakeFactory } from './snowflake';

export interface UserRecord {
	id: string;
	username: string;
	globalName: string | null;
	bot: boolean;
}

export interface MemberRecord {
	userId: string;
	nick: string | null;
	/** Role ids, without @everyone. */
	roles: string[];
	joinedAt: Date;
}

export interface RoleRecord {
	id: string;
	name: string;
	color: number;
	hoist: boolean;
	position: number;
	permissions: bigint;
	managed: boolean;
	mentionable: boolean;
	botId?: string;
}

export interface OverwriteRecord {
	id: string;
	type: 0 | 1;
	allow: bigint;
	deny: bigint;
}

export interface ChannelRecord {
	id: string;
	type: ChannelType;
	name: string;
	/** Absent for DM channels. */
	guildId?: string;
	parentId: string | null;
	topic: string | null;
	position: number;
	overwrites: OverwriteRecord[];
	/** The other user of a DM channel. */
	recipientId?: string;
	lastMessageId: string | null;
	/** Set on threads, whose `parentId` is the text or announcement channel they are in. */
	thread?: ThreadRecord;
}

export interface ThreadRecord {
	ownerId: string;
	/** The message it was started from (same id as the thread), null for a thread started without one. */
	starterMessageId: string | null;
	archived: boolean;
	locked: boolean;
	autoArchiveMinutes: number;
	/** Discord moves it on creating, archiving, unarchiving and changing auto_archive_duration. */
	archiveTimestamp: Date;
	createdAt: Date;
	/** Sending a message, unarchiving or changing the auto-archive time; the auto-archive counts from here. */
	lastActivityAt: Date;
	/** Private threads only: whether non-moderators may add others. */
	invitable?: boolean;
	/** Messages now in the thread (deletions count down). */
	messageCount: number;
	/** Messages ever sent (deletions do not count down), the starter message left out; with it, the next message's position. */
	totalMessageSent: number;
	rateLimitPerUser: number;
	/** Thread members and when they joined: the creator, then whoever posts. */
	members: Map<string, Date>;
}

export interface StoredAttachment {
	id: string;
	filename: string;
	contentType?: string;
	description?: string;
	data: Buffer;
}

export interface MessageRecord {
	id: string;
	channelId: string;
	authorId: string;
	content: string;
	embeds: APIEmbed[];
	components: APIMessageTopLevelComponent[];
	attachments: StoredAttachment[];
	flags: number;
	pinned: boolean;
	createdAt: Date;
	editedAt: Date | null;
	/** Messages in threads carry their place in the thread, counted from 0. */
	position?: number;
	/** The system messages threads bring: THREAD_CREATED in the parent, THREAD_STARTER_MESSAGE first in a thread started from a message. */
	type?: SystemMessageType;
	/** What a system message points at: the new thread (THREAD_CREATED) or the message the thread was started from. */
	reference?: { channelId: string; messageId?: string };
	/** Set on interaction responses: they are sent through the application's webhook. */
	webhookId?: string;
	interaction?: { id: string; type: number; userId: string };
}

export type SystemMessageType = MessageType.ThreadCreated | MessageType.ThreadStarterMessage;

export interface CommandRecord {
	id: string;
	guildId: string | null;
	version: string;
	/** The bot's registration body as the spec let it in. */
	body: RESTPostAPIApplicationCommandsJSONBody;
}

// discord-api-types' flag enums have no member for 0, the "no flags" Discord sends.
const NO_USER_FLAGS = 0 as UserFlags;
const NO_MEMBER_FLAGS = 0 as GuildMemberFlags;
const NO_ROLE_FLAGS = 0 as RoleFlags;
const NO_CHANNEL_FLAGS = 0 as ChannelFlags;
const NO_SYSTEM_CHANNEL_FLAGS = 0 as GuildSystemChannelFlags;
export const NO_APPLICATION_FLAGS = 0 as ApplicationFlags;

/** A user as the spec's UserResponse has it: these are always there, though optional in discord-api-types. */
export type UserPayload = APIUser & Required<Pick<APIUser, 'public_flags' | 'flags' | 'primary_guild'>>;

/** A member as the spec's GuildMemberResponse has it: these are always there, though optional in discord-api-types (whose GUILD_MEMBER_UPDATE requires avatar and banner). */
export type MemberPayload = APIGuildMember & Required<Pick<APIGuildMember, 'avatar' | 'banner' | 'nick' | 'pending' | 'premium_since' | 'communication_disabled_until'>>;

/** A member without its user, as in messages and resolved interaction data. */
export type MemberNoUserPayload = Omit<MemberPayload, 'user'>;

/**
 * A role as the spec's GuildRoleResponse has it (`icon` and `unicode_emoji` always there, optional in discord-api-types),
 * plus the `description: null` the stand-in has always sent, which neither lists.
 */
export type RolePayload = APIRole & Required<Pick<APIRole, 'icon' | 'unicode_emoji'>> & { description: string | null };

/** The guild channels the stand-in has, one object shape per type; the spec's GuildChannelResponse always has `flags` (optional in discord-api-types). */
export type GuildChannelPayload = (APITextChannel | APINewsChannel | APIGuildCategoryChannel | VoicePayload | APIGuildForumChannel) & { guild_id: string; flags: ChannelFlags };

/** The stand-in has always given voice and stage channels a `topic`: the spec's GuildChannelResponse has one, discord-api-types' voice channels do not. */
type VoicePayload = (APIGuildVoiceChannel | APIGuildStageVoiceChannel) & { topic: string | null };

/** discord-api-types requires a DM's `name: null`; the spec's PrivateChannelResponse has no name (and always `flags`), and the stand-in sends none. */
export type DMChannelPayload = Omit<APIDMChannel, 'name'> & { flags: ChannelFlags };

/**
 * A message as the spec's MessageResponse has it (`flags` and `components` always there, optional in discord-api-types);
 * guild messages also carry their author's member (without user), which APIMessage and the spec leave out.
 */
export type MessagePayload = APIMessage & Required<Pick<APIMessage, 'flags' | 'components'>> & { member?: MemberNoUserPayload };

/** A thread as the spec's ThreadResponse has it: these are always there, though optional in discord-api-types. */
export type ThreadPayload = APIThreadChannel &
	Required<Pick<APIThreadChannel, 'guild_id' | 'parent_id' | 'owner_id' | 'thread_metadata' | 'message_count' | 'member_count' | 'total_message_sent' | 'last_message_id' | 'rate_limit_per_user'>> & {
		flags: ChannelFlags;
	};

/** The thread member of the spec's ThreadMemberResponse: `id` and `user_id` always there. */
export type ThreadMemberPayload = APIThreadMember & Required<Pick<APIThreadMember, 'id' | 'user_id'>>;

/** Discord's message flag for a message a thread was started from. */
export const HAS_THREAD = 1 << 5;
/** Discord's count of a thread's members stops at 50. */
const MEMBER_COUNT_CAP = 50;
const NO_THREAD_MEMBER_FLAGS = 0 as ThreadMemberFlags;

/** The spec's GuildResponse: it requires `home_header` and `nsfw`, which discord-api-types lacks, and has no `hub_type`. */
export type GuildPayload = Omit<APIGuild, 'hub_type'> & { home_header: string | null; nsfw: boolean };

/** GUILD_CREATE: the gateway's guild carries `hub_type` (discord-api-types requires it) besides the REST guild's fields. */
export type GuildCreatePayload = GatewayGuildCreateDispatchData & GuildPayload;

const channelTypes: Record<ChannelKind, ChannelType> = {
	text: ChannelType.GuildText,
	announcement: ChannelType.GuildAnnouncement,
	category: ChannelType.GuildCategory,
	voice: ChannelType.GuildVoice,
	stage: ChannelType.GuildStageVoice,
	forum: ChannelType.GuildForum
};

export const ALL_PERMISSIONS = Object.values(P).reduce((all, bit) => all | bit, 0n);

/** The guild's users, members, roles, channels, messages and commands, with permission arithmetic like Discord's. */
export class GuildState {
	public readonly guildId: string;
	public readonly applicationId: string;
	public readonly name: string;
	/** The guild's community locale; interactions carry it as `guild_locale`. */
	public preferredLocale: Locale;
	/** Each user's client language, sent as an interaction's `locale`; en-US when not set. */
	public readonly userLocales = new Map<string, Locale>();
	/** Users who turned off "Allow direct messages from server members": the bot's DMs get 403 50007. */
	public readonly closedDMs = new Set<string>();
	public readonly ownerId: string;
	public readonly botUserId: string;
	public readonly users = new Map<string, UserRecord>();
	public readonly members = new Map<string, MemberRecord>();
	public readonly roles = new Map<string, RoleRecord>();
	public readonly channels = new Map<string, ChannelRecord>();
	public readonly messages = new Map<string, MessageRecord[]>();
	public readonly commands: CommandRecord[] = [];

	public constructor(
		seed: GuildSeed,
		private readonly ids: SnowflakeFactory,
		clock: Clock
	) {
		this.guildId = ids.next();
		this.name = seed.name;
		// Seeds name locales as plain strings; Discord only sends Locale values.
		this.preferredLocale = (seed.preferredLocale ?? 'en-US') as Locale;
		const bot = this.addUser({ username: seed.bot.username, globalName: seed.bot.globalName ?? null, bot: true });
		this.botUserId = bot.id;
		this.applicationId = bot.id;
		this.roles.set(this.guildId, this.#role(this.guildId, '@everyone', 0, { permissions: seed.everyonePermissions }));
		seed.roles.forEach((role, index) => {
			const id = ids.next();
			const managed = role.name === seed.bot.role;
			this.roles.set(id, this.#role(id, role.name, index + 1, { ...role, managed, botId: managed ? bot.id : undefined }));
		});
		const botRole = this.roleByName(seed.bot.role);
		if (!botRole) throw new Error(`seed: the bot role "${seed.bot.role}" is not among the roles`);
		for (const [position, channel] of seed.channels.entries()) {
			const overwrites: OverwriteRecord[] = Object.entries(channel.overwrites ?? {}).map(([name, { allow, deny }]) => ({
				id: name === '@everyone' ? this.guildId : this.#requireRole(name).id,
				type: 0,
				allow: allow ?? 0n,
				deny: deny ?? 0n
			}));
			const parentId = channel.category ? this.channelByName(channel.category)?.id ?? null : null;
			const record: ChannelRecord = {
				id: ids.next(),
				type: channelTypes[channel.type ?? 'text'],
				name: channel.name,
				guildId: this.guildId,
				parentId,
				topic: channel.topic ?? null,
				position,
				overwrites,
				lastMessageId: null
			};
			this.channels.set(record.id, record);
			this.messages.set(record.id, []);
		}
		this.members.set(bot.id, { userId: bot.id, nick: null, roles: [botRole.id], joinedAt: clock() });
		for (const member of seed.members) {
			const user = this.addUser({ username: member.username, globalName: member.globalName ?? null, bot: member.bot ?? false });
			const roles = (member.roles ?? []).map((name) => this.#requireRole(name).id);
			this.members.set(user.id, { userId: user.id, nick: member.nick ?? null, roles, joinedAt: member.joinedAt ?? clock() });
		}
		const owner = this.userByName(seed.owner);
		if (!owner || !this.members.has(owner.id)) throw new Error(`seed: the owner "${seed.owner}" is not a member`);
		this.ownerId = owner.id;
	}

	public addUser(user: Omit<UserRecord, 'id'>): UserRecord {
		const record = { id: this.ids.next(), ...user };
		this.users.set(record.id, record);
		return record;
	}

	public userByName(username: string): UserRecord | undefined {
		for (const user of this.users.values()) if (user.username === username) return user;
		return undefined;
	}

	public roleByName(name: string): RoleRecord | undefined {
		for (const role of this.roles.values()) if (role.name === name) return role;
		return undefined;
	}

	public channelByName(name: string): ChannelRecord | undefined {
		for (const channel of this.channels.values()) if (channel.name === name && channel.guildId && !channel.thread) return channel;
		return undefined;
	}

	/** Guild channels that are not threads: what the channel list, GUILD_CREATE's `channels` and the channel limit count. */
	public guildChannels(): ChannelRecord[] {
		return [...this.channels.values()].filter((channel) => channel.guildId && !channel.thread);
	}

	/** Threads, oldest first (snowflakes grow with time). */
	public threads(): ChannelRecord[] {
		return [...this.channels.values()].filter((channel) => channel.thread).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
	}

	public dmChannelOf(userId: string): ChannelRecord {
		for (const channel of this.channels.values()) if (channel.recipientId === userId) return channel;
		const channel: ChannelRecord = {
			id: this.ids.next(),
			type: ChannelType.DM,
			name: '',
			parentId: null,
			topic: null,
			position: 0,
			overwrites: [],
			recipientId: userId,
			lastMessageId: null
		};
		this.channels.set(channel.id, channel);
		this.messages.set(channel.id, []);
		return channel;
	}

	/** Highest role position of a member (0 = only @everyone); the owner outranks everyone. */
	public highestPosition(userId: string): number {
		const member = this.members.get(userId);
		if (!member) return 0;
		return Math.max(0, ...member.roles.map((id) => this.roles.get(id)?.position ?? 0));
	}

	public guildPermissions(userId: string): bigint {
		if (userId === this.ownerId) return ALL_PERMISSIONS;
		const member = this.members.get(userId);
		if (!member) return 0n;
		const permissions = [this.guildId, ...member.roles].reduce((all, id) => all | (this.roles.get(id)?.permissions ?? 0n), 0n);
		return permissions & P.Administrator ? ALL_PERMISSIONS : permissions;
	}

	/**
	 * Discord's overwrite order: @everyone, then role overwrites together, then the member's own overwrite. A thread
	 * has its parent's permissions; a private one is seen only by its members and those who may manage threads.
	 */
	public channelPermissions(userId: string, channelId: string): bigint {
		const channel = this.channels.get(channelId);
		if (channel?.thread) {
			const inherited = this.channelPermissions(userId, channel.parentId!);
			const hidden = channel.type === ChannelType.PrivateThread && !channel.thread.members.has(userId) && !(inherited & P.ManageThreads);
			return hidden ? inherited & ~P.ViewChannel : inherited;
		}
		if (!channel?.guildId) return channel?.recipientId === userId || userId === this.botUserId ? ALL_PERMISSIONS : 0n;
		let permissions = this.guildPermissions(userId);
		if (permissions & P.Administrator) return ALL_PERMISSIONS;
		const member = this.members.get(userId);
		const apply = (overwrite: OverwriteRecord | undefined) => {
			if (overwrite) permissions = (permissions & ~overwrite.deny) | overwrite.allow;
		};
		apply(channel.overwrites.find((overwrite) => overwrite.id === this.guildId));
		let allow = 0n;
		let deny = 0n;
		for (const overwrite of channel.overwrites) {
			if (overwrite.type === 0 && overwrite.id !== this.guildId && member?.roles.includes(overwrite.id)) {
				allow |= overwrite.allow;
				deny |= overwrite.deny;
			}
		}
		apply({ id: '', type: 0, allow, deny });
		apply(channel.overwrites.find((overwrite) => overwrite.type === 1 && overwrite.id === userId));
		return permissions;
	}

	public apiUser(userId: string): UserPayload {
		const user = this.users.get(userId)!;
		return {
			id: user.id,
			username: user.username,
			global_name: user.globalName,
			discriminator: '0',
			avatar: null,
			avatar_decoration_data: null,
			public_flags: NO_USER_FLAGS,
			flags: NO_USER_FLAGS,
			primary_guild: null,
			collectibles: null,
			...(user.bot ? { bot: true } : {})
		};
	}

	public apiMember(userId: string): MemberPayload {
		return { user: this.apiUser(userId), ...this.apiMemberNoUser(userId) };
	}

	public apiMemberNoUser(userId: string): MemberNoUserPayload {
		const member = this.members.get(userId)!;
		return {
			nick: member.nick,
			avatar: null,
			banner: null,
			roles: [...member.roles],
			joined_at: member.joinedAt.toISOString(),
			premium_since: null,
			deaf: false,
			mute: false,
			flags: NO_MEMBER_FLAGS,
			pending: false,
			communication_disabled_until: null
		};
	}

	public apiRole(role: RoleRecord): RolePayload {
		return {
			id: role.id,
			name: role.name,
			description: null,
			color: role.color,
			colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
			hoist: role.hoist,
			icon: null,
			unicode_emoji: null,
			position: role.position,
			permissions: role.permissions.toString(),
			managed: role.managed,
			mentionable: role.mentionable,
			flags: NO_ROLE_FLAGS,
			...(role.botId ? { tags: { bot_id: role.botId } } : {})
		};
	}

	public apiChannel(channel: ChannelRecord): GuildChannelPayload | DMChannelPayload | ThreadPayload {
		if (channel.thread) return this.apiThread(channel, this.botUserId);
		return channel.guildId ? this.apiGuildChannel(channel) : this.apiDMChannel(channel);
	}

	/** A thread; with `memberOf`, its `member` for that user when they are in it (what REST answers and GUILD_CREATE carry for the bot). */
	public apiThread(channel: ChannelRecord, memberOf?: string): ThreadPayload {
		const thread = channel.thread!;
		const member = memberOf === undefined ? undefined : this.apiThreadMember(channel, memberOf);
		return {
			id: channel.id,
			type: channel.type as ThreadChannelType,
			guild_id: this.guildId,
			parent_id: channel.parentId!,
			owner_id: thread.ownerId,
			name: channel.name,
			last_message_id: channel.lastMessageId,
			message_count: thread.messageCount,
			member_count: Math.min(thread.members.size, MEMBER_COUNT_CAP),
			total_message_sent: thread.totalMessageSent,
			rate_limit_per_user: thread.rateLimitPerUser,
			flags: NO_CHANNEL_FLAGS,
			thread_metadata: {
				archived: thread.archived,
				auto_archive_duration: thread.autoArchiveMinutes,
				archive_timestamp: thread.archiveTimestamp.toISOString(),
				locked: thread.locked,
				create_timestamp: thread.createdAt.toISOString(),
				...(thread.invitable === undefined ? {} : { invitable: thread.invitable })
			},
			...(member ? { member } : {})
		};
	}

	public apiThreadMember(channel: ChannelRecord, userId: string): ThreadMemberPayload | undefined {
		const joined = channel.thread?.members.get(userId);
		return joined ? { id: channel.id, user_id: userId, join_timestamp: joined.toISOString(), flags: NO_THREAD_MEMBER_FLAGS } : undefined;
	}

	/** The channel object an interaction carries: a thread comes with its metadata and parent, like on Discord. */
	public apiInteractionChannel(channel: ChannelRecord): GuildChannelPayload | ThreadPayload {
		return channel.thread ? this.apiThread(channel) : this.apiGuildChannel(channel);
	}

	public apiDMChannel(channel: ChannelRecord): DMChannelPayload {
		return { id: channel.id, type: ChannelType.DM, last_message_id: channel.lastMessageId, flags: NO_CHANNEL_FLAGS, recipients: [this.apiUser(channel.recipientId!)] };
	}

	public apiGuildChannel(channel: ChannelRecord): GuildChannelPayload {
		const base = <T extends ChannelType>(type: T) => ({
			id: channel.id,
			type,
			guild_id: this.guildId,
			name: channel.name,
			position: channel.position,
			parent_id: channel.parentId,
			flags: NO_CHANNEL_FLAGS,
			permission_overwrites: channel.overwrites.map((o): APIOverwrite => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() }))
		});
		const text = { topic: channel.topic, nsfw: false, last_message_id: channel.lastMessageId, rate_limit_per_user: 0, last_pin_timestamp: null };
		// Voice and stage channels carry their audio settings (Discord's channel object; discord.py reads them unconditionally).
		const voice = { nsfw: false, last_message_id: channel.lastMessageId, rate_limit_per_user: 0, bitrate: 64_000, user_limit: 0, rtc_region: null };
		switch (channel.type) {
			// Discord never puts a category in a category.
			case ChannelType.GuildCategory:
				return { ...base(channel.type), parent_id: null };
			case ChannelType.GuildVoice:
				return { ...base(channel.type), ...voice, video_quality_mode: VideoQualityMode.Auto, topic: channel.topic };
			case ChannelType.GuildStageVoice:
				return { ...base(channel.type), ...voice, topic: channel.topic };
			case ChannelType.GuildText:
			case ChannelType.GuildAnnouncement:
				return { ...base(channel.type), ...text };
			// A forum's tag and thread defaults are always in Discord's channel object.
			case ChannelType.GuildForum:
				return { ...base(channel.type), ...text, available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: ForumLayoutType.NotSet };
			default:
				throw new Error(`Discord stand-in: channel type ${channel.type} is not supported`);
		}
	}

	public apiMessage(message: MessageRecord, attachmentBaseUrl: string): MessagePayload {
		const channel = this.channels.get(message.channelId);
		// A thread started from a message shares its id; the message then carries it and the HAS_THREAD flag.
		const started = this.channels.get(message.id);
		const thread = started?.thread?.starterMessageId === message.id ? started : undefined;
		const type = this.messageType(message);
		return {
			id: message.id,
			channel_id: message.channelId,
			type,
			content: message.content,
			author: this.apiUser(message.authorId),
			attachments: message.attachments.map((attachment) => ({
				id: attachment.id,
				filename: attachment.filename,
				size: attachment.data.length,
				url: `${attachmentBaseUrl}/${message.channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`,
				proxy_url: `${attachmentBaseUrl}/${message.channelId}/${attachment.id}/${encodeURIComponent(attachment.filename)}`,
				...(attachment.contentType ? { content_type: attachment.contentType } : {}),
				...(attachment.description ? { description: attachment.description } : {})
			})),
			// Discord answers every field with its `inline`, false when the bot left it out.
			embeds: message.embeds.map((embed) => ({ type: EmbedType.Rich, ...embed, ...(embed.fields ? { fields: embed.fields.map((field) => ({ ...field, inline: field.inline ?? false })) } : {}) })),
			mentions: [],
			mention_roles: [],
			mention_everyone: false,
			pinned: message.pinned,
			tts: false,
			timestamp: message.createdAt.toISOString(),
			edited_timestamp: message.editedAt?.toISOString() ?? null,
			flags: thread ? message.flags | HAS_THREAD : message.flags,
			components: message.components,
			...(message.position === undefined ? {} : { position: message.position }),
			...(message.reference
				? {
						message_reference: {
							type: MessageReferenceType.Default,
							channel_id: message.reference.channelId,
							...(message.reference.messageId ? { message_id: message.reference.messageId } : {}),
							guild_id: this.guildId
						}
					}
				: {}),
			...(type === MessageType.ThreadStarterMessage ? { referenced_message: this.#referenced(message, attachmentBaseUrl) } : {}),
			...(thread ? { thread: this.apiThread(thread) } : {}),
			...(channel?.guildId && !message.webhookId && this.members.has(message.authorId) ? { member: this.apiMemberNoUser(message.authorId) } : {}),
			...(message.webhookId ? { webhook_id: message.webhookId, application_id: this.applicationId } : {}),
			...(message.interaction
				? {
						interaction_metadata: {
							id: message.interaction.id,
							type: message.interaction.type,
							user: this.apiUser(message.interaction.userId),
							authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: this.guildId }
						}
					}
				: {})
		};
	}

	public messageType(message: MessageRecord): MessageType {
		return message.type ?? (message.interaction && message.interaction.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default);
	}

	/** The message a thread starter points at, as Discord nests it: without `member`, null once deleted. */
	#referenced(message: MessageRecord, attachmentBaseUrl: string): MessagePayload | null {
		const { channelId, messageId } = message.reference!;
		const starter = this.messages.get(channelId)?.find((candidate) => candidate.id === messageId);
		if (!starter) return null;
		const { member: _member, ...nested } = this.apiMessage(starter, attachmentBaseUrl);
		return nested;
	}

	public apiGuild(): GuildPayload {
		return {
			id: this.guildId,
			name: this.name,
			icon: null,
			description: null,
			home_header: null,
			splash: null,
			discovery_splash: null,
			features: [],
			banner: null,
			owner_id: this.ownerId,
			application_id: null,
			region: 'deprecated',
			afk_channel_id: null,
			afk_timeout: 300,
			system_channel_id: null,
			system_channel_flags: NO_SYSTEM_CHANNEL_FLAGS,
			widget_enabled: false,
			widget_channel_id: null,
			verification_level: GuildVerificationLevel.Low,
			roles: [...this.roles.values()].map((role) => this.apiRole(role)),
			default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
			mfa_level: GuildMFALevel.None,
			explicit_content_filter: GuildExplicitContentFilter.AllMembers,
			max_presences: null,
			max_members: 500000,
			max_stage_video_channel_users: 50,
			max_video_channel_users: 25,
			vanity_url_code: null,
			premium_tier: GuildPremiumTier.None,
			premium_subscription_count: 0,
			preferred_locale: this.preferredLocale,
			rules_channel_id: null,
			safety_alerts_channel_id: null,
			public_updates_channel_id: null,
			premium_progress_bar_enabled: false,
			nsfw: false,
			nsfw_level: GuildNSFWLevel.Default,
			emojis: [],
			stickers: [],
			incidents_data: null
		};
	}

	/** The GUILD_CREATE payload; like Discord, a large guild only carries the bot and the owner as members. */
	public gatewayGuild(largeThreshold = 250): GuildCreatePayload {
		const large = this.members.size > largeThreshold;
		const memberIds = large ? [this.botUserId, this.ownerId] : [...this.members.keys()];
		return {
			...this.apiGuild(),
			hub_type: null,
			joined_at: this.members.get(this.botUserId)!.joinedAt.toISOString(),
			large,
			unavailable: false,
			member_count: this.members.size,
			members: memberIds.map((id) => this.apiMember(id)),
			channels: this.guildChannels().map((channel) => this.apiGuildChannel(channel)),
			// Active threads the bot can see, each with the bot's thread member where it is in one (Discord's GUILD_CREATE).
			threads: this.threads()
				.filter((channel) => !channel.thread!.archived && this.channelPermissions(this.botUserId, channel.id) & P.ViewChannel)
				.map((channel) => this.apiThread(channel, this.botUserId)),
			presences: [],
			voice_states: [],
			stage_instances: [],
			guild_scheduled_events: [],
			soundboard_sounds: []
		};
	}

	#requireRole(name: string): RoleRecord {
		const role = this.roleByName(name);
		if (!role) throw new Error(`seed: unknown role "${name}"`);
		return role;
	}

	#role(id: string, name: string, position: number, options: Partial<Omit<RoleRecord, 'id' | 'name' | 'position'>>): RoleRecord {
		return {
			id,
			name,
			position,
			color: options.color ?? 0,
			hoist: options.hoist ?? false,
			permissions: options.permissions ?? 0n,
			managed: options.managed ?? false,
			mentionable: options.mentionable ?? false,
			botId: options.botId
		};
	}
}
