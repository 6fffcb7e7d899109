import { startMinute } from '#lib/programme/NotificationPlanner';
import type { Session } from '#lib/programme/Session';
import { speakerKey } from './programmeSpeakers';

const MINUTE = 60_000;
/** What every check-in nag's job id starts with after its namespace prefix. */
export const CHECKIN_NAG_HEAD = 'sc_';

/** `speakers`: the DM (or channel ping) with the "I'm here" button; `desk`: the organizers hear who is missing. */
export type NagKind = 'speakers' | 'desk';

/** One planned nag of one session: a delayed job. */
export interface CheckinNag {
	id: string;
	sessionCode: string;
	offsetMinutes: number;
	kind: NagKind;
	startsAt: Date;
	notifyAt: Date;
	/** The linked members it is about. */
	userIds: string[];
}

/** The id of a session's nag at one lead; BullMQ-safe (no `:`), deterministic, and it names the start it was planned for. */
export function nagId(idPrefix: string, session: Pick<Session, 'code' | 'start'>, offsetMinutes: number): string {
	return `${idPrefix}${CHECKIN_NAG_HEAD}${session.code.replace(/[^A-Za-z0-9-]/g, '-')}_${offsetMinutes}_${startMinute(session)}`;
}

/** The linked members of a session's speakers, each once. */
export function linkedSpeakersOf(session: Session, membersBySpeaker: ReadonlyMap<string, readonly string[]>): string[] {
	return [...new Set(session.speakers.flatMap((speaker) => membersBySpeaker.get(speakerKey(speaker)) ?? []))];
}

/**
 * The nags to schedule for sessions still to come that have linked speakers: at the first offset the speakers', at the
 * others the desk's. Pure: the same input gives the same plan. A nag whose time has passed is still planned while the
 * session has not started, so a restart can tell it was missed.
 */
export function planCheckinNags(
	sessions: readonly Session[],
	membersBySpeaker: ReadonlyMap<string, readonly string[]>,
	offsets: readonly number[],
	now: Date,
	idPrefix = ''
): CheckinNag[] {
	const nags: CheckinNag[] = [];
	for (const session of sessions) {
		if (session.isBreak || session.start.getTime() <= now.getTime()) continue;
		const userIds = linkedSpeakersOf(session, membersBySpeaker);
		if (!userIds.length) continue;
		offsets.forEach((offsetMinutes, index) =>
			nags.push({
				id: nagId(idPrefix, session, offsetMinutes),
				sessionCode: session.code,
				offsetMinutes,
				kind: index === 0 ? 'speakers' : 'desk',
				startsAt: session.start,
				notifyAt: new Date(session.start.getTime() - offsetMinutes * MINUTE),
				userIds
			})
		);
	}
	return nags.sort((a, b) => a.notifyAt.getTime() - b.notifyAt.getTime() || a.id.localeCompare(b.id));
}
