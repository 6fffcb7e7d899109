import anyAscii from 'any-ascii';
import type { Session } from './Session';

export type NotificationKind = 'main' | 'room' | 'room-short';

/** One post to make: a main-channel digest of a start minute, or one room channel's heads-up. */
export interface PlannedNotification {
	/** Deterministic and BullMQ-safe (no `:`, never all digits): the same plan always yields the same ids. */
	id: string;
	kind: NotificationKind;
	notifyAt: Date;
	/** When the sessions start; late posts and skips are judged against it. */
	startsAt: Date;
	/** The main channel key, or the room's channel as configured. */
	channelKey: string;
	sessionCodes: string[];
	rooms: string[];
	leadMinutes: number;
}

export interface PlannerOptions {
	/** Main channel (and default room) lead. */
	leadMinutes?: number;
	/** When above 0, room channels are told this many minutes ahead instead (kind `room-short`). */
	roomLeadMinutes?: number;
	/** Room name → channel key; rooms missing here get no room post and are reported. */
	rooms: Record<string, string>;
	mainChannelKey?: string;
	/** Put before every id (a rehearsal's namespace, see `programmeTime`); none for the live conference. */
	idPrefix?: string;
}

export interface NotificationPlan {
	notifications: PlannedNotification[];
	/** Rooms that have sessions but no channel: worth one warning at startup. */
	unmappedRooms: string[];
}

const MINUTE = 60_000;
/** What every notification id starts with after its prefix; the ledger finds a namespace's rows by it. */
export const NOTIFICATION_ID_HEAD = 'n_';

/** Turns the programme into the posts to schedule. Pure: the same sessions, options and `now` give the same plan. */
export class NotificationPlanner {
	public plan(sessions: readonly Session[], options: PlannerOptions, now: Date): NotificationPlan {
		const lead = options.leadMinutes ?? 5;
		const roomLead = options.roomLeadMinutes && options.roomLeadMinutes > 0 ? options.roomLeadMinutes : undefined;
		const mainKey = options.mainChannelKey ?? 'main';
		const head = `${options.idPrefix ?? ''}${NOTIFICATION_ID_HEAD}`;
		const mainGroups = new Map<number, Session[]>();
		const roomGroups = new Map<string, { room: string; minute: number; sessions: Session[] }>();
		const unmapped = new Set<string>();

		for (const session of sessions) {
			if (session.isBreak) continue;
			// Sessions already under way get nothing; those whose lead time has passed stay in so the late policy can judge them.
			if (session.start.getTime() <= now.getTime()) continue;
			const minute = startMinute(session);
			pushTo(mainGroups, minute, session);
			for (const room of session.rooms) {
				if (!options.rooms[room]) {
					unmapped.add(room);
					continue;
				}
				const key = `${room}\u0000${minute}`;
				const group = roomGroups.get(key) ?? { room, minute, sessions: [] };
				group.sessions.push(session);
				roomGroups.set(key, group);
			}
		}

		const notifications: PlannedNotification[] = [];
		for (const [minute, group] of mainGroups) {
			notifications.push({
				id: `${head}main_${minute}`,
				kind: 'main',
				notifyAt: new Date((minute - lead) * MINUTE),
				startsAt: new Date(minute * MINUTE),
				channelKey: mainKey,
				sessionCodes: group.map((session) => session.code).sort(),
				rooms: [...new Set(group.flatMap((session) => session.rooms))].sort(),
				leadMinutes: lead
			});
		}
		for (const { room, minute, sessions: group } of roomGroups.values()) {
			const roomLeadMinutes = roomLead ?? lead;
			notifications.push({
				id: `${head}${roomLead ? 'roomshort' : 'room'}_${roomSlug(room)}_${minute}`,
				kind: roomLead ? 'room-short' : 'room',
				notifyAt: new Date((minute - roomLeadMinutes) * MINUTE),
				startsAt: new Date(minute * MINUTE),
				channelKey: options.rooms[room] as string,
				sessionCodes: group.map((session) => session.code).sort(),
				rooms: [room],
				leadMinutes: roomLeadMinutes
			});
		}
		notifications.sort((a, b) => a.notifyAt.getTime() - b.notifyAt.getTime() || a.id.localeCompare(b.id));
		return { notifications, unmappedRooms: [...unmapped].sort() };
	}
}

/** The minute (since the epoch) a session starts in: the planner groups by it and every notification id ends in it. */
export function startMinute(session: Pick<Session, 'start'>): number {
	return Math.floor(session.start.getTime() / MINUTE);
}

/** The start minute a notification id was planned for (`…_<minute>`), or undefined for an id the planner never made. */
export function startMinuteOf(id: string): number | undefined {
	const match = /_(\d+)$/.exec(id);
	return match ? Number(match[1]) : undefined;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** ASCII slug of a room name for job ids (`Forum Hall` → `forum-hall`); non-Latin names are transliterated. */
export function roomSlug(room: string): string {
	return anyAscii(room).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'room';
}
