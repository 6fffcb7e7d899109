import {
	ChannelType,
	GatewayDispatchEvents,
	GatewayIntentBits as I,
	MessageType,
	PermissionFlagsBits as P,
	type RESTGetAPIGuildThreadsResult,
	type ThreadAutoArchiveDuration
} from 'discord-api-types/v10';
import type { Reply } from './faults';
import type { MessageService, StandInCore } from './guildApi';
import { DiscordApiError, missingAccess, missingPermissions, unknown, type RestCall, type RestHandler } from './http';
import type { ChannelRecord, MessageRecord, ThreadPayload, ThreadRecord } from './state';

// Discord's thread limits and the errors it answers (discord-limits.md; discord-api-docs topics/threads.md).
export const DEFAULT_ACTIVE_THREAD_CAP = 1000;
/** discord.py's and Discord's default when neither the request nor the channel names one. */
const DEFAULT_AUTO_ARCHIVE_MINUTES = 1440;
const threadArchived = () => new DiscordApiError(400, 50083, 'Thread is archived');
const alreadyHasThread = () => new DiscordApiError(400, 160004, 'A thread has already been created for this message');
const maxActiveThreads = () => new DiscordApiError(400, 160006, 'Maximum number of active threads reached');
const wrongChannelType = () => new DiscordApiError(400, 50024, 'Cannot execute action on this channel type');
// Discord names the field error where its spec types the inner code as an integer: the spec wins, the name goes in the message.
const invalidField = (field: string, name: string, message: string) =>
	new DiscordApiError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code: 50035, message: `${name}: ${message}` }] } });

const ok = (body: unknown, status = 200): Reply => ({ status, body });

/** A thread as tests see it. */
export interface ThreadView {
	id: string;
	name: string;
	/** 11 public, 12 private, 10 announcement thread. */
	type: number;
	parentId: string;
	ownerId: string;
	starterMessageId: string | null;
	archived: boolean;
	locked: boolean;
	autoArchiveMinutes: number;
	messageCount: number;
	createdAt: Date;
}

interface ThreadInput {
	name: string;
	auto_archive_duration?: ThreadAutoArchiveDuration | null;
	rate_limit_per_user?: number | null;
	type?: number | null;
	invitable?: boolean | null;
	message?: unknown;
}

interface ThreadPatch {
	name?: string | null;
	archived?: boolean | null;
	locked?: boolean | null;
	invitable?: boolean | null;
	auto_archive_duration?: ThreadAutoArchiveDuration | null;
	rate_limit_per_user?: number | null;
}

/**
 * Threads as Discord keeps them: public ones started from a message (same id as the message), threads without one,
 * at most `activeCap` active per guild (160006), archive and lock rules, and the auto-archive after inactivity on the
 * stand-in's clock (not the rate model's scale: the scale time-lapses buckets, not a thread's life). The archive state
 * is brought up to date by `sweep()` before every request and control call: no timer keeps a test process open.
 */
export class ThreadService {
	#activeCap: number;

	/** `messages` is looked up when needed: the message service itself calls back into this one. */
	public constructor(
		private readonly core: StandInCore,
		private readonly messages: () => MessageService,
		activeCap = DEFAULT_ACTIVE_THREAD_CAP
	) {
		this.#activeCap = activeCap;
	}

	public setActiveCap(cap: number): void {
		this.#activeCap = cap;
	}

