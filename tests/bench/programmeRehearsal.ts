import { DateTime } from 'luxon';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline, ROOMS, type SlotSpec } from '../e2e/support/programme';
import { eventually, startBot } from '../e2e/support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
const SESSIONS = 100;
const SPEED = 300;
const LEAD = 5;
const ROOM_LEAD = 2;
const ROOM_CHANNELS: Record<string, string> = {
	'Forum Hall': 'forum-hall',
	'South Hall 2A': 'south-hall-2a',
	'South Hall 2B': 'south-hall-2b',
	'Terrace 2A': 'terrace-2a',
	'Terrace 2B': 'terrace-2b',
	'Exhibit Hall': 'exhibit-hall'
};

/**
 * Post-time error of a rehearsal through the real bot: 100 sessions a minute apart, each announced in the main
 * channel and its room (200 notifications), at 300× speed. Lateness is in real seconds against the planned instant.
 */
export async function benchProgrammeRehearsal(): Promise<Record<string, number>> {
	const first = DateTime.fromISO(`${DATE}T09:20`, { zone: TIMEZONE });
	const slots: SlotSpec[] = Array.from({ length: SESSIONS }, (_, index) => ({
		code: `B${String(index).padStart(3, '0')}`,
		title: `Bench session ${index}`,
		at: first.plus({ minutes: index }).toFormat('HH:mm'),
		rooms: [ROOMS[index % ROOMS.length]!]
	}));
	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start();
	const pretalx = await new PretalxStandin(conferenceDay({ date: DATE, timezone: TIMEZONE, slots })).start();
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		overrides: {
			registration: { enabled: false },
			programme: {
				url: pretalx.frabUrl,
				timezone: TIMEZONE,
				simulated_start: `${DATE}T09:05:00+02:00`,
				speed: SPEED,
				lead_minutes: LEAD,
				room_lead_minutes: ROOM_LEAD,
				refresh_minutes: 60
			}
		}
	});
	try {
		const timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
		const expected = slots.flatMap((slot) => [
			{ channel: 'programme-notifications', title: slot.title, notifyAt: DateTime.fromISO(`${DATE}T${slot.at}`, { zone: TIMEZONE }).minus({ minutes: LEAD }).toJSDate() },
			{ channel: ROOM_CHANNELS[slot.rooms[0]!]!, title: slot.title, notifyAt: DateTime.fromISO(`${DATE}T${slot.at}`, { zone: TIMEZONE }).minus({ minutes: ROOM_LEAD }).toJSDate() }
		]);
		const found = () =>
			expected.map(({ channel, title }) => discord.messagesIn(channel).find((message) => message.embeds.some((embed) => embed.title === title)));
		const lastDue = timeline.real(expected.at(-1)!.notifyAt);
		await eventually(() => found().every(Boolean), 'all 200 posts', Math.max(0, lastDue - Date.now()) + 10_000);
		const lateness = found()
			.map((message, index) => (message!.createdAt.getTime() - timeline.real(expected[index]!.notifyAt)) / 1000)
			.sort((a, b) => a - b);
		return {
			notifications: lateness.length,
			speed: SPEED,
			medianLateSeconds: round(lateness[Math.floor(lateness.length / 2)]!),
			maxLateSeconds: round(lateness.at(-1)!)
		};
	} finally {
		await bot.kill();
		await discord.close();
		await pretalx.stop();
		await redis.kill();
	}
}

function round(value: number): number {
	return Math.round(value * 1000) / 1000;
}

if (require.main === module) void benchProgrammeRehearsal().then((result) => console.log(result));
