import { GatewayDispatchEvents, GatewayIntentBits as I, type APIExternalGuildScheduledEvent, type GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { Reply } from './faults';
import type { StandInCore } from './guildApi';
import { DiscordApiError, unknown, type RestHandler } from './http';

// Discord's guild scheduled events: the cap on uncompleted events, statuses and the one type usher uses.
export const MAX_UNCOMPLETED_EVENTS = 100;
export const EventStatus = { Scheduled: 1, Active: 2, Completed: 3, Canceled: 4 } as const;
const EXTERNAL = 3;
const GUILD_ONLY = 2;
const USERS_PAGE = 100;

const maxEvents = () => new DiscordApiError(400, 30038, `Maximum number of uncompleted guild scheduled events reached (${MAX_UNCOMPLETED_EVENTS})`);
const unknownEvent = () => new DiscordApiError(404, 10070, 'Unknown Guild Scheduled Event');
const invalidField = (field: string, name: string, message: string) =>
	new DiscordApiError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code: 50035, message: `${name}: ${message}` }] } });

export interface ScheduledEventRecord {
	id: string;
	name: string;
	description: string | null;
	start: Date;
	end: Date;
	location: string;
	status: number;
	creatorId: string;
	/** User ids that clicked "Interested", in the order they did. */
	interested: string[];
}

/** A scheduled event as tests see it. */
export type ScheduledEventView = Readonly<Omit<ScheduledEventRecord, 'interested'>> & { userCount: number };

interface EventInput {
	name?: string;
	description?: string | null;
	scheduled_start_time?: string;
	scheduled_end_time?: string | null;
	entity_type?: number | null;
	channel_id?: string | null;
	entity_metadata?: { location?: string };
	status?: number | null;
}

/**
 * Guild scheduled events, EXTERNAL ones as Discord keeps them: at most 100 SCHEDULED or ACTIVE per guild (30038),
 * no start in the past, and the status following the stand-in's clock (SCHEDULED → ACTIVE at start → COMPLETED at end).
 * The status is brought up to date at each request and control call: no timer keeps a test process open.
 */
export class ScheduledEventsApi {
	readonly #events = new Map<string, ScheduledEventRecord>();

	public constructor(private readonly core: StandInCore) {}

	public get routes(): Record<string, RestHandler> {
		const base = '/guilds/{guild_id}/scheduled-events';
		return {
			[`GET ${base}`]: ({ params, query }) => this.#read(params, () => this.#list().map((event) => this.api(event, query.get('with_user_count') === 'true'))),
			[`POST ${base}`]: ({ params, body }) => this.#read(params, () => this.api(this.#create(body as EventInput))),
			[`GET ${base}/{guild_scheduled_event_id}`]: ({ params, query }) => this.#read(params, () => this.api(this.#event(params), query.get('with_user_count') === 'true')),
			[`PATCH ${base}/{guild_scheduled_event_id}`]: ({ params, body }) => this.#read(params, () => this.api(this.#update(this.#event(params), body as EventInput))),
			[`DELETE ${base}/{guild_scheduled_event_id}`]: ({ params }) => (this.#read(params, () => this.#delete(this.#event(params))), { status: 204 }),
			[`GET ${base}/{guild_scheduled_event_id}/users`]: ({ params, query }) => this.#read(params, () => this.#users(this.#event(params), query))
		};
	}

	/** Every event the guild has, completed ones included, in creation order. */
	public all(): ScheduledEventView[] {
		this.advance();
		return [...this.#events.values()].map(({ interested, ...event }) => ({ ...event, userCount: interested.length }));
	}

	/** Members click "Interested" on an event. */
	public markInterested(eventId: string, userIds: readonly string[]): void {
		const event = this.#events.get(eventId);
		if (!event) throw new Error(`Discord stand-in: no scheduled event ${eventId}`);
		for (const userId of userIds) {
			if (event.interested.includes(userId)) continue;
			event.interested.push(userId);
			this.core.gateway.dispatch(GatewayDispatchEvents.GuildScheduledEventUserAdd, { guild_id: this.core.state.guildId, guild_scheduled_event_id: event.id, user_id: userId }, I.GuildScheduledEvents);
		}
	}

	/** Moves events whose start or end has passed on the stand-in's clock, as Discord does for EXTERNAL events. */
	public advance(): void {
		const now = this.core.clock().getTime();
		for (const event of this.#events.values()) {
			const next =
				event.status === EventStatus.Scheduled && now >= event.start.getTime() ? EventStatus.Active : event.status === EventStatus.Active && now >= event.end.getTime() ? EventStatus.Completed : event.status;
			// An event whose whole span passed between two looks goes through ACTIVE on its way, like on Discord.
			const final = next === EventStatus.Active && now >= event.end.getTime() ? EventStatus.Completed : next;
			if (final === event.status) continue;
			event.status = final;
			this.#dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, event);
		}
	}

	public api(event: ScheduledEventRecord, withUserCount = false): APIExternalGuildScheduledEvent & { guild_scheduled_event_exceptions: [] } {
		return {
			id: event.id,
			guild_id: this.core.state.guildId,
			name: event.name,
			description: event.description,
			channel_id: null,
			creator_id: event.creatorId,
			creator: this.core.state.apiUser(event.creatorId),
			image: null,
			scheduled_start_time: event.start.toISOString(),
			scheduled_end_time: event.end.toISOString(),
			// The record keeps Discord's status number; the enum has exactly those values.
			status: event.status as GuildScheduledEventStatus,
			entity_type: EXTERNAL,
			entity_id: null,
			recurrence_rule: null,
			privacy_level: GUILD_ONLY,
			guild_scheduled_event_exceptions: [],
			entity_metadata: { location: event.location },
			...(withUserCount ? { user_count: event.interested.length } : {})
		};
	}

	#read<T>(params: Record<string, string>, answer: () => T): Reply {
		if (params.guild_id !== this.core.state.guildId) throw unknown.guild();
		this.advance();
		return { status: 200, body: answer() };
	}

	/** Discord lists the events that have not completed. */
	#list(): ScheduledEventRecord[] {
		return [...this.#events.values()].filter((event) => event.status === EventStatus.Scheduled || event.status === EventStatus.Active);
	}

	#event(params: Record<string, string>): ScheduledEventRecord {
		const event = this.#events.get(params.guild_scheduled_event_id!);
		if (!event) throw unknownEvent();
		return event;
	}