	/** The thread routes; GET/PATCH/DELETE of a channel id that is a thread are answered here, others by `channelRoutes`. */
	public routes(channelRoutes: Record<string, RestHandler>): Record<string, RestHandler> {
		const { state } = this.core;
		const orChannel = (key: string, threadHandler: RestHandler): RestHandler => (call) =>
			state.channels.get(call.params.channel_id)?.thread ? threadHandler(call) : channelRoutes[key]!(call);
		return {
			'POST /channels/{channel_id}/messages/{message_id}/threads': (call) => ok(this.#startFromMessage(call), 201),
			'POST /channels/{channel_id}/threads': (call) => ok(this.#startWithoutMessage(call), 201),
			'GET /guilds/{guild_id}/threads/active': ({ params }) => ok(this.#active(params.guild_id)),
			'PATCH /channels/{channel_id}': orChannel('PATCH /channels/{channel_id}', ({ params, body }) => ok(this.#update(params.channel_id, body))),
			'DELETE /channels/{channel_id}': orChannel('DELETE /channels/{channel_id}', ({ params }) => ok(this.#delete(params.channel_id)))
		};
	}

	/** Archives every active thread whose last activity is older than its auto_archive_duration, as Discord would have by now. */
	public sweep(): void {
		const now = this.core.clock().getTime();
		for (const channel of this.core.state.channels.values()) {
			const thread = channel.thread;
			if (!thread) continue;
			const due = thread.lastActivityAt.getTime() + thread.autoArchiveMinutes * 60_000;
			if (thread.archived || now < due) continue;
			thread.archived = true;
			thread.archiveTimestamp = new Date(due);
			this.#announce(channel, 'archived (inactive)');
		}
	}

	public activeCount(): number {
		let active = 0;
		for (const channel of this.core.state.channels.values()) if (channel.thread && !channel.thread.archived) active++;
		return active;
	}

	public view(channel: ChannelRecord): ThreadView {
		const thread = channel.thread!;
		return {
			id: channel.id,
			name: channel.name,
			type: channel.type,
			parentId: channel.parentId!,
			ownerId: thread.ownerId,
			starterMessageId: thread.starterMessageId,
			archived: thread.archived,
			locked: thread.locked,
			autoArchiveMinutes: thread.autoArchiveMinutes,
			messageCount: thread.messageCount,
			createdAt: thread.createdAt
		};
	}

	/**
	 * Before a message lands in a thread: a locked thread takes messages only from those who may manage threads, and
	 * not at all while archived; an archived unlocked thread is unarchived by the message (Discord's docs, "Active &
	 * Archived Threads"), which needs room under the active-thread cap.
	 */
	public beforeMessage(channel: ChannelRecord, authorId: string): void {
		const thread = channel.thread!;
		if (thread.locked && thread.archived) throw threadArchived();
		if (thread.locked && !this.#may(authorId, channel, P.ManageThreads)) throw missingPermissions();
		if (thread.archived) this.#unarchive(channel, 'unarchived by a message');
	}

	/**
	 * A message now in the thread: its place, the counts, the activity clock and the author's membership. The starter
	 * message takes place 0 and counts in neither count (Discord's message_count leaves "the initial message" out).
	 */
	public recordMessage(channel: ChannelRecord, message: MessageRecord): void {
		const thread = channel.thread!;
		if (message.type === MessageType.ThreadStarterMessage) {
			message.position = 0;
			return;
		}
		message.position = thread.totalMessageSent + (thread.starterMessageId ? 1 : 0);
		thread.totalMessageSent++;
		thread.messageCount++;
		thread.lastActivityAt = message.createdAt;
		if (!thread.members.has(message.authorId)) {
			thread.members.set(message.authorId, message.createdAt);
			this.#announceJoin(channel, message.authorId);
		}
	}

	public recordDeletion(channel: ChannelRecord): void {
		channel.thread!.messageCount = Math.max(0, channel.thread!.messageCount - 1);
	}

	/** Editing a message: never in an archived thread, and in a locked one only with Manage Threads. */
	public checkEdit(channel: ChannelRecord): void {
		const thread = channel.thread!;
		if (thread.archived) throw threadArchived();
		if (thread.locked && !this.#may(this.core.state.botUserId, channel, P.ManageThreads)) throw missingPermissions();
	}

	#startFromMessage({ params, body }: RestCall): ThreadPayload {
		const { state } = this.core;
		const parent = this.#parent(params.channel_id, P.CreatePublicThreads | P.ReadMessageHistory);
		const message = state.messages.get(parent.id)!.find((candidate) => candidate.id === params.message_id);
		if (!message) throw unknown.message();
		if (state.channels.has(message.id)) throw alreadyHasThread();
		const type = parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
		return this.#create(parent, message.id, type, body as ThreadInput);
	}

	#startWithoutMessage({ params, body }: RestCall): ThreadPayload {
		const input = body as ThreadInput;
		const channel = this.core.state.channels.get(params.channel_id);
		// A forum post needs its first message; the stand-in has no forum posts, so it refuses what it cannot keep.
		if (channel?.type === ChannelType.GuildForum || channel?.type === ChannelType.GuildMedia) {
			if (input.message === undefined) throw invalidField('message', 'BASE_TYPE_REQUIRED', 'This field is required');
			throw wrongChannelType();
		}
		// API v10 has no default thread type (v9 defaulted to private).
		if (input.type === undefined || input.type === null) throw invalidField('type', 'BASE_TYPE_REQUIRED', 'This field is required');
		const type = input.type as ChannelType;
		const permission = type === ChannelType.PrivateThread ? P.CreatePrivateThreads : P.CreatePublicThreads;
		const parent = this.#parent(params.channel_id, permission);
		const allowed = parent.type === ChannelType.GuildAnnouncement ? [ChannelType.AnnouncementThread] : [ChannelType.PublicThread, ChannelType.PrivateThread];
		if (!allowed.includes(type)) throw invalidField('type', 'BASE_TYPE_CHOICES', `Value must be one of ${allowed.join(', ')}.`);
		return this.#create(parent, null, type, input);
	}

	#create(parent: ChannelRecord, starterMessageId: string | null, type: ChannelType, input: ThreadInput): ThreadPayload {
		const { state } = this.core;
		if (this.activeCount() >= this.#activeCap) throw maxActiveThreads();
		const now = this.core.clock();
		const thread: ThreadRecord = {
			ownerId: state.botUserId,
			starterMessageId,
			archived: false,
			locked: false,
			autoArchiveMinutes: input.auto_archive_duration ?? DEFAULT_AUTO_ARCHIVE_MINUTES,
			archiveTimestamp: now,
			createdAt: now,
			lastActivityAt: now,
			...(type === ChannelType.PrivateThread ? { invitable: input.invitable ?? true } : {}),
			messageCount: 0,
			totalMessageSent: 0,
			rateLimitPerUser: input.rate_limit_per_user ?? 0,
			members: new Map([[state.botUserId, now]])
		};
		const channel: ChannelRecord = {
			id: starterMessageId ?? this.core.ids.next(),
			type,
			name: input.name,
			guildId: state.guildId,
			parentId: parent.id,
			topic: null,
			position: 0,
			overwrites: [],
			lastMessageId: null,
			thread
		};
		state.channels.set(channel.id, channel);
		state.messages.set(channel.id, []);
		this.core.gateway.dispatch(GatewayDispatchEvents.ThreadCreate, { ...state.apiThread(channel), newly_created: true }, I.Guilds);
		this.#announceJoin(channel, state.botUserId);
		this.#log(channel, `created "${channel.name}"${starterMessageId ? ` from message ${starterMessageId}` : ''}`);
		// What Discord posts with a new thread (docs, "New Message Types"): the starter first in the thread, or a notice in the parent.
		if (starterMessageId) {
			this.messages().create(channel.id, state.botUserId, {}, [], { type: MessageType.ThreadStarterMessage, reference: { channelId: parent.id, messageId: starterMessageId } });
		} else if (type !== ChannelType.PrivateThread) {
			this.messages().create(parent.id, state.botUserId, { content: channel.name }, [], { type: MessageType.ThreadCreated, reference: { channelId: channel.id } });
		}
		return state.apiThread(channel, state.botUserId);
	}

	/** Discord's rules for editing a thread (docs, "Editing & Deleting Threads"); only an active thread takes other changes. */
	#update(id: string, body: ThreadPatch): ThreadPayload {
		const { state } = this.core;
		const channel = this.#thread(id);
		const thread = channel.thread!;
		const bot = state.botUserId;
		const owner = thread.ownerId === bot;
		const manages = this.#may(bot, channel, P.ManageThreads);
		const given = <K extends keyof ThreadPatch>(key: K): NonNullable<ThreadPatch[K]> | undefined => (body[key] === null ? undefined : (body[key] ?? undefined));
		const [name, archived, locked, duration, slowmode, invitable] = [given('name'), given('archived'), given('locked'), given('auto_archive_duration'), given('rate_limit_per_user'), given('invitable')];
		if ((name !== undefined || archived !== undefined || duration !== undefined) && !owner && !manages) throw missingPermissions();
		if ((locked !== undefined || slowmode !== undefined) && !manages) throw missingPermissions();
		if (archived === false && thread.locked && locked !== false && !manages) throw missingPermissions();
		const staysArchived = thread.archived && archived !== false;
		if (staysArchived && (name !== undefined || duration !== undefined || slowmode !== undefined || invitable !== undefined)) throw threadArchived();
		if (name !== undefined && name.length === 0) throw invalidField('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
		const changes: string[] = [];
		const now = this.core.clock();
		if (archived === false && thread.archived) {
			this.#unarchive(channel);
			changes.push('unarchived');
		}
		if (name !== undefined && name !== channel.name) {
			changes.push(`renamed "${channel.name}" → "${name}"`);
			channel.name = name;
		}
		if (duration !== undefined && duration !== thread.autoArchiveMinutes) {
			thread.autoArchiveMinutes = duration;
			thread.archiveTimestamp = now;
			thread.lastActivityAt = now;
			changes.push(`auto-archive ${duration} min`);
		}
		if (slowmode !== undefined) thread.rateLimitPerUser = slowmode;
		if (invitable !== undefined && channel.type === ChannelType.PrivateThread) thread.invitable = invitable;
		if (locked !== undefined && locked !== thread.locked) {
			thread.locked = locked;
			changes.push(locked ? 'locked' : 'unlocked');
		}
		if (archived === true && !thread.archived) {
			thread.archived = true;
			thread.archiveTimestamp = now;
			changes.push('archived');
		}
		this.core.gateway.dispatch(GatewayDispatchEvents.ThreadUpdate, state.apiThread(channel), I.Guilds);
		if (changes.length > 0) this.#log(channel, changes.join(', '));
		return state.apiThread(channel, bot);
	}

	#delete(id: string): ThreadPayload {
		const { state } = this.core;
		const channel = this.#thread(id);
		if (!this.#may(state.botUserId, channel, P.ManageThreads)) throw missingPermissions();
		const api = state.apiThread(channel, state.botUserId);
		this.#log(channel, 'deleted');
		state.channels.delete(id);
		state.messages.delete(id);
		this.core.gateway.dispatch(GatewayDispatchEvents.ThreadDelete, { id, guild_id: state.guildId, parent_id: channel.parentId!, type: api.type }, I.Guilds);
		return api;
	}

	#active(guildId: string): RESTGetAPIGuildThreadsResult & { has_more: boolean } {
		const { state } = this.core;
		if (guildId !== state.guildId) throw unknown.guild();
		const visible = state.threads().filter((channel) => !channel.thread!.archived && state.channelPermissions(state.botUserId, channel.id) & P.ViewChannel);
		return {
			threads: visible.map((channel) => state.apiThread(channel)),
			members: visible.map((channel) => state.apiThreadMember(channel, state.botUserId)).filter((member) => member !== undefined),
			// The spec's ThreadsResponse requires it; this list is never paged.
			has_more: false
		};
	}

	#unarchive(channel: ChannelRecord, why?: string): void {
		const thread = channel.thread!;
		if (this.activeCount() >= this.#activeCap) throw maxActiveThreads();
		const now = this.core.clock();
		thread.archived = false;
		thread.archiveTimestamp = now;
		thread.lastActivityAt = now;
		if (why) this.#announce(channel, why);
	}

	/**
	 * THREAD_MEMBERS_UPDATE for someone who joined (by starting the thread or posting in it): always for the bot
	 * itself, for others only with the GUILD_MEMBERS intent (docs, "Thread Membership").
	 */
	#announceJoin(channel: ChannelRecord, userId: string): void {
		const { state } = this.core;
		const joined = { ...state.apiThreadMember(channel, userId)!, ...(state.members.has(userId) ? { member: state.apiMember(userId) } : {}) };
		const data = { id: channel.id, guild_id: state.guildId, member_count: state.apiThread(channel).member_count, added_members: [joined] };
		this.core.gateway.dispatch(GatewayDispatchEvents.ThreadMembersUpdate, data, userId === state.botUserId ? I.Guilds : I.GuildMembers);
	}

	/** THREAD_UPDATE for a change Discord makes on its own (auto-archive, unarchive by a message). */
	#announce(channel: ChannelRecord, change: string): void {
		this.core.gateway.dispatch(GatewayDispatchEvents.ThreadUpdate, this.core.state.apiThread(channel), I.Guilds);
		this.#log(channel, change);
	}

	#log(channel: ChannelRecord, change: string): void {
		const parent = this.core.state.channels.get(channel.parentId!);
		this.core.events.push({ kind: 'thread', at: this.core.clock(), channelId: channel.id, where: `#${parent?.name ?? '?'} › ${channel.name}`, change });
	}

	/** A text or announcement channel the bot sees and may start threads in. */
	#parent(id: string, needed: bigint): ChannelRecord {
		const { state } = this.core;
		const channel = state.channels.get(id);
		if (!channel) throw unknown.channel();
		if (!channel.guildId || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) throw wrongChannelType();
		const permissions = state.channelPermissions(state.botUserId, id);
		if (!(permissions & P.ViewChannel)) throw missingAccess();
		if ((permissions & needed) !== needed) throw missingPermissions();
		return channel;
	}

	#thread(id: string): ChannelRecord {
		const { state } = this.core;
		const channel = state.channels.get(id);
		if (!channel?.thread) throw unknown.channel();
		if (!(state.channelPermissions(state.botUserId, id) & P.ViewChannel)) throw missingAccess();
		return channel;
	}

	#may(userId: string, channel: ChannelRecord, permission: bigint): boolean {
		return (this.core.state.channelPermissions(userId, channel.id) & permission) === permission;
	}
}
