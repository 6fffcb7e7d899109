import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ThrowawayRedis } from '../helpers/redisServer';
import { repoRoot, usherCommand, usherSettings } from '../e2e/support/startBot';
import { sleep } from '../helpers/sleep';
import { startBotProcess, type BotProcess } from '../standins/botProcess';
import { discordRouteFamilies } from '../standins/discord/rateModel';
import { World } from '../standins/world';
import { acknowledgementTimes, arrivingCrowd, eventLoopLagP99Ms, findRegistrationForm, openRegistrationForm, percentile, round, rushIn } from './support/crowd';

// The morning, in a time-lapse of Discord's own limits: every window and the token lifetime divided by SCALE.
const SCALE = Number(process.env.RUSH_SCALE ?? 10);
const PEOPLE = Number(process.env.RUSH_PEOPLE ?? 2000);
const SPAN_MS = (10 * 60_000) / SCALE;
const BURST = Math.round(PEOPLE / 10);
const BURST_MS = 60_000 / SCALE;
const ACK_WINDOW_MS = 3000;

export interface RushOptions {
	/** usher's `[registration] access_role` (in the USHER_CONFIG file): "" runs it with one lane (roles and nickname in one PATCH each). */
	accessRole?: string;
	/** Any bot as a shell command (`npm run bench -- rush --bot "…"`); usher when absent. */
	botCommand?: string;
}

/** When usher's first answer said the roles would arrive: its Discord timestamp ("due <t:…:R>"); null for other bots' words. */
function promisedAt(content: string): number | null {
	const match = /in line, due <t:(\d+):R>/.exec(content);
	return match ? Number(match[1]) * 1000 : null;
}

/**
 * The registration rush under Discord's real limits (the stand-in's model, time-lapsed): 2,000 people over 10
 * simulated minutes, 200 in the first, a kill -9 of the bot when the role queue is longest, then a restart. Any bot
 * runs through the same path as usher: a command with the stand-ins' addresses in its environment (README), the form
 * found as the first message with a button in #registration-form, its modal filled in by field order.
 */
