import { ComponentType, GatewayDispatchEvents, GatewayIntentBits as I, type GatewayGuildCreateDispatchData, type Locale } from 'discord-api-types/v10';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventLog, type StandInEvent } from './events';
import { FaultInjector, RateLimiter, RequestHolds, type FailureSpec, type HeldRequest, type RateLimitOptions } from './faults';
import { DiscordRateModel } from './rateModel';

/** Discord's interaction token lifetime: edits and follow-ups after it fail with 401 50027. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
import { GatewayServer, type ReadyPayload } from './gateway';
import { GuildApi, type MessageView, type StandInCore } from './guildApi';
import { LayoutApi } from './layoutApi';
import { RestPipeline, writeReply, type RecordedRequest, type RestHandler } from './http';
import { ScheduledEventsApi, type ScheduledEventView } from './scheduledEventsApi';
import { DEFAULT_ACTIVE_THREAD_CAP, ThreadService, type ThreadView } from './threadsApi';
import { findComponent, InteractionTracker, modalFieldValues, type CommandInput, type InteractionResult, type ModalView } from './interactions';
import { SpecValidator, type SpecIssue } from './openapi';
import { demoGuild, type GuildSeed, type MemberSeed } from './seed';
import { SnowflakeFactory, type Clock } from './snowflake';
import { GuildState, NO_APPLICATION_FLAGS, type CommandRecord, type MessageRecord } from './state';

export interface DiscordStandInOptions {
	/** The bot token the client must present (default `standin.bot.token`). */
	token?: string;
	/** Guild to start with (default `demoGuild()`). */
	seed?: GuildSeed;
	/** Source of time for snowflakes, timestamps and the 3 s acknowledgement window (default: the real clock). */
	clock?: Clock;
	/** HELLO heartbeat interval (default 41250 ms like Discord; tests of heartbeats use ~1000). */
	heartbeatIntervalMs?: number;
	/** Interaction callbacks later than this get 404 10062 (default 3000 ms). */
	ackTimeoutMs?: number;
	/** How long runCommand/clickButton/submitModal wait for a final response (default 10000 ms). */
	resultTimeoutMs?: number;
	/**
	 * Rate limiting with headers on every answer (off by default): `{ model: 'discord', scale }` applies Discord's real
	 * limits (rateModel.ts) with every window and the interaction token lifetime divided by `scale`; the older uniform
	 * options remain for the lenient load bench.
	 */
	rateLimits?: RateLimitOptions | { model: 'discord'; scale?: number };
	/** How long an interaction token may be used for edits and follow-ups (default Discord's 15 minutes, divided by a model's scale). */
	tokenLifetimeMs?: number;
	/** Validate the stand-in's own answers against the spec's response schemas into `responseViolations` (default true). */
	validateResponses?: boolean;
	/** Privileged intents the application has enabled (default: all three). */
	allowedPrivilegedIntents?: number;
	/** Active threads the guild may have before Discord answers 160006 (default Discord's ~1000; tests reach it with a handful). */
	activeThreadCap?: number;
}

/** A user in the stand-in guild, as returned by addMember/user(). */
export interface UserRef {
	id: string;
	username: string;
}

export interface MemberView {
	id: string;
	username: string;
	globalName: string | null;
	nick: string | null;
	/** Role names, highest first, without @everyone. */
	roles: string[];
	roleIds: string[];
	joinedAt: Date;
}

/** A member joining later is described like a seeded one. */
export type NewMember = MemberSeed;

type MessageLike = MessageView | InteractionResult | { id: string; channelId: string };

/**
 * A loopback Discord (REST v10 + gateway v10) for the real discord.js client: point it at `restUrl`
 * (`new Client({ rest: { api: standIn.restUrl } })`) and drive users through the actor helpers.
 */
