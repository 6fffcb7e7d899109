// Real discord.js structures for unit tests, built from discord-api-types-shaped raw data (the JSON Discord sends).
//
// How requests are observed: the Client's REST (@discordjs/rest) is given a `makeRequest` (a documented REST option:
// "the method called to perform the actual HTTP request"). Everything above the network runs for real: discord.js
// builds the route and body, @discordjs/rest adds headers (X-Audit-Log-Reason), queues per bucket and turns a 4xx
// into a DiscordAPIError. `FakeDiscord` only records each request and answers it, so a test asserts on what would have
// gone over the wire. Overriding `rest.request` instead would skip the header and error handling the bot relies on.
import {
	ChannelType,
	Client,
	ClientUser,
	InteractionType,
	ComponentType,
	ApplicationCommandType,
	ChatInputCommandInteraction,
	ModalSubmitInteraction,
	SnowflakeUtil,
	type ClientOptions,
	type RESTOptions,
	type Guild,
	type GuildMember,
	type Role,
	type TextChannel
} from 'discord.js';
import type {
	APIChatInputApplicationCommandInteraction,
	APIGuild,
	APIGuildMember,
	APIMessage,
	APIModalSubmitInteraction,
	APIRole,
	APITextChannel,
	APIUser
} from 'discord-api-types/v10';

/** One request as it left @discordjs/rest: the route without the `/api/v10` prefix, the parsed JSON body, the headers. */
export interface RecordedRequest {
	method: string;
	/** E.g. `/guilds/1/members/2`. */
	path: string;
	query: URLSearchParams;
	body: unknown;
	headers: Record<string, string>;
	/** `X-Audit-Log-Reason`, decoded; undefined when none was sent. */
	reason: string | undefined;
	/** What FakeDiscord answered (set once answered). */
	response?: FakeResponse;
}

export interface FakeResponse {
	status: number;
	body?: unknown;
}

/** Answers one request, or returns undefined to leave it to the next handler (and in the end to the defaults). */
export type RequestHandler = (request: RecordedRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

/** A JSON error the way Discord sends one, e.g. `apiError(403, 50013, 'Missing Permissions')`. */
export function apiError(status: number, code: number, message: string): FakeResponse {
	return { status, body: { code, message } };
}

/** A fresh snowflake for `at` (now by default), increasing across the test run; interactions read their age from it. */
export function snowflake(at: Date = new Date()): string {
	return SnowflakeUtil.generate({ timestamp: at }).toString();
}

/**
 * The Discord API as seen by `makeRequest`: records every request and answers it. Tests add handlers with `on()`;
 * what no handler answers gets a plausible default (a sent or edited message echoes its body, a member PATCH echoes
 * the member, an interaction callback is 204), and anything else is a 404 so a surprising request fails loudly.
 */
export class FakeDiscord {
	public readonly requests: RecordedRequest[] = [];
	private readonly handlers: RequestHandler[] = [];

	/** Handlers added later are asked first. */
	public on(handler: RequestHandler): this {
		this.handlers.unshift(handler);
		return this;
	}

	/** Requests to `method` on paths matching `path`. */
	public matching(method: string, path: RegExp): RecordedRequest[] {
		return this.requests.filter((request) => request.method === method && path.test(request.path));
	}

	/** The REST option: receives what @discordjs/rest would hand to fetch, answers with a fetch Response. */
	public readonly makeRequest: RESTOptions['makeRequest'] = async (url, init) => {
		const parsed = new URL(url);
		const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).entries());
		const reason = headers['x-audit-log-reason'];
		const request: RecordedRequest = {
			method: (init.method ?? 'GET').toUpperCase(),
			path: decodeURIComponent(parsed.pathname).replace(/^\/api\/v\d+/, ''),
			query: parsed.searchParams,
			body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
			headers,
			reason: reason === undefined ? undefined : decodeURIComponent(reason)
		};
		this.requests.push(request);
		let answer: FakeResponse | undefined;
		for (const handler of this.handlers) if ((answer = await handler(request))) break;
		answer ??= defaultAnswer(request);
		request.response = answer;
		if (answer.status === 204 || answer.body === undefined) return new Response(null, { status: answer.status });
		return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
	};
}

