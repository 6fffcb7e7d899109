import {
	ApplicationCommandType,
	ApplicationIntegrationType,
	GatewayDispatchEvents,
	GatewayIntentBits as I,
	MessageType,
	PermissionFlagsBits as P,
	type APIApplication,
	type APIApplicationCommand,
	type APIEmbed,
	type APIMessageTopLevelComponent,
	type GatewayGuildMembersChunkDispatchData,
	type GatewayMessageCreateDispatchData,
	type RESTGetAPIChannelMessageResult,
	type RESTGetAPIChannelMessagesPinsResult,
	type RESTGetAPIChannelMessagesResult,
	type RESTGetAPIChannelPinsResult,
	type RESTGetAPICurrentUserGuildsResult,
	type RESTGetAPICurrentUserResult,
	type RESTGetAPIGatewayBotResult,
	type RESTGetAPIGatewayResult,
	type RESTGetAPIGuildChannelsResult,
	type RESTGetAPIGuildMemberResult,
	type RESTGetAPIGuildMembersResult,
	type RESTGetAPIGuildRoleResult,
	type RESTGetAPIGuildRolesResult,
	type RESTGetAPIUserResult,
	type RESTPatchAPIChannelMessageResult,
	type RESTPatchAPIGuildMemberResult,
	type RESTPostAPIChannelMessageResult,
	type RESTPutAPIApplicationCommandsResult
} from 'discord-api-types/v10';
import type { EventLog } from './events';
import type { Reply } from './faults';
import type { DispatchData, GatewayServer, MemberRequest } from './gateway';
import { DiscordApiError, missingAccess, missingPermissions, unknown, type RestCall, type RestHandler, type UploadedFile } from './http';
import type { Clock, SnowflakeFactory } from './snowflake';
import type { ThreadService } from './threadsApi';
import { NO_APPLICATION_FLAGS, type ChannelRecord, type CommandRecord, type GuildState, type MessagePayload, type MessageRecord, type StoredAttachment } from './state';

/** What the route handlers share: state, the gateway to announce changes, the event log, ids and URLs. */
export interface StandInCore {
	state: GuildState;
	gateway: GatewayServer;
	events: EventLog;
	ids: SnowflakeFactory;
	clock: Clock;
	gatewayUrl: () => string;
	attachmentBaseUrl: () => string;
}

/** The part of a message create/edit body the stand-in keeps. */
export interface MessageInput {
	content?: string | null;
	embeds?: APIEmbed[] | null;
	components?: APIMessageTopLevelComponent[] | null;
	attachments?: { id: string | number; filename?: string; description?: string }[] | null;
	flags?: number | null;
}

export interface AttachmentView {
	id: string;
	name: string;
	contentType?: string;
	description?: string;
	data: Buffer;
}

/** A message as tests see it. */
export interface MessageView {
	id: string;
	channelId: string;
	/** `#channel-name` or `DM @username`. */
	where: string;
	author: string;
	authorId: string;
	content: string;
	embeds: Record<string, any>[];
	components: Record<string, any>[];
	attachments: AttachmentView[];
	flags: number;
	ephemeral: boolean;
	pinned: boolean;
	createdAt: Date;
	editedAt: Date | null;
	/** Discord's message type: 0 for ordinary messages, 18 THREAD_CREATED and 21 THREAD_STARTER_MESSAGE for what threads bring, 20 for command replies. */
	type: number;
}

export const EPHEMERAL = 64;
export const LOADING = 128;
const MAX_CONTENT = 2000;

const ok = (body: unknown, status = 200): Reply => ({ status, body });
const systemMessage = () => new DiscordApiError(400, 50021, 'Cannot execute action on a system message');

/** How a transcript shows a thread's system message, which has no content of its own (THREAD_CREATED's is the thread's name). */
function systemText(message: MessageRecord): string {
	return message.type === MessageType.ThreadStarterMessage ? `(thread started from message ${message.reference?.messageId})` : `(started a thread: ${message.content})`;
}

/**
 * The spec's PrivateApplicationResponse: it requires `type`, `explicit_content_filter` and `eligible_oauth2_scopes`,
 * which discord-api-types lacks, and types `tags` as any list of strings where discord-api-types wants one to five.
 */
