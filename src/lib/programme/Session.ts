/** One speaker as shown in an embed's author line. */
export interface Speaker {
	name: string;
	avatarUrl?: string;
	code?: string;
	/** Given by pretalx to an organiser token only; used to match the speaker to a member, never shown. */
	email?: string;
}

/** A programme item in the bot's own model, whatever source it came from. Times are absolute instants. */
export interface Session {
	/** pretalx submission code (breaks get a synthetic `break-…` code). */
	code: string;
	title: string;
	start: Date;
	end: Date;
	/** Every room the session takes place in; keynotes streamed to several halls list them all. */
	rooms: string[];
	speakers: Speaker[];
	track?: string;
	type?: string;
	language?: string;
	abstract?: string;
	url?: string;
	isBreak: boolean;
}

/** A slot an adapter could not read; kept so the lead can log it instead of the whole schedule failing. */
export interface SkippedSlot {
	reason: string;
	raw: unknown;
}

/** What an adapter produces from one schedule document. */
export interface ParsedSchedule {
	version: string;
	sessions: Session[];
	skipped: SkippedSlot[];
	/** The conference's time zone when the document names one. */
	timezone?: string;
}

export function durationMinutes(session: Session): number {
	return Math.round((session.end.getTime() - session.start.getTime()) / 60_000);
}

export function compareSessions(a: Session, b: Session): number {
	return a.start.getTime() - b.start.getTime() || (a.rooms[0] ?? '').localeCompare(b.rooms[0] ?? '') || a.code.localeCompare(b.code);
}

/**
 * Folds slots of the same submission at the same instant into one session listing every room
 * (pretalx exports a keynote shown in three halls as three slots).
 */
export function combineRoomSlots(sessions: readonly Session[]): Session[] {
	const byKey = new Map<string, Session>();
	for (const session of sessions) {
		const key = `${session.code}@${session.start.getTime()}`;
		const existing = byKey.get(key);
		if (!existing) {
			byKey.set(key, { ...session, rooms: [...session.rooms] });
			continue;
		}
		for (const room of session.rooms) if (!existing.rooms.includes(room)) existing.rooms.push(room);
	}
	return [...byKey.values()].sort(compareSessions);
}

/**
 * Merges a second programme (a local file of open spaces or sprints) into the main one.
 * A session of `extra` with the same code replaces the main one: the local file is the organisers' override.
 */
export function mergeSessions(main: readonly Session[], extra: readonly Session[]): Session[] {
	const extraCodes = new Set(extra.map((session) => session.code));
	return [...main.filter((session) => !extraCodes.has(session.code)), ...extra].sort(compareSessions);
}
