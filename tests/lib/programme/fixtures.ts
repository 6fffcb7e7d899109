import type { Session } from '#lib/programme/Session';

/** A morning of the conference, and sessions in it, for the programme's unit tests. */
export const now = new Date('2026-07-15T06:00:00Z');
export const hours = (h: number): Date => new Date(now.getTime() + h * 3_600_000);
export const session = (code: string, start: Date, rooms = ['Forum Hall']): Session => ({
	code,
	title: `Talk ${code}`,
	start,
	end: new Date(start.getTime() + 1_800_000),
	rooms,
	speakers: [],
	isBreak: false
});