	#create(body: EventInput): ScheduledEventRecord {
		if (body.entity_type !== EXTERNAL) throw invalidField('entity_type', 'GUILD_SCHEDULED_EVENT_ENTITY_TYPE_UNSUPPORTED', 'the stand-in models EXTERNAL events only');
		if (body.channel_id !== undefined && body.channel_id !== null) throw invalidField('channel_id', 'CHANNEL_ID_MUST_BE_NULL', 'an EXTERNAL event has no channel');
		if (!body.scheduled_end_time) throw invalidField('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'an EXTERNAL event needs an end time');
		const start = new Date(body.scheduled_start_time!);
		const end = new Date(body.scheduled_end_time);
		this.#checkTimes(start, end);
		if (this.#list().length >= MAX_UNCOMPLETED_EVENTS) throw maxEvents();
		const event: ScheduledEventRecord = {
			id: this.core.ids.next(),
			name: body.name!,
			description: body.description ?? null,
			start,
			end,
			location: body.entity_metadata!.location!,
			status: EventStatus.Scheduled,
			creatorId: this.core.state.botUserId,
			interested: []
		};
		this.#events.set(event.id, event);
		this.#dispatch(GatewayDispatchEvents.GuildScheduledEventCreate, event);
		return event;
	}

	#update(event: ScheduledEventRecord, body: EventInput): ScheduledEventRecord {
		if (event.status === EventStatus.Completed || event.status === EventStatus.Canceled) throw invalidField('status', 'GUILD_SCHEDULED_EVENT_ALREADY_ENDED', 'the event has already ended');
		const start = body.scheduled_start_time ? new Date(body.scheduled_start_time) : event.start;
		const end = body.scheduled_end_time ? new Date(body.scheduled_end_time) : event.end;
		// An event that has started keeps its start; a SCHEDULED one may not be moved into the past.
		if (start.getTime() !== event.start.getTime()) {
			if (event.status !== EventStatus.Scheduled) throw invalidField('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_ACTIVE', 'an active event cannot be rescheduled');
			this.#checkTimes(start, end);
		} else if (end.getTime() <= start.getTime()) throw invalidField('scheduled_end_time', 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'the end must come after the start');
		if (body.status !== undefined && body.status !== null && body.status !== event.status) {
			const allowed = (event.status === EventStatus.Scheduled && (body.status === EventStatus.Active || body.status === EventStatus.Canceled)) || (event.status === EventStatus.Active && body.status === EventStatus.Completed);
			if (!allowed) throw invalidField('status', 'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION', `cannot go from ${event.status} to ${body.status}`);
			event.status = body.status;
		}
		if (body.name !== undefined) event.name = body.name;
		if (body.description !== undefined) event.description = body.description;
		if (body.entity_metadata?.location !== undefined) event.location = body.entity_metadata.location;
		event.start = start;
		event.end = end;
		this.#dispatch(GatewayDispatchEvents.GuildScheduledEventUpdate, event);
		return event;
	}

	#delete(event: ScheduledEventRecord): void {
		this.#events.delete(event.id);
		this.#dispatch(GatewayDispatchEvents.GuildScheduledEventDelete, event);
	}

	#users(event: ScheduledEventRecord, query: URLSearchParams): Record<string, unknown>[] {
		const limit = Math.min(Number(query.get('limit') ?? USERS_PAGE), USERS_PAGE);
		const before = query.get('before');
		const after = query.get('after');
		// Pages go by user id, like Discord's snowflake paging.
		const ids = [...event.interested]
			.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
			.filter((id) => (!before || BigInt(id) < BigInt(before)) && (!after || BigInt(id) > BigInt(after)));
		const page = before && !after ? ids.slice(-limit) : ids.slice(0, limit);
		const withMember = query.get('with_member') === 'true';
		return page.map((userId) => ({
			guild_scheduled_event_id: event.id,
			user_id: userId,
			user: this.core.state.apiUser(userId),
			response: 1,
			...(withMember && this.core.state.members.has(userId) ? { member: this.core.state.apiMember(userId) } : {})
		}));
	}

	#checkTimes(start: Date, end: Date): void {
		if (start.getTime() <= this.core.clock().getTime()) throw invalidField('scheduled_start_time', 'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST', 'Cannot schedule event in the past.');
		if (end.getTime() <= start.getTime()) throw invalidField('scheduled_end_time', 'GUILD_SCHEDULED_EVENT_END_BEFORE_START', 'the end must come after the start');
	}

	#dispatch(type: GatewayDispatchEvents.GuildScheduledEventCreate | GatewayDispatchEvents.GuildScheduledEventUpdate | GatewayDispatchEvents.GuildScheduledEventDelete, event: ScheduledEventRecord): void {
		this.core.gateway.dispatch(type, this.api(event), I.GuildScheduledEvents);
	}
}
