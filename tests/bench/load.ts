import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { DiscordStandIn, type ModalView } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { generateEvent } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { startBot } from '../e2e/support/startBot';
import { openForm, submitForm } from '../e2e/support/registration';
import { sleep } from '../helpers/sleep';

// Registration day, compressed 10×: 2,000 people in 60 s real (10 min simulated), 200 of them in the same 10 s.
const PEOPLE = Number(process.env.LOAD_PEOPLE ?? 2000);
const SPAN_MS = Number(process.env.LOAD_SPAN_MS ?? 60_000);
const BURST = Math.round(PEOPLE / 10);
const BURST_MS = SPAN_MS / 6;
const GLOBAL_PER_SECOND = 50;
const ACK_WINDOW_MS = 3000;

const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN);
const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Peak resident set of a process, from the kernel's high-water mark. */
function peakRssMb(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmHWM:'));
	return round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024, 1);
}

/** The bot's event-loop lag p99 since the previous scrape (prom-client resets its histogram on every collect). */
async function eventLoopLagP99Ms(base: string): Promise<number> {
	const families = parsePrometheusTextFormat(await (await fetch(`${base}/metrics`)).text());
	const value = families.find((family) => family.name === 'usher_nodejs_eventloop_lag_p99_seconds')?.metrics[0]?.value;
	return round(Number(value) * 1000, 1);
}

/**
 * The real bot under a registration rush, against a Discord stand-in with Discord's per-route and 50/s global limits:
 * acknowledgements within 3 s, completion times, REST calls, 429s, memory, event-loop lag, and the rate-limit floor.
 */
export async function benchLoad(): Promise<Record<string, number | string>> {
	const rng = xoroshiro128plus(2026);
	const event = generateEvent({ seed: 11, orders: Math.ceil(PEOPLE * 1.4) });
	const people = event.orders
		.filter((order) => order.status === 'p' && !order.testmode)
		.flatMap((order) => order.positions.filter((p) => p.attendee_name && !p.canceled && !p.blocked && !p.addon_to).slice(0, 1).map((p) => ({ code: order.code, name: p.attendee_name! })))
		.slice(0, PEOPLE);
	if (people.length < PEOPLE) throw new Error(`the generated event has only ${people.length} registrable people`);
	const arrivals = people
		.map((person, index) => ({ person, at: index < BURST ? uniformInt(rng, 0, BURST_MS - 1) : uniformInt(rng, 0, SPAN_MS - 1) }))
		.sort((a, b) => a.at - b.at);

	const redis = await ThrowawayRedis.start();
	// Per-route buckets (keyed by major parameter, interactions per interaction) plus the global limit; LOAD_PER_ROUTE=0 drops the former.
	const perRoute = process.env.LOAD_PER_ROUTE === '0' ? undefined : { limit: 50, windowMs: 1000 };
	const discord = await DiscordStandIn.start({ rateLimits: { perRoute, global: GLOBAL_PER_SECOND }, validateResponses: false });
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
		const outcomes = await Promise.all(
			arrivals.map(async ({ person, at }, index) => {
				await sleep(at);
				const user = users[index]!;
				const clicked = Date.now();
				let modal: ModalView;
				try {
					modal = await openForm(discord, user);
				} catch {
					return { acks: [{ id: null, at: clicked }], submitted: clicked, done: Number.NaN, ok: false };
				}
				// Clicking Register is an interaction too: its acknowledgement (the modal) counts against the 3 s window.
				const click = { id: modal.interactionId, at: clicked };
				const submitted = Date.now();
				try {
					const result = await submitForm(discord, user, modal, person.code, person.name, 120_000);
					return { acks: [click, { id: result.interactionId, at: submitted }], submitted, done: Date.now(), ok: /You are registered/.test(result.content) };
				} catch {
					return { acks: [click, { id: null, at: submitted }], submitted, done: Number.NaN, ok: false };
				}
			})
		);
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
		const callbackAt = new Map<string, number>();
		for (const request of requests) {
			const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
			if (id && !callbackAt.has(id)) callbackAt.set(id, request.at.getTime());
		}
		const ackMs = outcomes.flatMap((outcome) => outcome.acks.map((ack) => (ack.id && callbackAt.has(ack.id) ? callbackAt.get(ack.id)! - ack.at : Number.POSITIVE_INFINITY)));
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