export async function benchRush({ accessRole = 'Participants', botCommand }: RushOptions = {}): Promise<Record<string, number | string>> {
	const rng = xoroshiro128plus(2027);
	const world = await World.start({ rateModel: 'discord', scale: SCALE, event: { orders: Math.ceil(PEOPLE * 1.4), seed: 12 } });
	const { discord } = world;
	const arrivals = arrivingCrowd(world.event, PEOPLE, rng, { burst: BURST, burstMs: BURST_MS, spanMs: SPAN_MS });
	const redis = await ThrowawayRedis.start();
	const isUsher = botCommand === undefined;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-rush-'));
	// usher's settings go in the file USHER_CONFIG names, for the built-in run and for usher given as --bot alike; other bots ignore it.
	const env = {
		...world.handoff().env,
		REDIS_URL: redis.url,
		...usherSettings(workDir, {
			// Discord's windows and tokens ×SCALE shorter, and so discord.js's 50 ms margin past each reset: the same share of a window as at ×1.
			discord: { interaction_token_minutes: 15 / SCALE, rate_limit_margin_ms: 50 / SCALE },
			programme: { enabled: false },
			http: { enabled: true, port: 0 },
			registration: { access_role: accessRole }
		})
	};
	const start = () => startBotProcess({ command: botCommand ?? usherCommand, cwd: isUsher ? repoRoot : process.cwd(), env });
	let bot: BotProcess = start();
	const rss: number[] = [];
	// usher's /metrics tells its event-loop lag; another bot's is not known.
	const metricsOf = (running: BotProcess) => /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(running.output())?.[1];
	const lagOf = async (running: BotProcess) => {
		const base = metricsOf(running);
		return base ? eventLoopLagP99Ms(base) : Number.NaN;
	};
	try {
		for (let waited = 0; !findRegistrationForm(discord) && waited < 60_000; waited += 100) await sleep(100);
		if (!findRegistrationForm(discord)) throw new Error(`the bot posted no message with a button in #registration-form within 60 s; it printed:\n${bot.output().slice(-4000)}`);
		await lagOf(bot);
		const users = arrivals.map((_, index) => discord.addMember({ username: `rush${index}` }));
		// Members joined, the ticket index built: then one person opens the form before the crowd.
		await sleep(2000);
		await openRegistrationForm(discord, discord.addMember({ username: 'warm-up' }));
		const firstRequest = discord.requests.length;

		const started = Date.now();
		const outcomes = await rushIn(discord, arrivals, users, 30_000);
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
		// Everyone has their first answer and the line is at its longest: kill -9, then the same command again.
		const firstLagP99 = await lagOf(bot);
		rss.push(bot.peakRssMb());
		const crashedAt = Date.now();
		const identified = discord.gatewayStats.identified;
		await bot.kill();
		bot = start();
		for (let waited = 0; discord.gatewayStats.identified === identified && waited < 60_000; waited += 50) await sleep(50);
		const restartSeconds = (Date.now() - crashedAt) / 1000;
		// Every ticket type of the generated event maps to at least one role, and every ticket carries a name: a member is
		// done with a role and a nickname (usher's badge name; a bot that sets none is done at its first role).
		const setsNicknames = () => discord.events.some((e) => e.kind === 'nick');
		const isDone = (user: (typeof users)[number]) => discord.member(user).roles.length > 0 && (discord.member(user).nick !== null || !setsNicknames());
		const done = () => users.filter(isDone).length;
		for (let waited = 0; done() < PEOPLE && waited < 20 * 60_000 && bot.running(); waited += 250) await sleep(250);
		await sleep(1000);
		clearInterval(watchRoles);
		watch();
		const lagP99 = Math.max(firstLagP99, await lagOf(bot));
		rss.push(bot.peakRssMb());

		const ackMs = acknowledgementTimes(discord, firstRequest, outcomes);
		const answeredAtOnce = outcomes.filter((outcome) => outcome.result?.callbackType === 4).length;
		// A role given twice to one member: Discord would show it as a second add event for the same role.
		const addsPerUserRole = new Map<string, number>();
		for (const e of discord.events) if (e.kind === 'role.add') addsPerUserRole.set(`${e.userId} ${e.role}`, (addsPerUserRole.get(`${e.userId} ${e.role}`) ?? 0) + 1);
		const etaErrors = outcomes.flatMap((outcome, index) => {
			const promised = outcome.result ? promisedAt(outcome.result.firstContent ?? '') : null;
			const got = rolesAt.get(users[index]!.id);
			if (promised === null || got === undefined) return [];
			const actual = got - outcome.answeredAt;
			return actual > 0 ? [Math.abs(promised - outcome.answeredAt - actual) / actual] : [];
		});
		const accessWaits = outcomes.flatMap((outcome, index) => {
			const got = rolesAt.get(users[index]!.id);
			return got === undefined ? [] : [Math.max(0, (got - outcome.answeredAt) / 1000)];
		});
		accessWaits.sort((a, b) => a - b);
		const lastRole = Math.max(...[...doneAt].filter(([userId]) => rolesAt.has(userId)).map(([, at]) => at));
		const memberEdit = discordRouteFamilies.find((family) => family.name === 'member edit')!;
		const perSecond = memberEdit.limit / (memberEdit.windowMs / 1000 / SCALE);
		const floorSeconds = Math.max(PEOPLE / perSecond, SPAN_MS / 1000);
		const lastRoleSeconds = (lastRole - started) / 1000;
		const applied = done();
		const unknown = (value: number, digits = 1) => (Number.isFinite(value) ? round(value, digits) : 'n/a');
		return {
			bot: isUsher ? 'usher' : botCommand,
			model: 'discord',
			scale: SCALE,
			accessRole: accessRole || 'off',
			people: PEOPLE,
			ackMisses: ackMs.filter((ms) => ms > ACK_WINDOW_MS).length,
			ackP99Ms: unknown(percentile([...ackMs].sort((a, b) => a - b), 99), 0),
			answeredAtOnce,
			queuedAnswers: etaErrors.length,
			rolesApplied: applied,
			appliedTwice: new Set([...addsPerUserRole].filter(([, count]) => count > 1).map(([key]) => key.split(' ')[0])).size,
			lostAfterCrash: PEOPLE - applied,
			deadTokenEdits: discord.deadTokenRequests,
			etaErrorP95: etaErrors.length ? round(percentile([...etaErrors].sort((a, b) => a - b), 95), 3) : 'n/a',
			accessP50Seconds: unknown(percentile(accessWaits, 50)),
			accessP95Seconds: unknown(percentile(accessWaits, 95)),
			lastAccessSeconds: unknown((Math.max(...rolesAt.values()) - started) / 1000),
			lastRoleSeconds: unknown(lastRoleSeconds),
			floorSeconds: round(floorSeconds, 1),
			ratioToFloor: unknown(lastRoleSeconds / floorSeconds, 3),
			restartSeconds: round(restartSeconds, 1),
			received429: discord.rateModel!.stats.limited,
			// Every answer of the stand-in checked against Discord's OpenAPI spec, and every request the bot sent.
			specViolations: discord.specViolations.length,
			botPeakRssMb: Math.max(...rss),
			eventLoopLagP99Ms: unknown(lagP99)
		};
	} finally {
		await bot.stop();
		await world.close();
		await redis.kill();
	}
}
