import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { DiscordStandIn } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { generateEvent } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { startBot, type RunningBot } from '../e2e/support/startBot';
import { openForm } from '../e2e/support/registration';
import { sleep } from '../helpers/sleep';
import { discordRouteFamilies } from '../standins/discord/rateModel';
import { acknowledgementTimes, arrivingCrowd, eventLoopLagP99Ms, peakRssMb, percentile, round, rushIn } from './support/crowd';

// The morning, in a time-lapse of Discord's own limits: every window and the token lifetime divided by SCALE.
const SCALE = Number(process.env.RUSH_SCALE ?? 10);
const PEOPLE = Number(process.env.RUSH_PEOPLE ?? 2000);
const SPAN_MS = (10 * 60_000) / SCALE;
const BURST = Math.round(PEOPLE / 10);
const BURST_MS = 60_000 / SCALE;
const ACK_WINDOW_MS = 3000;


/** "about 6 minutes", "about 2 minutes 15 seconds", "about 40 seconds" back to seconds. */
function promisedSeconds(content: string): number | null {
	const match = /in line, about (?:(\d+) minutes?)?(?: ?(\d+) seconds)?\./.exec(content);
	if (!match) return null;
	return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/**
 * The registration rush under Discord's real limits (the stand-in's model, time-lapsed): 2,000 people over 10
 * simulated minutes, 200 in the first, a kill -9 of the bot when the role queue is longest, then a restart.
 * `accessRole` "" runs it with one lane (roles and nickname in one PATCH each), for comparison.
 */
export async function benchRush({ accessRole }: { accessRole: string }): Promise<Record<string, number | string>> {
	const rng = xoroshiro128plus(2027);
	const event = generateEvent({ seed: 12, orders: Math.ceil(PEOPLE * 1.4) });
	const arrivals = arrivingCrowd(event, PEOPLE, rng, { burst: BURST, burstMs: BURST_MS, spanMs: SPAN_MS });

	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start({ rateLimits: { model: 'discord', scale: SCALE }, validateResponses: false });
	const pretix = await PretixStandin.start(event);
	const boot = (workDir?: string) =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: {
				// Discord's windows and tokens ×10 shorter, and so discord.js's 50 ms margin past each reset: the same share of a window as at ×1.
				discord: { interaction_token_minutes: 15 / SCALE, rate_limit_margin_ms: 50 / SCALE },
				programme: { enabled: false },
				registration: { access_role: accessRole },
				http: { enabled: true, port: 0 },
				pretix: { base_url: pretix.origin, organizer: event.organizer, event: event.event }
			}
		});
	let bot: RunningBot = await boot();
	const rss: number[] = [];
	try {
		for (let waited = 0; !/pretix full sync/.test(bot.output()) && waited < 60_000; waited += 100) await sleep(100);
		const baseOf = (running: RunningBot) => `http://127.0.0.1:${/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(running.output())?.[1]}`;
		await eventLoopLagP99Ms(baseOf(bot));
		const users = arrivals.map((_, index) => discord.addMember({ username: `rush${index}` }));
		await sleep(2000);
		await openForm(discord, discord.addMember({ username: 'warm-up' }));
		const firstRequest = discord.requests.length;

		const started = Date.now();
		const outcomes = await rushIn(discord, arrivals, users, 30_000);
		// Everyone has their first answer and the line is at its longest: kill -9, then carry on in a new process.
		// A member's first role is when the conference channels appear (access); their last change is when they are done.
		const rolesAt = new Map<string, number>();
		const doneAt = new Map<string, number>();
		let seen = 0;
		const watch = () => {
			for (const e of discord.events.slice(seen)) {
				if (e.kind === 'role.add' && !rolesAt.has(e.userId)) rolesAt.set(e.userId, e.at.getTime());
				if (e.kind === 'role.add' || e.kind === 'nick') doneAt.set(e.userId, e.at.getTime());
			}
			seen = discord.events.length;
		};
		const watchRoles = setInterval(watch, 100);
		const firstLagP99 = await eventLoopLagP99Ms(baseOf(bot));
		rss.push(peakRssMb(bot.process.pid!));
		const crashedAt = Date.now();
		await bot.kill();
		bot = await boot(bot.workDir);
		const restartSeconds = (Date.now() - crashedAt) / 1000;
		// Every ticket type of the generated event maps to at least one role (some not to Participants: Beginners' Day),
		// and every ticket carries a name: a member is done with roles and their badge nickname.
		const isDone = (user: (typeof users)[number]) => discord.member(user).roles.length > 0 && discord.member(user).nick !== null;
		const done = () => users.filter(isDone).length;
		for (let waited = 0; done() < PEOPLE && waited < 20 * 60_000; waited += 250) await sleep(250);
		await sleep(1000);
		clearInterval(watchRoles);
		watch();
		const lagP99 = Math.max(firstLagP99, await eventLoopLagP99Ms(baseOf(bot)));
		rss.push(peakRssMb(bot.process.pid!));

		const ackMs = acknowledgementTimes(discord, firstRequest, outcomes);
		const answeredAtOnce = outcomes.filter((outcome) => outcome.result?.callbackType === 4).length;
		// A role given twice to one member: Discord would show it as a second add event for the same role.
		const addsPerUserRole = new Map<string, number>();
		for (const e of discord.events) if (e.kind === 'role.add') addsPerUserRole.set(`${e.userId} ${e.role}`, (addsPerUserRole.get(`${e.userId} ${e.role}`) ?? 0) + 1);
		const etaErrors = outcomes.flatMap((outcome, index) => {
			const promised = outcome.result ? promisedSeconds(outcome.result.firstContent ?? '') : null;
			const got = rolesAt.get(users[index]!.id);
			if (promised === null || got === undefined) return [];
			const actual = (got - outcome.answeredAt) / 1000;
			return actual > 0 ? [Math.abs(promised - actual) / actual] : [];
		});
		const lastRole = Math.max(...[...doneAt].filter(([userId]) => rolesAt.has(userId)).map(([, at]) => at));
		const accessWaits = outcomes.flatMap((outcome, index) => {
			const got = rolesAt.get(users[index]!.id);
			return got === undefined ? [] : [(got - outcome.answeredAt) / 1000];
		});
		accessWaits.sort((a, b) => a - b);
		const memberEdit = discordRouteFamilies.find((family) => family.name === 'member edit')!;
		const perSecond = memberEdit.limit / (memberEdit.windowMs / 1000 / SCALE);
		const floorSeconds = Math.max(PEOPLE / perSecond, SPAN_MS / 1000);
		const lastRoleSeconds = (lastRole - started) / 1000;
		const applied = done();
		return {
			model: 'discord',
			scale: SCALE,
			accessRole: accessRole || 'off',
			people: PEOPLE,
			ackMisses: ackMs.filter((ms) => ms > ACK_WINDOW_MS).length,
			ackP99Ms: round(percentile([...ackMs].sort((a, b) => a - b), 99)),
			answeredAtOnce,
			queuedAnswers: etaErrors.length,
			rolesApplied: applied,
			appliedTwice: new Set([...addsPerUserRole].filter(([, count]) => count > 1).map(([key]) => key.split(' ')[0])).size,
			lostAfterCrash: PEOPLE - applied,
			deadTokenEdits: discord.deadTokenRequests,
			etaErrorP95: round(percentile([...etaErrors].sort((a, b) => a - b), 95), 3),
			accessP50Seconds: round(percentile(accessWaits, 50), 1),
			accessP95Seconds: round(percentile(accessWaits, 95), 1),
			lastAccessSeconds: round((Math.max(...rolesAt.values()) - started) / 1000, 1),
			lastRoleSeconds: round(lastRoleSeconds, 1),
			floorSeconds: round(floorSeconds, 1),
			ratioToFloor: round(lastRoleSeconds / floorSeconds, 3),
			restartSeconds: round(restartSeconds, 1),
			received429: discord.rateModel!.stats.limited,
			botPeakRssMb: Math.max(...rss),
			eventLoopLagP99Ms: lagP99
		};
	} finally {
		await bot.stop();
		await Promise.all([discord.close(), pretix.close()]);
		await redis.kill();
	}
}