type ApplicationPayload = Omit<APIApplication, 'tags'> & { type: null; explicit_content_filter: number; eligible_oauth2_scopes: string[]; tags: string[] };
const noContent = (): Reply => ({ status: 204 });

/** Messages in guild channels, DMs and interaction responses, with the dispatches and events they cause. */
export class MessageService {
	/** Ephemeral interaction responses live outside the channel history, like on Discord. */
	public readonly ephemeral = new Map<string, MessageRecord>();

	public constructor(
		private readonly core: StandInCore,
		private readonly threads: ThreadService
	) {}

	public api(message: MessageRecord): MessagePayload {
		return this.core.state.apiMessage(message, this.core.attachmentBaseUrl());
	}

	/** The test-facing read-only copy of a message. */
	public view(message: MessageRecord): MessageView {
		const channel = this.core.state.channels.get(message.channelId)!;
		const author = this.core.state.users.get(message.authorId)!;
		const type = this.core.state.messageType(message);
		return {
			id: message.id,
			channelId: message.channelId,
			where: this.where(channel),
			author: author.username,
			authorId: author.id,
			content: message.content,
			embeds: structuredClone(message.embeds),
			components: structuredClone(message.components),
			attachments: message.attachments.map((a) => ({ id: a.id, name: a.filename, contentType: a.contentType, description: a.description, data: a.data })),
			flags: message.flags,
			ephemeral: Boolean(message.flags & EPHEMERAL),
			pinned: message.pinned,
			createdAt: message.createdAt,
			editedAt: message.editedAt,
			type
		};
	}

	public find(channelId: string, messageId: string): MessageRecord | undefined {
		return this.core.state.messages.get(channelId)?.find((message) => message.id === messageId) ?? this.ephemeral.get(messageId);
	}

	public create(
		channelId: string,
		authorId: string,
		input: MessageInput,
		files: UploadedFile[],
		extra: Partial<Pick<MessageRecord, 'webhookId' | 'interaction' | 'type' | 'reference'>> = {}
	): MessageRecord {
		const channel = this.core.state.channels.get(channelId)!;
		const ephemeral = Boolean((input.flags ?? 0) & EPHEMERAL);
		if (channel.thread && !ephemeral) this.threads.beforeMessage(channel, authorId);
		const now = this.core.clock();
		const message: MessageRecord = {
			id: this.core.ids.next(),
			channelId,
			authorId,
			content: input.content ?? '',
			embeds: input.embeds ?? [],
			components: numberComponents(input.components ?? []),
			attachments: this.#attachments([], input, files),
			flags: input.flags ?? 0,
			pinned: false,
			createdAt: now,
			editedAt: null,
			...extra
		};
		if (message.flags & EPHEMERAL) this.ephemeral.set(message.id, message);
		else {
			if (channel.thread) this.threads.recordMessage(channel, message);
			this.core.state.messages.get(channelId)!.push(message);
			channel.lastMessageId = message.id;
			this.#dispatch(GatewayDispatchEvents.MessageCreate, message, this.#gatewayMessage(message));
		}
		this.#log('message.create', message);
		return message;
	}

	public edit(message: MessageRecord, input: MessageInput, files: UploadedFile[]): MessageRecord {
		if (input.content !== undefined) message.content = input.content ?? '';
		if (input.embeds !== undefined) message.embeds = input.embeds ?? [];
		if (input.components !== undefined) message.components = numberComponents(input.components ?? []);
		// Editing a deferred response replaces the "thinking…" state.
		if (input.flags !== undefined && input.flags !== null) message.flags = (message.flags & EPHEMERAL) | (input.flags & ~EPHEMERAL);
		message.flags &= ~LOADING;
		message.attachments = this.#attachments(message.attachments, input, files);
		message.editedAt = this.core.clock();
		if (!(message.flags & EPHEMERAL)) this.#dispatch(GatewayDispatchEvents.MessageUpdate, message, this.#gatewayMessage(message));
		this.#log('message.update', message);
		return message;
	}

