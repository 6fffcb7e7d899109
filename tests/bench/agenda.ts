import { DateTime } from 'luxon';
import { ThrowawayRedis } from '../helpers/redisServer';
import { sleep } from '../helpers/sleep';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import { GLOBAL_PER_SECOND } from '../standins/discord/rateModel';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay } from '../e2e/support/programme';
import { eventually, startBot } from '../e2e/support/startBot';
import { round } from './support/crowd';

const TIMEZONE = 'Europe/Prague';
const MEMBERS = 2000;
// The days before the keynote, played fast: members bookmark it and the bot opens their DM channels (5 per 5 s for the whole bot).
const PREPARATION_SCALE = 50;
const LEAD_MINUTES = 1;
// Far enough ahead that the preparation ends before the wave's head start begins, on a busy machine too.
const KEYNOTE_IN_MINUTES = 6;

/**
 * 2,000 members bookmark one keynote; every reminder must arrive before it starts. The preparation runs as a time-lapse
 * (×50); the reminders themselves go out under Discord's real limits (scale 1), live time, no rehearsal clock.
 */
export async function benchAgenda(): Promise<Record<string, unknown>> {
	const start = DateTime.now().setZone(TIMEZONE).plus({ minutes: KEYNOTE_IN_MINUTES }).startOf('minute').plus({ minutes: 1 });
	const keynoteStart = start.toMillis();
	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start({ rateLimits: { model: 'discord', scale: PREPARATION_SCALE } });
	const members: UserRef[] = Array.from({ length: MEMBERS }, (_, i) => discord.addMember({ username: `attendee${i}` }));
	const pretalx = await new PretalxStandin(
		conferenceDay({
			date: start.toISODate()!,
			timezone: TIMEZONE,
			slots: [{ code: 'K1', title: 'Keynote: the one everyone came for', at: start.toFormat('HH:mm'), rooms: ['Forum Hall'], minutes: 45, kind: 'keynote' }]
		})
	).start();
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		overrides: {
			registration: { enabled: false },
			programme: { url: pretalx.frabUrl, timezone: TIMEZONE, refresh_minutes: 60 },
			agenda: { reminder_minutes: LEAD_MINUTES }
		},
		readyTimeoutMs: 60_000
	});
	const opened = () => bot.rows<{ n: number }>('SELECT COUNT(*) AS n FROM dm_channels')[0]!.n;
	try {
		await eventually(() => /Programme [^:]+: 1 sessions/.test(bot.output()), 'the first refresh', 30_000);
		const preparationStarted = Date.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < members.length) await discord.runCommand(members[next++]!, 'agenda', { subcommand: 'add', options: { session: 'K1' } });
			})
		);
		await eventually(() => opened() === MEMBERS, 'every DM channel opened', 180_000);
		const preparationSeconds = (Date.now() - preparationStarted) / 1000;
		const preparation429 = discord.rateModel!.stats.limited;
		// From here on: Discord's own pace, every bucket fresh.
		discord.rateModel!.setScale(1);
		const secondsLeftForTheWave = (keynoteStart - LEAD_MINUTES * 60_000 - Date.now()) / 1000;
		const reminderDms = () => members.flatMap((member) => discord.dmsWith(member).filter((message) => message.content.startsWith('⏰')));
		const deadline = keynoteStart + 30_000;
		while (Date.now() < deadline && reminderDms().length < MEMBERS) await sleep(1000);
		const delivered = reminderDms();
		const times = delivered.map((message) => message.createdAt.getTime()).sort((a, b) => a - b);
		const perSecond = new Map<number, number>();
		for (const at of times) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
		const recipients = new Set(delivered.map((message) => message.channelId));
		return {
			members: MEMBERS,
			leadMinutes: LEAD_MINUTES,
			reminders: delivered.length,
			membersReminded: recipients.size,
			deliveredBeforeStart: times.filter((at) => at < keynoteStart).length,
			deliveredBeforeLead: times.filter((at) => at <= keynoteStart - LEAD_MINUTES * 60_000).length,
			lastDeliveredSecondsBeforeStart: times.length ? round((keynoteStart - times.at(-1)!) / 1000, 1) : 'n/a',
			firstDeliveredSecondsBeforeStart: times.length ? round((keynoteStart - times[0]!) / 1000, 1) : 'n/a',
			sendingSeconds: times.length ? round((times.at(-1)! - times[0]!) / 1000, 1) : 'n/a',
			peakDmsPerSecond: Math.max(0, ...perSecond.values()),
			globalLimitPerSecond: GLOBAL_PER_SECOND,
			received429: discord.rateModel!.stats.limited - preparation429,
			preparation: { scale: PREPARATION_SCALE, seconds: round(preparationSeconds, 1), received429: preparation429, secondsLeftForTheWave: round(secondsLeftForTheWave, 1) },
			specViolations: discord.specViolations.length
		};
	} finally {
		await bot.stop();
		await discord.close();
		await pretalx.stop();
		await redis.kill();
	}
}