function defaultAnswer(request: RecordedRequest): FakeResponse {
	const body = (request.body ?? {}) as Record<string, unknown>;
	const channelMessage = /^\/channels\/(\d+)\/messages$/.exec(request.path);
	if (request.method === 'POST' && channelMessage) return { status: 200, body: rawMessage(channelMessage[1]!, body) };
	if (request.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path)) return { status: 204 };
	if (['PATCH', 'POST'].includes(request.method) && /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(request.path)) return { status: 200, body: rawMessage(snowflake(), body) };
	const member = /^\/guilds\/\d+\/members\/(\d+)$/.exec(request.path);
	if (request.method === 'PATCH' && member) return { status: 200, body: { ...rawMember({ id: member[1]! }), ...(body.roles ? { roles: body.roles } : {}), ...('nick' in body ? { nick: body.nick } : {}) } };
	return apiError(404, 0, `FakeDiscord has no answer for ${request.method} ${request.path}`);
}

function rawMessage(channelId: string, body: Record<string, unknown>): APIMessage {
	return {
		id: snowflake(),
		channel_id: channelId,
		author: rawUser({ id: BOT_USER_ID, username: 'usher', bot: true }),
		content: typeof body.content === 'string' ? body.content : '',
		timestamp: new Date().toISOString(),
		edited_timestamp: null,
		tts: false,
		mention_everyone: false,
		mentions: [],
		mention_roles: [],
		attachments: [],
		embeds: Array.isArray(body.embeds) ? (body.embeds as APIMessage['embeds']) : [],
		pinned: false,
		type: 0
	};
}

export const BOT_USER_ID = '1100000000000000001';
export const APPLICATION_ID = BOT_USER_ID;

/** A discord.js Client that never logs in: its REST goes to `discord`. Call `client.destroy()` when done. */
export function createClient(discord: FakeDiscord): Client {
	// No retries and no background sweeps: a failed request fails at once and the test leaves no timer behind.
	// `unknown` first: @sapphire/plugin-scheduled-tasks augments ClientOptions with a required `tasks`, which a plain Client ignores.
	const client = new Client({
		intents: [],
		rest: { makeRequest: discord.makeRequest, retries: 0, hashSweepInterval: 0, handlerSweepInterval: 0, timeout: 5_000 },
		sweepers: {}
	} as unknown as ClientOptions);
	client.rest.setToken('fake-token-for-tests');
	// What login's READY would set: the bot's own user (discord.js compares member ids with it).
	client.user = construct<ClientUser>(ClientUser, client, rawUser({ id: BOT_USER_ID, username: 'usher', bot: true }));
	return client;
}

