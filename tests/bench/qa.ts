import { DateTime } from 'luxon';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView, type UserRef } from '../standins/discord';
import { demoGuild } from '../standins/discord/seed';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay } from '../e2e/support/programme';
import { eventually, startBot } from '../e2e/support/startBot';
import { percentile, round } from './support/crowd';

const TIMEZONE = 'Europe/Prague';
const SESSIONS = 50;
const MEMBERS = 2000;
/** One member in this many asks a question: ten per session. */
const ASKER_EVERY = 4;
/** Questions each member votes for in their session (never their own), then one repeated click that must not count. */
const VOTES_EACH = 5;
const PARALLEL_CLICKS = 60;
/** How often the visible counts are compared with the counted votes. */
const SAMPLE_MS = 250;

const rooms = Array.from({ length: SESSIONS }, (_, i) => `Room ${String(i + 1).padStart(2, '0')}`);
const channelOf = (room: string) => room.toLowerCase().replace(' ', '-');
/** Members 0–39 sit in session 0, 40–79 in session 1, and so on. */
const sessionOf = (memberIndex: number) => Math.floor(memberIndex / (MEMBERS / SESSIONS));

/**
 * 50 sessions start at once, each with its Q&A thread on its room post; 2,000 members ask (one in four) and vote
 * (five each, plus a repeated click), all at once, under Discord's real limits. Counts every vote once, 0 × 429, and
 * how far the visible 👍 counts ever fall behind the votes counted.
 */
