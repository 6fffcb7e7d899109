import { performance } from 'node:perf_hooks';
import { NotificationPlanner } from '#lib/programme/NotificationPlanner';
import { parseFrabSchedule } from '#lib/programme/sources/frab';
import { generateConference } from '../standins/pretalx/conference';
import { renderFrab } from '../standins/pretalx/render';

/** 5 days × 12 rooms × ~800 sessions: parse the frab export and plan it; budget < 100 ms for the plan. */
export async function benchPlanner(): Promise<Record<string, number>> {
	const conference = generateConference({ seed: 42, days: 5, rooms: 12, sessionsPerRoomPerDay: 13, timezone: 'Europe/Prague', start: '2026-07-13' });
	const document = renderFrab(conference);
	const parseStart = performance.now();
	const { sessions } = parseFrabSchedule(document);
	const parseMs = performance.now() - parseStart;
	const rooms = Object.fromEntries(conference.rooms.map((room) => [room.name.en!, `room-${room.id}`]));
	const planner = new NotificationPlanner();
	const options = { timezone: conference.timezone, rooms, leadMinutes: 5, roomLeadMinutes: 2 };
	const now = new Date('2026-07-01T00:00:00Z');
	planner.plan(sessions, options, now);
	const runs = 20;
	const planStart = performance.now();
	let notifications = 0;
	for (let run = 0; run < runs; run += 1) notifications = planner.plan(sessions, options, now).notifications.length;
	const planMs = (performance.now() - planStart) / runs;
	return { sessions: sessions.length, notifications, parseMs: round(parseMs), planMs: round(planMs) };
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

if (require.main === module) void benchPlanner().then((result) => console.log(result));