	public remove(message: MessageRecord): void {
		if (this.ephemeral.delete(message.id)) return;
		const list = this.core.state.messages.get(message.channelId)!;
		list.splice(list.indexOf(message), 1);
		const channel = this.core.state.channels.get(message.channelId)!;
		if (channel.thread) this.threads.recordDeletion(channel);
		this.#dispatch(GatewayDispatchEvents.MessageDelete, message, { id: message.id, channel_id: message.channelId, ...(channel.guildId ? { guild_id: channel.guildId } : {}) });
		this.core.events.push({ kind: 'message.delete', at: this.core.clock(), channelId: message.channelId, where: this.where(channel), messageId: message.id });
	}

	public where(channel: ChannelRecord): string {
		if (channel.thread) return `#${this.core.state.channels.get(channel.parentId!)?.name ?? '?'} › ${channel.name}`;
		return channel.guildId ? `#${channel.name}` : `DM @${this.core.state.users.get(channel.recipientId!)!.username}`;
	}

	#gatewayMessage(message: MessageRecord): GatewayMessageCreateDispatchData {
		const channel = this.core.state.channels.get(message.channelId)!;
		return { ...this.api(message), ...(channel.guildId ? { guild_id: channel.guildId } : {}) };
	}

	#dispatch<T extends GatewayDispatchEvents.MessageCreate | GatewayDispatchEvents.MessageUpdate | GatewayDispatchEvents.MessageDelete>(event: T, message: MessageRecord, payload: DispatchData<T>): void {
		const channel = this.core.state.channels.get(message.channelId)!;
		this.core.gateway.dispatch(event, payload, channel.guildId ? I.GuildMessages : I.DirectMessages);
	}

	#log(kind: 'message.create' | 'message.update', message: MessageRecord): void {
		const { state } = this.core;
		const channel = state.channels.get(message.channelId)!;
		this.core.events.push({
			kind,
			at: this.core.clock(),
			channelId: channel.id,
			where: this.where(channel),
			messageId: message.id,
			author: state.users.get(message.authorId)!.username,
			content: message.flags & LOADING ? '(thinking…)' : message.type ? systemText(message) : message.content,
			embedTitles: message.embeds.map((embed) => String(embed.title ?? embed.description ?? 'embed')),
			attachmentNames: message.attachments.map((attachment) => attachment.filename),
			...(message.flags & EPHEMERAL && message.interaction ? { visibleTo: state.users.get(message.interaction.userId)!.username } : {}),
			...(message.interaction ? { interactionId: message.interaction.id } : {})
		});
	}

	/** Keeps the existing attachments the body lists by id and adds the uploaded files (matched to `attachments[].id` = n of `files[n]`). */
	#attachments(existing: StoredAttachment[], input: MessageInput, files: UploadedFile[]): StoredAttachment[] {
		const listed = input.attachments ?? undefined;
		const kept = listed === undefined ? existing : existing.filter((attachment) => listed.some((entry) => String(entry.id) === attachment.id));
		const added = files.map((file) => {
			const index = /^files\[(\d+)\]$/.exec(file.field)?.[1];
			const meta = listed?.find((entry) => String(entry.id) === index);
			return {
				id: this.core.ids.next(),
				filename: meta?.filename ?? file.name,
				contentType: file.contentType,
				description: meta?.description,
				data: file.data
			};
		});
		return [...kept, ...added];
	}
}

/** Member, role, channel, message, command and user routes. */
export class GuildApi {
	public readonly messages: MessageService;

	public constructor(
		private readonly core: StandInCore,
		private readonly threads: ThreadService
	) {
		this.messages = new MessageService(core, threads);
	}