export class DiscordStandIn {
	public readonly token: string;
	/** Discord's limits, when `rateLimits: { model: 'discord' }` was chosen; its stats count what it allowed and refused. */
	public readonly rateModel: DiscordRateModel | undefined;
	public readonly restUrl: string;
	public readonly gatewayUrl: string;
	public readonly port: number;
	readonly #server: Server;
	readonly #state: GuildState;
	readonly #core: StandInCore;
	readonly #api: GuildApi;
	readonly #scheduledEvents: ScheduledEventsApi;
	readonly #threads: ThreadService;
	readonly #interactions: InteractionTracker;
	readonly #pipeline: RestPipeline;
	readonly #faults: FaultInjector;
	readonly #holds = new RequestHolds();
	readonly #gateway: GatewayServer;
	readonly #events = new EventLog();
	readonly #resultTimeoutMs: number;

	private constructor(server: Server, options: DiscordStandInOptions) {
		this.#server = server;
		this.port = (server.address() as AddressInfo).port;
		this.restUrl = `http://127.0.0.1:${this.port}/api`;
		this.gatewayUrl = `ws://127.0.0.1:${this.port}/gateway`;
		this.token = options.token ?? 'standin.bot.token';
		this.#resultTimeoutMs = options.resultTimeoutMs ?? 10_000;
		const clock = options.clock ?? (() => new Date());
		const ids = new SnowflakeFactory(clock);
		this.#state = new GuildState(options.seed ?? demoGuild(), ids, clock);
		this.#gateway = new GatewayServer({
			token: this.token,
			heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
			allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? I.GuildMembers | I.GuildPresences | I.MessageContent,
			newSessionId: () => `session-${ids.next()}`,
			readyPayload: () => this.#ready(),
			memberChunks: (request) => this.#api.memberChunks(request),
			resumeUrl: () => this.gatewayUrl
		});
		this.#core = {
			state: this.#state,
			gateway: this.#gateway,
			events: this.#events,
			ids,
			clock,
			gatewayUrl: () => this.gatewayUrl,
			attachmentBaseUrl: () => `http://127.0.0.1:${this.port}/attachments`
		};
		this.#threads = new ThreadService(this.#core, () => this.#api.messages, options.activeThreadCap ?? DEFAULT_ACTIVE_THREAD_CAP);
		this.#api = new GuildApi(this.#core, this.#threads);
		this.#scheduledEvents = new ScheduledEventsApi(this.#core);
		const model = options.rateLimits && 'model' in options.rateLimits ? new DiscordRateModel({ scale: options.rateLimits.scale }, clock) : undefined;
		this.rateModel = model;
		this.#interactions = new InteractionTracker(this.#core, this.#api.messages, {
			// The 3 s acknowledgement window stays real whatever the scale: it measures the bot, not Discord's buckets.
			ackTimeoutMs: options.ackTimeoutMs ?? 3000,
			tokenLifetimeMs: options.tokenLifetimeMs ?? TOKEN_LIFETIME_MS / (model?.scale ?? 1)
		});
		const channelRoutes = { ...this.#api.routes, ...new LayoutApi(this.#core).routes };
		const routes = new Map<string, RestHandler>(
			Object.entries({ ...channelRoutes, ...this.#scheduledEvents.routes, ...this.#interactions.routes, ...this.#threads.routes(channelRoutes) })
		);
		this.#faults = new FaultInjector(clock);
		this.#pipeline = new RestPipeline({
			token: this.token,
			spec: SpecValidator.shared(),
			faults: this.#faults,
			holds: this.#holds,
			rateLimiter: model ?? (options.rateLimits && !('model' in options.rateLimits) ? new RateLimiter(options.rateLimits, clock) : undefined),
			validateResponses: options.validateResponses ?? true,
			clock,
			route: (method, route) => {
				const handler = routes.get(`${method} ${route}`);
				// Every answer sees the threads Discord would have auto-archived by now.
				return handler && ((call) => (this.#threads.sweep(), handler(call)));
			},
			limits: (call) => this.#api.limits(call)
		});
		server.on('request', (req: IncomingMessage, res: ServerResponse) => this.#onRequest(req, res));
		server.on('upgrade', (req, socket, head) => this.#gateway.handleUpgrade(req, socket, head));
	}

	/** Starts on 127.0.0.1 with an OS-assigned port. */
	public static async start(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new DiscordStandIn(server, options);
	}

	public get guild(): { id: string; name: string; ownerId: string } {
		return { id: this.#state.guildId, name: this.#state.name, ownerId: this.#state.ownerId };
	}

	public get botUser(): UserRef {
		return this.#ref(this.#state.botUserId);
	}

	public get applicationId(): string {
		return this.#state.applicationId;
	}

	/** Every REST request, in arrival order. */
	/** Edits and follow-ups the bot tried on interaction tokens that had expired (401 50027). */
	public get deadTokenRequests(): number {
		return this.#interactions.deadTokenRequests;
	}

	public get requests(): readonly RecordedRequest[] {
		return this.#pipeline.requests;
	}

	/** Requests the OpenAPI spec (or a stricter Discord limit) rejects; each was answered 400/404. */
	public get specViolations(): readonly SpecIssue[] {
		return this.#pipeline.specViolations;
	}

	/** The stand-in's own answers that the spec's response schemas reject (a stand-in bug, not a bot bug). */
	public get responseViolations(): readonly SpecIssue[] {
		return this.#pipeline.responseViolations;
	}

	public specReport(): { validated: number; violations: number; byRoute: Record<string, { validated: number; violations: number }> } {
		return this.#pipeline.report();
	}

	public get events(): readonly StandInEvent[] {
		return this.#events.events;
	}

	public get gatewayStats(): { identified: number; resumed: number; heartbeats: number; zlibStreams: number; connected: number } {
		return this.#gateway.stats;
	}

	/** Readable guild history: `#registration-log  usher: …`, `@alice +role Participants`, … one line per event. */
	public formatTranscript(): string {
		return this.#events.format();
	}

	/** Text with `<@id>`, `<@&id>` and `<#id>` shown as @name, @role and #channel, for transcripts people read. */
	public readable(text: string): string {
		const state = this.#state;
		return text
			.replace(/<@!?(\d+)>/g, (whole, id: string) => (state.users.has(id) ? `@${state.users.get(id)!.username}` : whole))
			.replace(/<@&(\d+)>/g, (whole, id: string) => (state.roles.has(id) ? `@${state.roles.get(id)!.name}` : whole))
			.replace(/<#(\d+)>/g, (whole, id: string) => (state.channels.has(id) ? `#${state.channels.get(id)!.name}` : whole))
			// A relative timestamp as a client shows it at the moment (Discord's clients count it down).
			.replace(/<t:(-?\d+):R>/g, (_, seconds: string) => relativeTime(Number(seconds) * 1000 - this.#core.clock().getTime()));
	}

	/** First event (already logged or future) matching `predicate`. */
	public waitFor(predicate: (event: StandInEvent) => boolean, timeoutMs = 5000): Promise<StandInEvent> {
		return this.#events.waitFor(predicate, timeoutMs);
	}

	/** Makes the next matching request(s) fail; 429s carry Retry-After and X-RateLimit-* headers. */
	public failNext(spec: FailureSpec): void {
		this.#faults.add(spec);
	}

	/** Holds the next request matching `route` (as in failNext) before Discord acts on it, until `release()`; `arrived` resolves once one is held. */
	public holdNext(route: RegExp | string): HeldRequest {
		return this.#holds.add(route);
	}

	/** Roles, highest first, with what the layout cares about. */
	public roles(): Array<{ name: string; color: number; hoist: boolean; mentionable: boolean; permissions: bigint; position: number }> {
		return [...this.#state.roles.values()]
			.sort((a, b) => b.position - a.position)
			.map(({ name, color, hoist, mentionable, permissions, position }) => ({ name, color, hoist, mentionable, permissions, position }));
	}

	/** Guild channels (threads are listed by `threadsIn`) with their category's name and overwrites by role name. */
	public channels(): Array<{ id: string; name: string; type: number; category: string | null; topic: string | null; overwrites: Record<string, { allow: bigint; deny: bigint }> }> {
		const state = this.#state;
		return state
			.guildChannels()
			.map((channel) => ({
				id: channel.id,
				name: channel.name,
				type: channel.type,
				category: channel.parentId ? (state.channels.get(channel.parentId)?.name ?? null) : null,
				topic: channel.topic,
				overwrites: Object.fromEntries(channel.overwrites.map((o) => [state.roles.get(o.id)?.name ?? o.id, { allow: o.allow, deny: o.deny }]))
			}));
	}

	/** Closes every gateway socket with `code` (default 4000, resumable); the client is expected to RESUME. */
	public disconnectGateway(code = 4000): void {
		this.#gateway.disconnect(code);
	}

	/** The language `ref`'s Discord client runs in, sent as `locale` with each of their interactions. */
	public setLocale(ref: UserRef | string, locale: Locale): void {
		this.#state.userLocales.set(this.#user(ref).id, locale);
	}

	/** `ref` turns off (or back on) "Allow direct messages from server members": the bot's DMs to them get 403 50007. */
	public setDMsOpen(ref: UserRef | string, open: boolean): void {
		const id = this.#user(ref).id;
		if (open) this.#state.closedDMs.delete(id);
		else this.#state.closedDMs.add(id);
	}

	/** The server's language (Server Settings → Community), sent as `guild_locale` with each interaction. */
	public setGuildLocale(locale: Locale): void {
		this.#state.preferredLocale = locale;
	}

	public addMember(member: NewMember): UserRef {
		const state = this.#state;
		const user = state.addUser({ username: member.username, globalName: member.globalName ?? null, bot: member.bot ?? false });
		const roles = (member.roles ?? []).map((name) => this.role(name).id);
		state.members.set(user.id, { userId: user.id, nick: member.nick ?? null, roles, joinedAt: member.joinedAt ?? this.#core.clock() });
		this.#events.push({ kind: 'member.join', at: this.#core.clock(), userId: user.id, username: user.username });
		this.#gateway.dispatch(GatewayDispatchEvents.GuildMemberAdd, { guild_id: state.guildId, ...state.apiMember(user.id) }, I.GuildMembers);
		return this.#ref(user.id);
	}

	/** A user who left joins again: same account, no roles and no nickname, as on Discord. */
	public rejoin(ref: UserRef | string): UserRef {
		const state = this.#state;
		const id = this.#resolve(ref).id;
		if (state.members.has(id)) throw new Error(`Discord stand-in: @${state.users.get(id)!.username} is still a member`);
		const user = state.users.get(id)!;
		state.members.set(id, { userId: id, nick: null, roles: [], joinedAt: this.#core.clock() });
		this.#events.push({ kind: 'member.join', at: this.#core.clock(), userId: id, username: user.username });
		this.#gateway.dispatch(GatewayDispatchEvents.GuildMemberAdd, { guild_id: state.guildId, ...state.apiMember(id) }, I.GuildMembers);
		return this.#ref(id);
	}

	public removeMember(ref: UserRef | string): void {
		const id = this.#resolve(ref).id;
		const user = this.#state.users.get(id)!;
		this.#state.members.delete(id);
		this.#events.push({ kind: 'member.leave', at: this.#core.clock(), userId: id, username: user.username });
		this.#gateway.dispatch(GatewayDispatchEvents.GuildMemberRemove, { guild_id: this.#state.guildId, user: this.#state.apiUser(id) }, I.GuildMembers);
	}

	/** A seeded or added user by username. */
	public user(username: string): UserRef {
		return this.#resolve(username);
	}

	public member(ref: UserRef | string): MemberView {
		const { id } = this.#resolve(ref);
		const member = this.#state.members.get(id);
		if (!member) throw new Error(`Discord stand-in: @${this.#state.users.get(id)!.username} is not a member`);
		const user = this.#state.users.get(id)!;
		const roles = member.roles.map((roleId) => this.#state.roles.get(roleId)!).sort((a, b) => b.position - a.position);
		return {
			id,
			username: user.username,
			globalName: user.globalName,
			nick: member.nick,
			roles: roles.map((role) => role.name),
			roleIds: roles.map((role) => role.id),
			joinedAt: member.joinedAt
		};
	}

	/** Every member of the guild now, in join order of the stand-in's records. */
	public members(): MemberView[] {
		return [...this.#state.members.keys()].map((id) => this.member({ id, username: this.#state.users.get(id)!.username }));
	}

	public role(name: string): { id: string; name: string; position: number } {
		const role = this.#state.roleByName(name);
		if (!role) throw new Error(`Discord stand-in: no role "${name}"`);
		return { id: role.id, name: role.name, position: role.position };
	}

	public channel(name: string): { id: string; name: string; topic: string | null; type: number } {
		const channel = this.#state.channelByName(name.replace(/^#/, ''));
		if (!channel) throw new Error(`Discord stand-in: no channel #${name}`);
		return { id: channel.id, name: channel.name, topic: channel.topic, type: channel.type };
	}

	/** Messages in a guild channel, oldest first (ephemeral replies are not in channels: read them from the InteractionResult). */
	public messagesIn(channelName: string): MessageView[] {
		return this.#state.messages.get(this.channel(channelName).id)!.map((message) => this.#api.messages.view(message));
	}

	/** Threads of a text or announcement channel, oldest first, with their archive state as of the stand-in's clock. */
	public threadsIn(channelName: string): ThreadView[] {
		this.#threads.sweep();
		const parentId = this.channel(channelName).id;
		return this.#state
			.threads()
			.filter((channel) => channel.parentId === parentId)
			.map((channel) => this.#threads.view(channel));
	}

	public thread(id: string): ThreadView | undefined {
		this.#threads.sweep();
		const channel = this.#state.channels.get(id);
		return channel?.thread ? this.#threads.view(channel) : undefined;
	}

	/** Messages in a thread, oldest first. */
	public messagesInThread(threadId: string): MessageView[] {
		if (!this.#state.channels.get(threadId)?.thread) throw new Error(`Discord stand-in: no thread ${threadId}`);
		return this.#state.messages.get(threadId)!.map((message) => this.#api.messages.view(message));
	}

	/** Threads not archived, public and private, in the guild. */
	public activeThreadCount(): number {
		this.#threads.sweep();
		return this.#threads.activeCount();
	}

	/** How many active threads the guild may have before Discord answers 160006 (Discord's is about 1000). */
	public setActiveThreadCap(cap: number): void {
		this.#threads.setActiveCap(cap);
	}

	/** The DM conversation between the bot and `ref`, oldest first. */
	public dmsWith(ref: UserRef | string): MessageView[] {
		const channel = this.#state.dmChannelOf(this.#resolve(ref).id);
		return this.#state.messages.get(channel.id)!.map((message) => this.#api.messages.view(message));
	}

	public findMessage(channelName: string, predicate: (message: MessageView) => boolean = () => true): MessageView | undefined {
		return this.messagesIn(channelName).find(predicate);
	}

	/** Attachment bytes by the URL the stand-in gave out (also served over HTTP). */
	public attachment(url: string): Buffer | undefined {
		const [, channelId, attachmentId] = /\/attachments\/(\d+)\/(\d+)\//.exec(url) ?? [];
		return this.#findAttachment(channelId, attachmentId);
	}

	/** Registered application commands (`guild` or `global`), as the bot sent them plus their ids. */
	public commands(scope: 'guild' | 'global' = 'guild'): Array<{ id: string; name: string; body: CommandRecord['body'] }> {
		const guildId = scope === 'guild' ? this.#state.guildId : null;
		return this.#state.commands.filter((command) => command.guildId === guildId).map((command) => ({ id: command.id, name: command.body.name, body: command.body }));
	}

	/** The guild's scheduled events (completed ones too), in creation order, with their status as of the stand-in's clock. */
	public scheduledEvents(): ScheduledEventView[] {
		return this.#scheduledEvents.all();
	}

	/** Members click "Interested" on a scheduled event (what its `user_count` counts). */
	public markInterested(eventId: string, refs: ReadonlyArray<UserRef | string>): void {
		this.#scheduledEvents.markInterested(eventId, refs.map((ref) => this.#resolve(ref).id));
	}

	/** A user's plain message in a channel, or in a thread given by id (dispatched as MESSAGE_CREATE; it unarchives an archived, unlocked thread). */
	public postMessage(ref: UserRef | string, channelName: string, content: string): MessageView {
		this.#threads.sweep();
		const thread = this.#state.channels.get(channelName)?.thread ? channelName : undefined;
		const message = this.#api.messages.create(thread ?? this.channel(channelName).id, this.#resolve(ref).id, { content }, []);
		return this.#api.messages.view(message);
	}

	/** Runs a registered slash command as `ref` and resolves with its final visible response. */
	public runCommand(ref: UserRef | string, name: string, input: CommandInput & { timeoutMs?: number } = {}): Promise<InteractionResult> {
		this.#threads.sweep();
		return this.#await(this.#interactions.command(this.#user(ref), name, input), input.timeoutMs);
	}

	/** Types `typed` into an autocomplete option of a command, as a member does; the result's `choices` are what the list shows. */
	public autocomplete(ref: UserRef | string, name: string, input: CommandInput & { focused: string; typed: string; timeoutMs?: number }): Promise<InteractionResult> {
		return this.#await(this.#interactions.autocomplete(this.#user(ref), name, input), input.timeoutMs);
	}

	/**
	 * Clicks a button on a channel message, an ephemeral reply or an InteractionResult's message: the one with
	 * `customId`, or with `{ label }` as a person would (the first button showing that label).
	 */
	public clickButton(ref: UserRef | string, message: MessageLike, button: string | { label: string }, options: { timeoutMs?: number } = {}): Promise<InteractionResult> {
		this.#threads.sweep();
		const record = this.#message(message);
		const customId = typeof button === 'string' ? button : findComponent(record.components, (c) => c.type === ComponentType.Button && c.label === button.label)?.custom_id;
		if (customId === undefined) throw new Error(`Discord stand-in: message ${record.id} has no button labelled "${(button as { label: string }).label}"`);
		return this.#await(this.#interactions.component(this.#user(ref), record, customId), options.timeoutMs);
	}

	/** Picks `values` in the select menu with `customId`. */
	public selectMenu(ref: UserRef | string, message: MessageLike, customId: string, values: string[], options: { timeoutMs?: number } = {}): Promise<InteractionResult> {
		return this.#await(this.#interactions.component(this.#user(ref), this.#message(message), customId, values), options.timeoutMs);
	}

	/**
	 * Submits a modal the bot showed, with values keyed by each input's custom_id, or as a list in the order the
	 * fields appear (what a person typing top to bottom knows).
	 */
	public submitModal(ref: UserRef | string, modal: ModalView, values: Record<string, string | string[]> | string[], options: { timeoutMs?: number } = {}): Promise<InteractionResult> {
		const keyed = Array.isArray(values) ? modalFieldValues(modal, values) : values;
		return this.#await(this.#interactions.modalSubmit(this.#user(ref), modal, keyed), options.timeoutMs);
	}

	/** The last modal the bot showed `ref`, or undefined when it never showed one. */
	public lastModal(ref: UserRef | string): ModalView | undefined {
		const { username } = this.#resolve(ref);
		const shown = this.#events.events.findLast((event) => event.kind === 'modal' && event.username === username);
		return shown?.kind === 'modal' ? this.#interactions.modal(shown.interactionId) : undefined;
	}

	public async close(): Promise<void> {
		await this.#gateway.close();
		this.#server.closeAllConnections();
		await new Promise<void>((resolve) => this.#server.close(() => resolve()));
	}

	#ready(): { ready: ReadyPayload; guildCreate: GatewayGuildCreateDispatchData } {
		const state = this.#state;
		return {
			ready: {
				v: 10,
				user: { ...state.apiUser(state.botUserId), verified: true, mfa_enabled: false, email: null },
				guilds: [{ id: state.guildId, unavailable: true }],
				private_channels: [],
				relationships: [],
				presences: [],
				guild_join_requests: [],
				geo_ordered_rtc_regions: ['rotterdam'],
				application: { id: state.applicationId, flags: NO_APPLICATION_FLAGS }
			},
			guildCreate: (this.#threads.sweep(), state.gatewayGuild())
		};
	}

	async #await(started: { id: string; done: Promise<InteractionResult> }, timeoutMs = this.#resultTimeoutMs): Promise<InteractionResult> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`Discord stand-in: ${this.#interactions.describe(started.id)} within ${timeoutMs} ms`)), timeoutMs);
		});
		try {
			return await Promise.race([started.done, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	#onRequest(req: IncomingMessage, res: ServerResponse): void {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const api = /^\/api\/v10(\/.*)$/.exec(url.pathname);
		const attachment = /^\/attachments\/(\d+)\/(\d+)\/[^/]+$/.exec(url.pathname);
		if (api) {
			this.#pipeline.handle(req, res, api[1], url.searchParams).catch((error: Error) => {
				if (!res.headersSent) writeReply(res, { status: 500, body: { message: `stand-in failure: ${error.message}`, code: 0 } });
			});
		} else if (attachment && req.method === 'GET') {
			const data = this.#findAttachment(attachment[1], attachment[2]);
			if (data) res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(data);
			else writeReply(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
		} else writeReply(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
	}

	#findAttachment(channelId: string | undefined, attachmentId: string | undefined): Buffer | undefined {
		if (!channelId || !attachmentId) return undefined;
		const candidates = [...(this.#state.messages.get(channelId) ?? []), ...this.#api.messages.ephemeral.values()];
		for (const message of candidates) {
			const found = message.attachments.find((a) => a.id === attachmentId);
			if (found) return found.data;
		}
		return undefined;
	}

	#resolve(ref: UserRef | string): UserRef {
		const user = typeof ref === 'string' ? this.#state.userByName(ref) : this.#state.users.get(ref.id);
		if (!user) throw new Error(`Discord stand-in: no user ${typeof ref === 'string' ? ref : ref.username}`);
		return { id: user.id, username: user.username };
	}

	#user(ref: UserRef | string) {
		return this.#state.users.get(this.#resolve(ref).id)!;
	}

	#ref(id: string): UserRef {
		return { id, username: this.#state.users.get(id)!.username };
	}

	#message(like: MessageLike): MessageRecord {
		const view = 'interactionId' in like ? like.message : like;
		if (!view) throw new Error('Discord stand-in: that interaction result has no message to interact with');
		const message = this.#api.messages.find(view.channelId, view.id);
		if (!message) throw new Error(`Discord stand-in: message ${view.id} no longer exists`);
		return message;
	}
}

/** "in 40 seconds", "in 3 minutes", "2 minutes ago": roughly what Discord's clients render for `<t:…:R>`. */
function relativeTime(ms: number): string {
	const seconds = Math.round(Math.abs(ms) / 1000);
	const amount = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : seconds < 3600 ? `${Math.round(seconds / 60)} minute${Math.round(seconds / 60) === 1 ? '' : 's'}` : `${Math.round(seconds / 3600)} hours`;
	return ms >= 0 ? `in ${amount}` : `${amount} ago`;
}