export async function benchQa(): Promise<Record<string, unknown>> {
	const start = DateTime.now().setZone(TIMEZONE).plus({ minutes: 2 }).startOf('minute').plus({ minutes: 1 });
	const redis = await ThrowawayRedis.start();
	const seed = structuredClone(demoGuild());
	seed.channels.push(...rooms.map((room) => ({ name: channelOf(room), category: 'Rooms' })));
	const discord = await DiscordStandIn.start({ seed, rateLimits: { model: 'discord' } });
	const members: UserRef[] = Array.from({ length: MEMBERS }, (_, i) => discord.addMember({ username: `attendee${i}` }));
	const pretalx = await new PretalxStandin(
		conferenceDay({
			date: start.toISODate()!,
			timezone: TIMEZONE,
			rooms,
			slots: rooms.map((room, i) => ({ code: `S${i + 1}`, title: `Talk ${i + 1}: what we learned`, at: start.toFormat('HH:mm'), rooms: [room], minutes: 45 }))
		})
	).start();
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		overrides: {
			registration: { enabled: false },
			programme: { url: pretalx.frabUrl, timezone: TIMEZONE, refresh_minutes: 60, lead_minutes: 2, room_lead_minutes: 1, rooms: Object.fromEntries(rooms.map((room) => [room, channelOf(room)])) },
			qa: { enabled: true, question_cooldown_seconds: 0 }
		},
		readyTimeoutMs: 60_000
	});
	const storedVotes = () => bot.rows<{ n: number }>('SELECT COUNT(*) AS n FROM qa_votes')[0]!.n;
	try {
		await eventually(() => /Programme [^:]+: 50 sessions/.test(bot.output()), 'the first refresh', 30_000);
		const threads = () => rooms.map((room) => discord.threadsIn(channelOf(room))[0]);
		await eventually(() => threads().every((thread) => !!thread), 'a thread in every room', 240_000);
		const roomPosts = rooms.map((room) => discord.messagesIn(channelOf(room)).find((message) => message.authorId === discord.botUser.id && message.type === 0)!);
		const openedAfterPost = threads().map((thread, i) => (thread!.createdAt.getTime() - roomPosts[i]!.createdAt.getTime()) / 1000);
		const limitedBefore = discord.rateModel!.stats.limited;

		// Questions: one member in four, all at once.
		const asking = Date.now();
		const askers = members.filter((_, i) => i % ASKER_EVERY === 0);
		const askLatencies: number[] = [];
		const askAnswers = new Map<string, number>();
		await inParallel(askers, PARALLEL_CLICKS, async (member) => {
			const i = members.indexOf(member);
			const thread = threads()[sessionOf(i)]!;
			const sent = Date.now();
			const answer = await discord.runCommand(member, 'ask', { options: { question: `Question from ${member.username}: how does it scale?` }, channel: thread.id, timeoutMs: 60_000 });
			askLatencies.push(Date.now() - sent);
			askAnswers.set(answer.content, (askAnswers.get(answer.content) ?? 0) + 1);
		});
		const isQuestion = (message: MessageView) => message.authorId === discord.botUser.id && /^❓|^✅/.test(message.content);
		const questionsIn = (s: number) => discord.messagesInThread(threads()[s]!.id).filter(isQuestion);
		await eventually(() => rooms.every((_, s) => questionsIn(s).length === MEMBERS / ASKER_EVERY / SESSIONS), `every question posted (answers: ${JSON.stringify([...askAnswers])})`, 120_000);
		const askingSeconds = (Date.now() - asking) / 1000;

		// Votes: every member votes for five questions of their session that are not their own, then clicks one again.
		const questionMessages = rooms.map((_, s) => questionsIn(s));
		const counted = new Map<string, number>();
		const behindSince = new Map<string, number>();
		let maxBehindMs = 0;
		const sample = () => {
			const now = Date.now();
			for (const messages of questionMessages) {
				const current = new Map(discord.messagesInThread(messages[0]!.channelId).map((candidate) => [candidate.id, candidate]));
				for (const message of messages) {
					const shown = Number(current.get(message.id)?.components[0]?.components[0]?.label);
					const behind = shown < (counted.get(message.id) ?? 0);
					if (behind && !behindSince.has(message.id)) behindSince.set(message.id, now);
					if (!behind && behindSince.has(message.id)) {
						maxBehindMs = Math.max(maxBehindMs, now - behindSince.get(message.id)!);
						behindSince.delete(message.id);
					}
				}
			}
		};
		const sampler = setInterval(sample, SAMPLE_MS);
		const clicks: Array<{ member: UserRef; message: MessageView; repeat: boolean }> = [];
		members.forEach((member, i) => {
			const own = `Question from ${member.username}:`;
			const choices = questionMessages[sessionOf(i)]!.filter((message) => !message.content.includes(own));
			const mine = Array.from({ length: VOTES_EACH }, (_, k) => choices[(i + k * 3) % choices.length]!);
			for (const message of new Set(mine)) clicks.push({ member, message, repeat: false });
			clicks.push({ member, message: mine[0]!, repeat: true });
		});
		// Repeats go last, so each follows its first click.
		clicks.sort((a, b) => Number(a.repeat) - Number(b.repeat));
		const voting = Date.now();
		const voteLatencies: number[] = [];
		let refusedRepeats = 0;
		await inParallel(clicks, PARALLEL_CLICKS, async ({ member, message, repeat }) => {
			const sent = Date.now();
			const label = String(discord.messagesInThread(message.channelId).find((candidate) => candidate.id === message.id)!.components[0].components[0].label);
			const result = await discord.clickButton(member, message, { label }, { timeoutMs: 60_000 });
			voteLatencies.push(Date.now() - sent);
			if (result.callbackType === 7) counted.set(message.id, (counted.get(message.id) ?? 0) + 1);
			else if (repeat && result.ephemeral) refusedRepeats++;
		});
		const votingSeconds = (Date.now() - voting) / 1000;
		const countedVotes = [...counted.values()].reduce((sum, n) => sum + n, 0);
		// Every count shown as counted, then the last stretch of lag is measured too.
		await eventually(() => (sample(), behindSince.size === 0), 'every count shown', 120_000);
		clearInterval(sampler);
		voteLatencies.sort((a, b) => a - b);
		askLatencies.sort((a, b) => a - b);
		const firstClicks = clicks.filter((click) => !click.repeat).length;
		return {
			sessions: SESSIONS,
			members: MEMBERS,
			threadsOpened: threads().filter(Boolean).length,
			threadOpenedAfterRoomPostSecondsMax: round(Math.max(...openedAfterPost), 1),
			questions: questionMessages.flat().length,
			askingSeconds: round(askingSeconds, 1),
			askAnswerMs: { p50: percentile(askLatencies, 50), p99: percentile(askLatencies, 99) },
			voteClicks: firstClicks,
			votesCounted: countedVotes,
			votesStored: storedVotes(),
			repeatedClicksRefused: refusedRepeats,
			repeatedClicks: clicks.length - firstClicks,
			votingSeconds: round(votingSeconds, 1),
			votesPerSecond: round(firstClicks / votingSeconds, 0),
			voteAnswerMs: { p50: percentile(voteLatencies, 50), p99: percentile(voteLatencies, 99) },
			countsBehindSecondsMax: round(maxBehindMs / 1000, 2),
			countsSampledEveryMs: SAMPLE_MS,
			received429: discord.rateModel!.stats.limited,
			received429AfterThreads: discord.rateModel!.stats.limited - limitedBefore,
			restCalls: discord.rateModel!.stats.allowed,
			specViolations: discord.specViolations.length + discord.responseViolations.length
		};
	} catch (error) {
		// What the bot said is the first thing to read when the bench fails.
		console.error(bot.output().split('\n').filter((line) => /WARN|ERROR/.test(line)).slice(-30).join('\n'));
		throw error;
	} finally {
		await bot.stop();
		await discord.close();
		await pretalx.stop();
		await redis.kill();
	}
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length) await work(items[next++]!);
		})
	);
}