export function rawUser(data: Partial<APIUser> & { id: string }): APIUser {
	return { username: `user${data.id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, ...data };
}

export function rawRole(data: Partial<APIRole> & { id: string; name: string }): APIRole {
	return { color: 0, hoist: false, icon: null, unicode_emoji: null, position: 1, permissions: '0', managed: false, mentionable: false, flags: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, ...data } as APIRole;
}

export function rawMember(data: { id: string; roles?: string[]; nick?: string | null; user?: Partial<APIUser> }): APIGuildMember {
	return { user: rawUser({ ...data.user, id: data.id }), roles: data.roles ?? [], nick: data.nick ?? null, joined_at: '2026-07-01T08:00:00.000Z', deaf: false, mute: false, flags: 0 } as unknown as APIGuildMember;
}

export interface GuildData {
	id?: string;
	ownerId?: string;
	/** Roles besides @everyone (whose id is the guild's). */
	roles?: Array<{ id: string; name: string; position?: number }>;
	members?: Array<{ id: string; roles?: string[]; nick?: string | null }>;
}

/** A Guild in `client.guilds`, as a GUILD_CREATE would add it: @everyone, the given roles and members. */
export function createGuild(client: Client, data: GuildData = {}): Guild {
	const id = data.id ?? snowflake();
	const raw = {
		id,
		name: 'Test Conference',
		icon: null,
		splash: null,
		discovery_splash: null,
		owner_id: data.ownerId ?? snowflake(),
		afk_channel_id: null,
		afk_timeout: 300,
		verification_level: 0,
		default_message_notifications: 0,
		explicit_content_filter: 0,
		roles: [rawRole({ id, name: '@everyone', position: 0 }), ...(data.roles ?? []).map((role, index) => rawRole({ position: index + 1, ...role }))],
		emojis: [],
		stickers: [],
		features: [],
		mfa_level: 0,
		application_id: null,
		system_channel_id: null,
		system_channel_flags: 0,
		rules_channel_id: null,
		vanity_url_code: null,
		description: null,
		banner: null,
		premium_tier: 0,
		preferred_locale: 'en-US',
		public_updates_channel_id: null,
		nsfw_level: 0,
		premium_progress_bar_enabled: false,
		safety_alerts_channel_id: null,
		hub_type: null,
		incidents_data: null,
		channels: [],
		members: (data.members ?? []).map((member) => rawMember(member))
	};
	return internal<Guild>(client.guilds)._add(raw as unknown as APIGuild);
}

/** A GuildMember in `guild.members.cache`. */
export function createMember(guild: Guild, data: { id?: string; roles?: string[]; nick?: string | null; username?: string }): GuildMember {
	const id = data.id ?? snowflake();
	return internal<GuildMember>(guild.members)._add(rawMember({ id, ...data, ...(data.username ? { user: { username: data.username } } : {}) }));
}

/** A Role in `guild.roles.cache`. */
export function createRole(guild: Guild, data: { id?: string; name: string; position?: number }): Role {
	return internal<Role>(guild.roles)._add(rawRole({ id: data.id ?? snowflake(), ...data }));
}

/** A guild TextChannel in `guild.channels.cache` (and `client.channels.cache`). */
export function createTextChannel(guild: Guild, data: { id?: string; name: string }): TextChannel {
	const raw: APITextChannel = { id: data.id ?? snowflake(), type: ChannelType.GuildText, guild_id: guild.id, name: data.name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
	return internal<TextChannel>(guild.client.channels)._add(raw, guild);
}

export interface InteractionData {
	/** When Discord created it (now by default); its token lives 15 minutes from then. */
	createdAt?: Date;
}

/** A ModalSubmitInteraction from `member` in `guild`; `fields` maps text input custom ids to what the member typed. */
export function createModalSubmit(guild: Guild, member: GuildMember, customId: string, fields: Record<string, string>, options: InteractionData = {}): ModalSubmitInteraction {
	const raw: APIModalSubmitInteraction = {
		...interactionBase(guild, member, options),
		type: InteractionType.ModalSubmit,
		data: {
			custom_id: customId,
			components: Object.entries(fields).map(([id, value]) => ({ type: ComponentType.ActionRow, components: [{ type: ComponentType.TextInput, custom_id: id, value }] }))
		}
	} as unknown as APIModalSubmitInteraction;
	return construct<ModalSubmitInteraction>(ModalSubmitInteraction, guild.client, raw);
}

/** A ChatInputCommandInteraction of `/name` from `member` in `guild`, without options. */
export function createChatInput(guild: Guild, member: GuildMember, name: string, options: InteractionData = {}): ChatInputCommandInteraction {
	const raw: APIChatInputApplicationCommandInteraction = {
		...interactionBase(guild, member, options),
		type: InteractionType.ApplicationCommand,
		data: { id: snowflake(), name, type: ApplicationCommandType.ChatInput, options: [] }
	} as unknown as APIChatInputApplicationCommandInteraction;
	return construct<ChatInputCommandInteraction>(ChatInputCommandInteraction, guild.client, raw);
}

function interactionBase(guild: Guild, member: GuildMember, options: InteractionData) {
	const channelId = snowflake();
	return {
		id: snowflake(options.createdAt),
		application_id: APPLICATION_ID,
		token: `interaction-token-${snowflake()}`,
		version: 1,
		guild_id: guild.id,
		channel_id: channelId,
		channel: { id: channelId, type: ChannelType.GuildText },
		member: { ...rawMember({ id: member.id, roles: [...member.roles.cache.keys()].filter((id) => id !== guild.id), nick: member.nickname, user: { username: member.user.username } }), permissions: '0' },
		app_permissions: '0',
		locale: 'en-US',
		guild_locale: 'en-US',
		entitlements: [],
		authorizing_integration_owners: {},
		context: 0,
		attachment_size_limit: 8_388_608
	};
}

// discord.js marks these as private (they are how the gateway handlers fill the caches); the tests use them the same way.
function internal<T>(manager: unknown): { _add(...args: unknown[]): T } {
	return manager as { _add(...args: unknown[]): T };
}

// Structures with a private or protected constructor (ClientUser, the interactions) are built the way discord.js builds them.
function construct<T>(structure: object, ...args: unknown[]): T {
	return Reflect.construct(structure as new (...args: unknown[]) => T, args) as T;
}
