import { expect } from 'chai';
import { Locale } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fallbackLanguage } from '#lib/i18n/language';
import { qaTexts } from '#lib/qa/qaTexts';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// Two real seconds per simulated minute: the room post and its thread at 09:58 (+16 s, the room lead), the session
// ends at 10:10 (+40 s), the summary and the archive at 10:12 (+44 s).
const SPEED = 30;
const t = qaTexts(fallbackLanguage);

describe('e2e: a Q&A thread per session, questions ranked by votes, the chair’s list (real bot, Discord + pretalx stand-ins)', function () {
	this.timeout(240_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-qa-'));
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				registration: { enabled: false },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T09:50:00+02:00`, speed: SPEED, refresh_minutes: 600 },
				qa: { enabled: true, archive_minutes: 2, question_cooldown_seconds: 0 }
			},
			readyTimeoutMs: 60_000
		});
	// The bot's own messages; a thread started on a post also holds Discord's starter-message reference (type 21).
	const fromBot = (messages: MessageView[]) => messages.filter((message) => message.authorId === discord.botUser.id && message.type !== 21);
	const thread = () => discord.threadsIn('forum-hall')[0];
	const inThread = () => fromBot(discord.messagesInThread(thread()!.id));
	const questions = () => inThread().filter((message) => message.content.startsWith('❓') || message.content.startsWith('✅') || message.content.startsWith('🙈'));
	const questionSaying = (text: string) => questions().find((message) => message.content.endsWith(`\n${text}`))!;
	const votesOn = (message: MessageView) => String(message.components[0]?.components[0]?.label);
	const ask = (user: string, question: string, anonymous = false) => discord.runCommand(discord.user(user), 'ask', { options: { question, anonymous }, channel: thread()!.id });
	const vote = (user: string, message: MessageView) => discord.clickButton(discord.user(user), message, { label: votesOn(message) });
	// dana organizes and, as an admin, sees the room channels (olivia does not).
	const qaTop = (user: string) => discord.runCommand(discord.user(user), 'qa', { subcommand: 'top', channel: thread()!.id });
	const rows = <T>(sql: string) => bot.rows<T>(sql);

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start({ rateLimits: { model: 'discord' } });
		for (const username of ['ann', 'bob', 'cat', 'dan', 'eve', 'fritz']) discord.addMember({ username, roles: ['Participants'] });
		pretalx = await new PretalxStandin(
			conferenceDay({ date: DATE, timezone: TIMEZONE, slots: [{ code: 'S1', title: 'Taming asyncio', at: '10:00', rooms: ['Forum Hall'], minutes: 10 }] })
		).start();
		bot = await boot();
		await eventually(() => /Programme 1\.0: \d+ sessions/.test(bot.output()), 'the first refresh', 30_000);
		timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('opens one thread on the room post before the session, with the ask buttons', async () => {
		await eventually(() => !!thread() && inThread().length === 1, 'the thread and its intro', 60_000);
		const roomPost = fromBot(discord.messagesIn('forum-hall'))[0]!;
		const opened = thread()!;
		expect([opened.name, opened.starterMessageId, opened.archived]).to.deep.equal(['Q&A · Taming asyncio', roomPost.id, false]);
		expect(opened.createdAt.getTime(), 'not before 09:58').to.be.at.least(timeline.real('09:58') - 1000);
		expect(opened.createdAt.getTime(), 'before the session').to.be.below(timeline.real('10:00'));
		const [intro] = inThread();
		expect(intro!.content).to.equal(t('intro', { title: 'Taming asyncio' }));
		expect(intro!.components[0].components.map((button: { label: string }) => button.label)).to.deep.equal([t('askButton'), t('askAnonymousButton')]);
	});

	it('takes questions from the form and from /ask, escaped and pinging nobody, anonymous when asked', async () => {
		const form = await discord.clickButton(discord.user('ann'), inThread()[0]!, { label: t('askButton') });
		expect(form.modal?.title).to.equal(t('modalTitle'));
		const asked = await discord.submitModal(discord.user('ann'), form.modal!, { question: 'Does it work with @everyone **trio**?' });
		expect([asked.ephemeral, asked.content]).to.deep.equal([true, t('asked')]);
		expect((await ask('bob', 'How do you cancel a task group?', true)).content).to.equal(t('askedAnonymously'));
		expect((await ask('cat', 'What about uvloop?')).content).to.equal(t('asked'));
		expect((await discord.runCommand(discord.user('cat'), 'ask', { options: { question: 'Here?' }, channel: 'hallway' })).content).to.equal(t('notQaThread'));
		// A German client hears it in German; the thread itself speaks `[bot] language`.
		discord.setLocale(discord.user('fritz'), Locale.German);
		expect((await discord.runCommand(discord.user('fritz'), 'ask', { options: { question: 'Here?' }, channel: 'hallway' })).content).to.equal(qaTexts('de')('notQaThread'));
		await eventually(() => questions().length === 3, 'three questions posted');
		expect(questions().map((message) => message.content)).to.deep.equal([
			'❓ **ann** asks:\nDoes it work with @\u200beveryone \\*\\*trio\\*\\*?',
			'❓ Anonymous question:\nHow do you cancel a task group?',
			'❓ **cat** asks:\nWhat about uvloop?'
		]);
		expect(questions().map(votesOn)).to.deep.equal(['0', '0', '0']);
	});

	it('counts one vote per member, never one’s own, and shows the count on the message at once', async () => {
		const anonymous = () => questionSaying('How do you cancel a task group?');
		for (const user of ['dan', 'eve', 'ann']) expect((await vote(user, anonymous())).callbackType, user).to.equal(7);
		expect(votesOn(anonymous())).to.equal('3');
		const again = await vote('dan', anonymous());
		expect([again.ephemeral, again.content]).to.deep.equal([true, t('voteAgain', { count: 3 })]);
		expect((await vote('bob', anonymous())).content).to.equal(t('voteOwn'));
		await vote('dan', questionSaying('What about uvloop?'));
		// Clicks at once from three members on one question: every one counted, the message ends at the stored count.
		await Promise.all(['bob', 'dan', 'eve'].map((user) => vote(user, questionSaying('Does it work with @\u200beveryone \\*\\*trio\\*\\*?'))));
		await eventually(() => votesOn(questionSaying('Does it work with @\u200beveryone \\*\\*trio\\*\\*?')) === '3', 'the three parallel votes shown');
		expect(rows<{ n: number }>('SELECT COUNT(*) AS n FROM qa_votes')[0]!.n).to.equal(7);
	});

	it('shows the chair the ranked list, refuses everyone else, and marks answered through a restart', async () => {
		const refused = await qaTop('eve');
		expect([refused.ephemeral, refused.content]).to.deep.equal([true, t('notChair')]);
		const list = await qaTop('dana');
		expect(list.ephemeral).to.equal(true);
		expect(list.content.split('\n')).to.deep.equal([
			t('topTitle', { title: 'Taming asyncio' }),
			t('topCounts', { open: 3, answered: 0, hidden: 0 }),
			t('topLine', { rank: 1, votes: 3, text: 'Does it work with @\u200beveryone \\*\\*trio\\*\\*?', who: 'ann' }),
			t('topLine', { rank: 2, votes: 3, text: 'How do you cancel a task group?', who: t('anonymousWho') }),
			t('topLine', { rank: 3, votes: 1, text: 'What about uvloop?', who: 'cat' })
		]);
		const anonymousId = rows<{ id: number }>("SELECT id FROM qa_questions WHERE anonymous = 1")[0]!.id;
		const marked = await discord.selectMenu(discord.user('dana'), list, `usher:qa:answer:${thread()!.id}`, [String(anonymousId)]);
		expect(marked.content.split('\n')[0]).to.equal(t('markedAnswered', { text: '“How do you cancel a task group?”' }));
		await eventually(() => questionSaying('How do you cancel a task group?').content.startsWith(t('answeredMark')), 'the answered mark on the message');
		// A crash while the thread is open: nothing doubles, nothing is lost.
		await bot.kill();
		bot = await boot();
		expect((await vote('eve', questionSaying('What about uvloop?'))).callbackType).to.equal(7);
		expect(discord.threadsIn('forum-hall')).to.have.length(1);
		expect(inThread().filter((message) => message.content === t('intro', { title: 'Taming asyncio' }))).to.have.length(1);
	});

	it('posts the summary after the session, then archives and locks the thread', async () => {
		await eventually(() => !!thread()?.archived, 'the thread archived', 120_000);
		const summaries = inThread().filter((message) => message.content.startsWith('📋'));
		expect(summaries).to.have.length(1);
		expect(summaries[0]!.createdAt.getTime(), 'not before 10:12').to.be.at.least(timeline.real('10:12') - 1000);
		expect(summaries[0]!.content.split('\n')).to.deep.equal([
			t('summaryTitle', { title: 'Taming asyncio' }),
			t('summaryCounts', { questions: 3, votes: 8, answered: 1 }),
			t('summaryLine', { rank: 1, votes: 3, answered: '', text: 'Does it work with @\u200beveryone \\*\\*trio\\*\\*?' }),
			t('summaryLine', { rank: 2, votes: 3, answered: ' ✅', text: 'How do you cancel a task group?' }),
			t('summaryLine', { rank: 3, votes: 2, answered: '', text: 'What about uvloop?' }),
			t('summaryThanks')
		]);
		expect(thread()!.locked).to.equal(true);
		expect(rows<{ status: string }>('SELECT status FROM qa_threads').map((row) => row.status)).to.deep.equal(['closed']);
		expect(discord.activeThreadCount()).to.equal(0);
	});

	it('kept to Discord’s spec and limits throughout: no spec violation, no 429', () => {
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
		expect(discord.rateModel!.stats.limited).to.equal(0);
	});
});
