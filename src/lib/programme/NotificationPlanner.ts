import anyAscii from 'any-ascii';
import { DateTime } from 'luxon';
import type { Session } from './Session';

export type NotificationKind = 'main' | 'room' | 'room-short' | 'morning';

/** One post to make: a main-channel digest of a start minute, one room channel's heads-up, or a day's morning list. */
export interface PlannedNotification {
	/** Deterministic and BullMQ-safe (no `:`, never all digits): the same plan always yields the same ids. */
	id: string;
	kind: NotificationKind;
	notifyAt: Date;
	/** When the sessions start; late posts and skips are judged against it (a morning post: the day's last start). */
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
	/** "Today's programme" in the main channel at this conference-local `HH:mm` of each day; none when off. */
	morningPost?: { at: string; timezone: string };
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
		if (options.morningPost) notifications.push(...morningPosts(sessions, options.morningPost, mainKey, head, now));
		notifications.sort((a, b) => a.notifyAt.getTime() - b.notifyAt.getTime() || a.id.localeCompare(b.id));
		return { notifications, unmappedRooms: [...unmapped].sort() };
	}
}

const MORNING = 'morning_';

/**
 * One morning post per conference day (in the conference zone) listing its sessions still to come; planned only while
 * some session starts after the post's time, so a post missed at start still goes out until the day's last session.
 */
function morningPosts(sessions: readonly Session[], morning: { at: string; timezone: string }, channelKey: string, head: string, now: Date): PlannedNotification[] {
	const [hour, minute] = morning.at.split(':').map(Number);
	const days = new Map<string, Session[]>();
	for (const session of sessions) {
		if (session.isBreak || session.start.getTime() <= now.getTime()) continue;
		const day = DateTime.fromJSDate(session.start, { zone: morning.timezone }).toISODate()!;
		pushTo(days, day, session);
	}
	return [...days].flatMap(([day, group]) => {
		const notifyAt = DateTime.fromISO(day, { zone: morning.timezone }).set({ hour, minute }).toJSDate();
		const lastStart = Math.max(...group.map((session) => session.start.getTime()));
		if (lastStart <= notifyAt.getTime()) return [];
		return [
			{
				id: `${head}${MORNING}${Math.floor(notifyAt.getTime() / MINUTE)}`,
				kind: 'morning' as const,
				notifyAt,
				startsAt: new Date(lastStart),
				channelKey,
				sessionCodes: [...new Set(group.map((session) => session.code))].sort(),
				rooms: [...new Set(group.flatMap((session) => session.rooms))].sort(),
				leadMinutes: 0
			}
		];
	});
}

/** Whether an id is a morning post's: its minute is when it posts, not when sessions start, so it is found in the whole plan. */
export function isMorningId(id: string): boolean {
	return id.includes(`${NOTIFICATION_ID_HEAD}${MORNING}`);
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