	public get routes(): Record<string, RestHandler> {
		const { state } = this.core;
		return {
			'GET /gateway': () => ok({ url: this.core.gatewayUrl() } satisfies RESTGetAPIGatewayResult),
			'GET /gateway/bot': () =>
				ok({
					url: this.core.gatewayUrl(),
					shards: 1,
					session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 }
				} satisfies RESTGetAPIGatewayBotResult),
			'GET /users/@me': () => ok({ ...state.apiUser(state.botUserId), mfa_enabled: false, locale: 'en-US', verified: true, email: null } satisfies RESTGetAPICurrentUserResult),
			'GET /users/@me/guilds': () =>
				ok([
					{
						id: state.guildId,
						name: state.name,
						icon: null,
						banner: null,
						owner: false,
						permissions: state.guildPermissions(state.botUserId).toString(),
						features: []
					}
				] satisfies RESTGetAPICurrentUserGuildsResult),
			'GET /users/{user_id}': ({ params }) => ok(state.apiUser(this.#user(params.user_id)) satisfies RESTGetAPIUserResult),
			'GET /applications/@me': () => ok(this.#application()),
			// discord.py logs in with this older route (Client.application_info); same application object.
			'GET /oauth2/applications/@me': () => ok(this.#application()),
			'POST /users/@me/channels': ({ body }) => ok(state.apiDMChannel(state.dmChannelOf(this.#user(body.recipient_id)))),
			'GET /guilds/{guild_id}': ({ params }) => (this.#guild(params), ok(state.apiGuild())),
			'GET /guilds/{guild_id}/roles': ({ params }) => (this.#guild(params), ok([...state.roles.values()].map((role) => state.apiRole(role)) satisfies RESTGetAPIGuildRolesResult)),
			'GET /guilds/{guild_id}/roles/{role_id}': ({ params }) => {
				this.#guild(params);
				const role = state.roles.get(params.role_id);
				if (!role) throw unknown.role();
				return ok(state.apiRole(role) satisfies RESTGetAPIGuildRoleResult);
			},
			'GET /guilds/{guild_id}/channels': ({ params }) => {
				this.#guild(params);
				// Discord lists threads elsewhere (GET /guilds/{guild_id}/threads/active).
				return ok(state.guildChannels().map((channel) => state.apiGuildChannel(channel)) satisfies RESTGetAPIGuildChannelsResult);
			},
			'GET /channels/{channel_id}': ({ params }) => ok(state.apiChannel(this.#channel(params.channel_id, P.ViewChannel))),
			'GET /guilds/{guild_id}/members/{user_id}': ({ params }) => {
				this.#guild(params);
				if (!state.members.has(params.user_id)) throw unknown.member();
				return ok(state.apiMember(params.user_id) satisfies RESTGetAPIGuildMemberResult);
			},
			'GET /guilds/{guild_id}/members': ({ params, query }) => {
				this.#guild(params);
				const limit = Math.min(Number(query.get('limit') ?? 1), 1000);
				const after = BigInt(query.get('after') ?? 0);
				const ids = [...state.members.keys()].filter((id) => BigInt(id) > after).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
				return ok(ids.slice(0, limit).map((id) => state.apiMember(id)) satisfies RESTGetAPIGuildMembersResult);
			},
			'PATCH /guilds/{guild_id}/members/{user_id}': ({ params, body }) => {
				this.#guild(params);
				return ok(this.updateMember(params.user_id, { nick: body.nick, roles: body.roles ?? undefined }));
			},
			'PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}': ({ params }) => {
				this.#guild(params);
				const member = state.members.get(params.user_id);
				if (!member) throw unknown.member();
				if (!member.roles.includes(params.role_id)) this.updateMember(params.user_id, { roles: [...member.roles, params.role_id] });
				return noContent();
			},
			'DELETE /guilds/{guild_id}/members/{user_id}/roles/{role_id}': ({ params }) => {
				this.#guild(params);
				const member = state.members.get(params.user_id);
				if (!member) throw unknown.member();
				if (!state.roles.has(params.role_id)) throw unknown.role();
				this.updateMember(params.user_id, { roles: member.roles.filter((id) => id !== params.role_id) });
				return noContent();
			},
			'GET /channels/{channel_id}/messages': ({ params, query }) => this.#listMessages(params.channel_id, query),
			'POST /channels/{channel_id}/messages': ({ params, body, files }) => {
				// SEND_MESSAGES has no effect in threads: they take SEND_MESSAGES_IN_THREADS (Discord's docs, "Permissions").
				const send = state.channels.get(params.channel_id)?.thread ? P.SendMessagesInThreads : P.SendMessages;
				const channel = this.#channel(params.channel_id, P.ViewChannel | send);
				if (files.length > 0 && channel.guildId) this.#channel(params.channel_id, P.AttachFiles);
				this.#requireSomething(body, files);
				if (!channel.guildId) this.#mayDirectMessage(channel.recipientId!);
				return ok(this.messages.api(this.messages.create(channel.id, state.botUserId, body, files)) satisfies RESTPostAPIChannelMessageResult);
			},
			'GET /channels/{channel_id}/messages/{message_id}': ({ params }) => {
				this.#channel(params.channel_id, P.ViewChannel | P.ReadMessageHistory);
				return ok(this.messages.api(this.#message(params.channel_id, params.message_id)) satisfies RESTGetAPIChannelMessageResult);
			},
			'PATCH /channels/{channel_id}/messages/{message_id}': ({ params, body, files }) => {
				this.#channel(params.channel_id, P.ViewChannel);
				const message = this.#message(params.channel_id, params.message_id);
				if (message.authorId !== state.botUserId) throw new DiscordApiError(403, 50005, 'Cannot edit a message authored by another user');
				if (message.type) throw systemMessage();
				const channel = state.channels.get(params.channel_id)!;
				if (channel.thread) this.threads.checkEdit(channel);
				return ok(this.messages.api(this.messages.edit(message, body, files)) satisfies RESTPatchAPIChannelMessageResult);
			},
			'DELETE /channels/{channel_id}/messages/{message_id}': ({ params }) => {
				this.#channel(params.channel_id, P.ViewChannel);
				const message = this.#message(params.channel_id, params.message_id);
				// A thread's starter message cannot be deleted; a THREAD_CREATED notice can, like any message.
				if (message.type === MessageType.ThreadStarterMessage) throw systemMessage();
				if (message.authorId !== state.botUserId) this.#channel(params.channel_id, P.ManageMessages);
				this.messages.remove(message);
				return noContent();
			},
			'GET /channels/{channel_id}/pins': ({ params }) => ok(this.#pinned(params.channel_id).map((message) => this.messages.api(message)) satisfies RESTGetAPIChannelPinsResult),
			'GET /channels/{channel_id}/messages/pins': ({ params }) =>
				ok({
					items: this.#pinned(params.channel_id).map((message) => ({ pinned_at: (message.editedAt ?? message.createdAt).toISOString(), message: this.messages.api(message) })),
					has_more: false
				} satisfies RESTGetAPIChannelMessagesPinsResult),
			'PUT /channels/{channel_id}/pins/{message_id}': ({ params }) => this.#pin(params.channel_id, params.message_id, true),
			'DELETE /channels/{channel_id}/pins/{message_id}': ({ params }) => this.#pin(params.channel_id, params.message_id, false),
			'PUT /channels/{channel_id}/messages/pins/{message_id}': ({ params }) => this.#pin(params.channel_id, params.message_id, true),
			'DELETE /channels/{channel_id}/messages/pins/{message_id}': ({ params }) => this.#pin(params.channel_id, params.message_id, false),
			'GET /applications/{application_id}/commands': ({ params }) => ok(this.#commands(params, null).map((command) => this.#apiCommand(command))),
			'PUT /applications/{application_id}/commands': ({ params, body }) => ok(this.#overwriteCommands(params, null, body)),
			'POST /applications/{application_id}/commands': ({ params, body }) => this.#upsertCommand(params, null, body),
			'GET /applications/{application_id}/guilds/{guild_id}/commands': ({ params }) =>
				ok(this.#commands(params, this.#guild(params)).map((command) => this.#apiCommand(command))),
			'PUT /applications/{application_id}/guilds/{guild_id}/commands': ({ params, body }) => ok(this.#overwriteCommands(params, this.#guild(params), body)),
			'POST /applications/{application_id}/guilds/{guild_id}/commands': ({ params, body }) => this.#upsertCommand(params, this.#guild(params), body),
			'PATCH /applications/{application_id}/commands/{command_id}': ({ params, body }) => this.#patchCommand(params, null, body),
			'PATCH /applications/{application_id}/guilds/{guild_id}/commands/{command_id}': ({ params, body }) =>
				this.#patchCommand(params, this.#guild(params), body),
			'DELETE /applications/{application_id}/commands/{command_id}': ({ params }) => this.#deleteCommand(params, null),
			'DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}': ({ params }) => this.#deleteCommand(params, this.#guild(params))
		};
	}

	/** Discord limits stricter than the OpenAPI document: bots may send at most 2000 characters of content. */
	public limits(call: RestCall): DiscordApiError | undefined {
		const content = call.match.route.startsWith('/interactions/') ? call.body?.data?.content : call.body?.content;
		if (typeof content !== 'string' || content.length <= MAX_CONTENT) return undefined;
		// The spec's error detail has an integer code; the form error's name leads the message, as elsewhere in the stand-in.
		const error = { code: 50035, message: `BASE_TYPE_MAX_LENGTH: Must be ${MAX_CONTENT} or fewer in length.` };
		const errors = call.match.route.startsWith('/interactions/') ? { data: { content: { _errors: [error] } } } : { content: { _errors: [error] } };
		return new DiscordApiError(400, 50035, 'Invalid Form Body', errors);
	}

	/**
	 * Applies a nick and/or role change by the bot with Discord's hierarchy rules, then dispatches GUILD_MEMBER_UPDATE.
	 * Members at or above the bot's highest role, the owner, and roles at or above the bot's are refused with 50013.
	 */
	public updateMember(userId: string, change: { nick?: string | null; roles?: string[] }): RESTPatchAPIGuildMemberResult {
		const { state } = this.core;
		const member = state.members.get(userId);
		if (!member) throw unknown.member();
		const botTop = state.highestPosition(state.botUserId);
		const botPermissions = state.guildPermissions(state.botUserId);
		const nickChanges = change.nick !== undefined && change.nick !== member.nick;
		// discord.js sends the member's cached roles, which include @everyone; Discord ignores it.
		const roles = change.roles === undefined ? member.roles : [...new Set(change.roles)].filter((id) => id !== state.guildId);
		for (const id of roles) if (!state.roles.has(id)) throw unknown.role();
		const added = roles.filter((id) => !member.roles.includes(id));
		const removed = member.roles.filter((id) => !roles.includes(id));
		const touchesRoles = added.length + removed.length > 0;
		if (nickChanges || touchesRoles) {
			const self = userId === state.botUserId;
			if (!self && (userId === state.ownerId || state.highestPosition(userId) >= botTop)) throw missingPermissions();
			if (nickChanges && !(botPermissions & (self ? P.ChangeNickname | P.ManageNicknames : P.ManageNicknames))) throw missingPermissions();
			if (touchesRoles && !(botPermissions & P.ManageRoles)) throw missingPermissions();
			for (const id of [...added, ...removed]) {
				const role = state.roles.get(id)!;
				if (role.position >= botTop || role.managed || id === state.guildId) throw missingPermissions();
			}
		}
		const user = state.users.get(userId)!;
		const at = this.core.clock();
		if (nickChanges) {
			this.core.events.push({ kind: 'nick', at, userId, username: user.username, before: member.nick, after: change.nick ?? null });
			member.nick = change.nick ?? null;
		}
		member.roles = roles;
		for (const id of added) this.core.events.push({ kind: 'role.add', at, userId, username: user.username, role: state.roles.get(id)!.name });
		for (const id of removed) this.core.events.push({ kind: 'role.remove', at, userId, username: user.username, role: state.roles.get(id)!.name });
		if (nickChanges || touchesRoles) this.core.gateway.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { guild_id: state.guildId, ...state.apiMember(userId) }, I.GuildMembers);
		return state.apiMember(userId);
	}

	/** REQUEST_GUILD_MEMBERS: filter by ids or username/nick prefix, then chunks of at most 1000. */
	public memberChunks(request: MemberRequest): GatewayGuildMembersChunkDispatchData[] {
		const { state } = this.core;
		const userIds = request.user_ids === undefined ? undefined : [request.user_ids].flat();
		const query = (request.query ?? '').toLowerCase();
		let ids: string[];
		if (userIds) ids = userIds.filter((id) => state.members.has(id));
		else {
			ids = [...state.members.keys()].filter((id) => {
				const member = state.members.get(id)!;
				const user = state.users.get(id)!;
				return query === '' || user.username.toLowerCase().startsWith(query) || (member.nick?.toLowerCase().startsWith(query) ?? false);
			});
			const limit = request.limit ?? 0;
			if (limit > 0 || query !== '') ids = ids.slice(0, limit > 0 ? Math.min(limit, 100) : 100);
		}
		const notFound = userIds ? userIds.filter((id) => !state.members.has(id)) : [];
		const count = Math.max(1, Math.ceil(ids.length / 1000));
		return Array.from({ length: count }, (_, index) => ({
			guild_id: state.guildId,
			members: ids.slice(index * 1000, (index + 1) * 1000).map((id) => state.apiMember(id)),
			chunk_index: index,
			chunk_count: count,
			...(index === 0 && notFound.length > 0 ? { not_found: notFound } : {}),
			...(request.nonce ? { nonce: request.nonce } : {})
		}));
	}

	#application(): ApplicationPayload {
		const { state } = this.core;
		return {
			id: state.applicationId,
			name: state.users.get(state.botUserId)!.username,
			icon: null,
			description: 'Conference bot (stand-in)',
			type: null,
			bot: state.apiUser(state.botUserId),
			bot_public: false,
			bot_require_code_grant: false,
			// Optional in the spec; discord.py 2.2 reads it unconditionally, and an empty list is what an app without RPC has.
			rpc_origins: [],
			flags: NO_APPLICATION_FLAGS,
			flags_new: '0',
			verify_key: '0'.repeat(64),
			owner: state.apiUser(state.ownerId),
			team: null,
			summary: '',
			redirect_uris: [],
			interactions_endpoint_url: null,
			tags: [],
			role_connections_verification_url: null,
			approximate_guild_count: 1,
			approximate_user_install_count: 0,
			approximate_user_authorization_count: 0,
			explicit_content_filter: 0,
			eligible_oauth2_scopes: [],
			integration_types_config: { [ApplicationIntegrationType.GuildInstall]: {} }
		};
	}

	#requireSomething(body: MessageInput & { sticker_ids?: unknown[]; poll?: unknown }, files: UploadedFile[]): void {
		const empty = !body.content && !body.embeds?.length && !body.components?.length && files.length === 0 && !body.sticker_ids?.length && !body.poll;
		if (empty) throw new DiscordApiError(400, 50006, 'Cannot send an empty message');
	}

	#guild(params: Record<string, string>): string {
		if (params.guild_id !== this.core.state.guildId) throw unknown.guild();
		return params.guild_id;
	}

	#user(id: string): string {
		if (!this.core.state.users.has(id)) throw unknown.user();
		return id;
	}

	/** Discord refuses a bot's DM when the user closed DMs from server members, or shares no server with the bot any more. */
	#mayDirectMessage(userId: string): void {
		const { state } = this.core;
		if (state.closedDMs.has(userId) || !state.members.has(userId)) throw new DiscordApiError(403, 50007, 'Cannot send messages to this user');
	}

	/** A channel the bot can use with all of `needed` permissions (50001 without VIEW_CHANNEL, 50013 otherwise). */
	#channel(id: string, needed: bigint): ChannelRecord {
		const { state } = this.core;
		const channel = state.channels.get(id);
		if (!channel) throw unknown.channel();
		const permissions = state.channelPermissions(state.botUserId, id);
		if (!(permissions & P.ViewChannel)) throw missingAccess();
		if ((permissions & needed) !== needed) throw missingPermissions();
		return channel;
	}

	#message(channelId: string, messageId: string): MessageRecord {
		const message = this.core.state.messages.get(channelId)?.find((candidate) => candidate.id === messageId);
		if (!message) throw unknown.message();
		return message;
	}

	#pinned(channelId: string): MessageRecord[] {
		this.#channel(channelId, P.ViewChannel | P.ReadMessageHistory);
		return this.core.state.messages.get(channelId)!.filter((message) => message.pinned).reverse();
	}

	#pin(channelId: string, messageId: string, pinned: boolean): Reply {
		this.#channel(channelId, P.ViewChannel | P.ManageMessages);
		const message = this.#message(channelId, messageId);
		if (message.pinned !== pinned) {
			message.pinned = pinned;
			this.core.gateway.dispatch(GatewayDispatchEvents.ChannelPinsUpdate, { guild_id: this.core.state.guildId, channel_id: channelId, last_pin_timestamp: this.core.clock().toISOString() }, I.Guilds);
		}
		return noContent();
	}

	#listMessages(channelId: string, query: URLSearchParams): Reply {
		this.#channel(channelId, P.ViewChannel | P.ReadMessageHistory);
		const limit = Math.min(Number(query.get('limit') ?? 50), 100);
		const all = [...this.core.state.messages.get(channelId)!].reverse();
		const before = query.get('before');
		const after = query.get('after');
		let selected = all;
		if (before) selected = all.filter((message) => BigInt(message.id) < BigInt(before));
		else if (after) selected = all.filter((message) => BigInt(message.id) > BigInt(after)).slice(-limit);
		return ok(selected.slice(0, limit).map((message) => this.messages.api(message)) satisfies RESTGetAPIChannelMessagesResult);
	}

	#commands(params: Record<string, string>, guildId: string | null): CommandRecord[] {
		if (params.application_id !== this.core.state.applicationId) throw new DiscordApiError(403, 50001, 'Missing Access');
		return this.core.state.commands.filter((command) => command.guildId === guildId);
	}

	#apiCommand(command: CommandRecord): APIApplicationCommand {
		const { body } = command;
		return {
			default_member_permissions: null,
			nsfw: false,
			contexts: null,
			integration_types: [ApplicationIntegrationType.GuildInstall],
			...body,
			type: body.type ?? ApplicationCommandType.ChatInput,
			description: ('description' in body ? body.description : undefined) ?? '',
			id: command.id,
			application_id: this.core.state.applicationId,
			version: command.version,
			...(command.guildId ? { guild_id: command.guildId } : {})
		};
	}

	/** Bulk overwrite keeps the ids of commands whose name and type stay, like Discord. */
	#overwriteCommands(params: Record<string, string>, guildId: string | null, bodies: CommandRecord['body'][]): RESTPutAPIApplicationCommandsResult {
		const previous = this.#commands(params, guildId);
		const { commands } = this.core.state;
		for (const old of previous) commands.splice(commands.indexOf(old), 1);
		const next = bodies.map((body) => {
			const kept = previous.find((old) => old.body.name === body.name && (old.body.type ?? 1) === (body.type ?? 1));
			return { id: kept?.id ?? this.core.ids.next(), guildId, version: this.core.ids.next(), body };
		});
		commands.push(...next);
		this.core.events.push({ kind: 'commands', at: this.core.clock(), scope: guildId ? 'guild' : 'global', names: next.map((command) => command.body.name) });
		return next.map((command) => this.#apiCommand(command));
	}

	#upsertCommand(params: Record<string, string>, guildId: string | null, body: CommandRecord['body']): Reply {
		const existing = this.#commands(params, guildId).find((old) => old.body.name === body.name && (old.body.type ?? 1) === (body.type ?? 1));
		if (existing) {
			existing.body = body;
			existing.version = this.core.ids.next();
			return ok(this.#apiCommand(existing));
		}
		const command = { id: this.core.ids.next(), guildId, version: this.core.ids.next(), body };
		this.core.state.commands.push(command);
		return ok(this.#apiCommand(command), 201);
	}

	#patchCommand(params: Record<string, string>, guildId: string | null, body: Partial<CommandRecord['body']>): Reply {
		const command = this.#commands(params, guildId).find((old) => old.id === params.command_id);
		if (!command) throw unknown.command();
		// The spec checked the patch; laid over the stored body it gives a whole body of the same kind.
		command.body = { ...command.body, ...body } as CommandRecord['body'];
		command.version = this.core.ids.next();
		return ok(this.#apiCommand(command));
	}

	#deleteCommand(params: Record<string, string>, guildId: string | null): Reply {
		const command = this.#commands(params, guildId).find((old) => old.id === params.command_id);
		if (!command) throw unknown.command();
		this.core.state.commands.splice(this.core.state.commands.indexOf(command), 1);
		return noContent();
	}
}

/**
 * Discord gives every component of a message an `id` (the spec's responses require one): the sender's own where it
 * set one, otherwise the next number in depth-first order, skipping ids already taken.
 */
function numberComponents(components: APIMessageTopLevelComponent[]): APIMessageTopLevelComponent[] {
	const copy = structuredClone(components);
	const children = (c: Record<string, any>): Record<string, any>[] => [...(c.components ?? []), ...(c.accessory ? [c.accessory] : []), ...(c.component ? [c.component] : [])];
	const taken = new Set<number>();
	const walk = (list: Record<string, any>[], visit: (c: Record<string, any>) => void) => list.forEach((c) => (visit(c), walk(children(c), visit)));
	walk(copy, (c) => typeof c.id === 'number' && taken.add(c.id));
	let next = 1;
	walk(copy, (c) => {
		if (typeof c.id === 'number') return;
		while (taken.has(next)) next++;
		c.id = next++;
	});
	return copy;
}
