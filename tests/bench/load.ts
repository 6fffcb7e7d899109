import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { DiscordStandIn } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { generateEvent } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { startBot } from '../e2e/support/startBot';
import { openForm } from '../e2e/support/registration';
import { sleep } from '../helpers/sleep';
import { acknowledgementTimes, arrivingCrowd, eventLoopLagP99Ms, peakRssMb, percentile, round, rushIn } from './support/crowd';

// Registration day, compressed 10×: 2,000 people in 60 s real (10 min simulated), 200 of them in the same 10 s.
const PEOPLE = Number(process.env.LOAD_PEOPLE ?? 2000);
const SPAN_MS = Number(process.env.LOAD_SPAN_MS ?? 60_000);
const BURST = Math.round(PEOPLE / 10);
const BURST_MS = SPAN_MS / 6;
const GLOBAL_PER_SECOND = 50;
const ACK_WINDOW_MS = 3000;


/**
 * The real bot under a registration rush, against a Discord stand-in with Discord's per-route and 50/s global limits:
 * acknowledgements within 3 s, completion times, REST calls, 429s, memory, event-loop lag, and the rate-limit floor.
 */
export async function benchLoad(): Promise<Record<string, number | string>> {
	const rng = xoroshiro128plus(2026);
	const event = generateEvent({ seed: 11, orders: Math.ceil(PEOPLE * 1.4) });
	const arrivals = arrivingCrowd(event, PEOPLE, rng, { burst: BURST, burstMs: BURST_MS, spanMs: SPAN_MS });

	const redis = await ThrowawayRedis.start();
	// Per-route buckets (keyed by major parameter, interactions per interaction) plus the global limit; LOAD_PER_ROUTE=0 drops the former.
	const perRoute = process.env.LOAD_PER_ROUTE === '0' ? undefined : { limit: 50, windowMs: 1000 };
	const discord = await DiscordStandIn.start({ rateLimits: { perRoute, global: GLOBAL_PER_SECOND } });
	const pretix = await PretixStandin.start(event);
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		secrets: { PRETIX_TOKEN: pretix.token },
		overrides: {
			programme: { enabled: false },
			http: { enabled: true, port: 0 },
			pretix: { base_url: pretix.origin, organizer: event.organizer, event: event.event }
		}
	});
	try {
		// The form and the first full sync must be in place before the doors open.
		for (let waited = 0; !/pretix full sync/.test(bot.output()) && waited < 60_000; waited += 100) await sleep(100);
		const base = `http://127.0.0.1:${/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(bot.output())?.[1]}`;
		await eventLoopLagP99Ms(base);
		const users = arrivals.map((_, index) => discord.addMember({ username: `load${index}` }));
		// Doors open once the bot has taken in the new members and answers a click: the rush is measured, not the warm-up.
		await sleep(2000);
		await openForm(discord, discord.addMember({ username: 'warm-up' }));
		const firstRequest = discord.requests.length;

		const started = Date.now();
		const outcomes = (await rushIn(discord, arrivals, users, 120_000)).map((visit) => ({
			...visit,
			done: visit.answeredAt,
			ok: /You are registered/.test(visit.result?.content ?? '')
		}));
		const lastReply = Math.max(...outcomes.map((outcome) => outcome.done).filter(Number.isFinite));
		const registered = outcomes.filter((outcome) => outcome.ok).length;
		// Log entries queue behind Discord's limits; wait (bounded) until every one is posted.
		const logChannel = discord.channel('registration-log').id;
		// Entries, not messages: the bot packs entries that wait on a busy channel into one message.
		const logged = () => discord.messagesIn('registration-log').reduce((sum, message) => sum + message.content.split('\n').filter((line) => line.includes(' registered as ')).length, 0);
		for (let waited = 0; logged() < registered && waited < 300_000; waited += 200) await sleep(200);
		const drained = Date.now();
		const lagP99 = await eventLoopLagP99Ms(base);
		const rss = peakRssMb(bot.process.pid!);

		const requests = discord.requests.slice(firstRequest);
		const ackMs = acknowledgementTimes(discord, firstRequest, outcomes);
		const completion = outcomes.map((outcome) => outcome.done - outcome.submitted).filter(Number.isFinite).sort((a, b) => a - b);
		const limited = requests.filter((request) => !request.path.startsWith('/interactions/'));
		const perRegistration = (count: number) => round(count / Math.max(1, registered), 2);
		const floorSeconds = (limited.length + 0) / GLOBAL_PER_SECOND;
		const totalSeconds = (drained - started) / 1000;
		return {
			people: PEOPLE,
			registered,
			arrivalSpanSeconds: SPAN_MS / 1000,
			interactions: ackMs.length,
			ackMisses: ackMs.filter((ms) => ms > ACK_WINDOW_MS).length,
			ackP99Ms: round(percentile([...ackMs].sort((a, b) => a - b), 99)),
			completionP50Ms: round(percentile(completion, 50)),
			completionP95Ms: round(percentile(completion, 95)),
			completionMaxMs: round(completion.at(-1) ?? Number.NaN),
			restCallsPerRegistration: perRegistration(requests.length),
			rateLimitedCallsPerRegistration: perRegistration(limited.length),
			logMessagesPerRegistration: perRegistration(limited.filter((request) => request.path === `/channels/${logChannel}/messages`).length),
			received429: requests.filter((request) => request.status === 429).length,
			specViolations: discord.specViolations.length,
			lastReplySeconds: round((lastReply - started) / 1000, 1),
			allLoggedSeconds: round(totalSeconds, 1),
			floorSeconds: round(Math.max(floorSeconds, SPAN_MS / 1000), 1),
			ratioToFloor: round(totalSeconds / Math.max(floorSeconds, SPAN_MS / 1000), 2),
			botPeakRssMb: rss,
			eventLoopLagP99Ms: lagP99
		};
	} finally {
		await bot.stop();
		await Promise.all([discord.close(), pretix.close()]);
		await redis.kill();
	}
}
