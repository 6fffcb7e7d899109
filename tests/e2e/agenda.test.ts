import Database from 'better-sqlite3';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agendaReplies } from '#lib/agenda/agendaTexts';
import { statisticsTexts } from '#lib/statistics/text';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';

const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'K1', title: 'Keynote: Python in 2026', at: '09:10', rooms: ['Forum Hall'], minutes: 45, kind: 'keynote' },
			{ code: 'S1', title: 'Taming asyncio', at: '09:15', rooms: ['South Hall 2A'] },
			{ code: 'S2', title: 'Pythonistas of Łódź', at: '10:30', rooms: ['Terrace 2A'] },
			{ code: null, title: 'Coffee break', at: '10:00', rooms: ['Forum Hall'], kind: 'break' }
		]
	});

describe('e2e: a personal agenda with /agenda (real bot, Discord + pretalx stand-ins)', function () {
	this.timeout(90_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-agenda-'));
	// A rehearsal by default; the last tests run the live bot on the same data, long after this July conference.
	const boot = (rehearsal = true) =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				registration: { enabled: false },
				// The rehearsal starts early in the morning, so every session is still to come.
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, ...(rehearsal ? { simulated_start: `${DATE}T07:00:00+02:00` } : {}), speed: 1, refresh_minutes: 60 },
				agenda: { retention_days: 30 }
			},
			readyTimeoutMs: 60_000
		});
	const agenda = (user: string, subcommand: string, options: Record<string, string> = {}) =>
		discord.runCommand(discord.user(user), 'agenda', { subcommand, ...(Object.keys(options).length ? { options } : {}) });
	const typeInto = (user: string, subcommand: string, typed: string) => discord.autocomplete(discord.user(user), 'agenda', { subcommand, focused: 'session', typed });
	const storedBookmarks = () => bot.rows('SELECT user_id, session_code FROM agenda_bookmarks ORDER BY user_id, session_code');

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretalx = await new PretalxStandin(day()).start();
		bot = await boot();
		await eventually(() => /Programme 1\.0: \d+ sessions/.test(bot.output()), 'the first refresh', 30_000);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('suggests sessions as a member types: by title, with a typo, without accents, by speaker; never a break', async () => {
		const names = async (typed: string) => ((await typeInto('peter', 'add', typed)).choices ?? []).map((choice) => choice.value);
		expect(await names('asyncio')).to.deep.equal(['S1']);
		expect(await names('asycnio'), 'two letters swapped').to.deep.equal(['S1']);
		expect(await names('lodz'), 'Łódź typed without its accents').to.deep.equal(['S2']);
		expect(await names('speaker 1')).to.include('K1');
		expect(await names('coffee')).to.deep.equal([]);
		const all = (await typeInto('peter', 'add', '')).choices!;
		expect(all.map((choice) => choice.value), 'nothing typed: the next sessions in start order').to.deep.equal(['K1', 'S1', 'S2']);
		expect(all[0]!.name).to.equal('Keynote: Python in 2026 — Speaker 1 · Wed 09:10 · Forum Hall');
	});

	it('bookmarks from the command, once, ephemerally, and says so for an unknown session', async () => {
		const added = await agenda('peter', 'add', { session: 'K1' });
		expect(added.ephemeral).to.equal(true);
		expect(added.content).to.equal('🔖 Bookmarked **Keynote: Python in 2026** (Wednesday 15 July, 09:10). `/agenda list` shows your day.');
		expect((await agenda('peter', 'add', { session: 'K1' })).content).to.equal('**Keynote: Python in 2026** is on your agenda already.');
		expect((await agenda('peter', 'add', { session: 'typed text, not a choice' })).content).to.match(/^I could not find that session/);
		await agenda('peter', 'add', { session: 'S1' });
		expect(storedBookmarks()).to.deep.equal([
			{ user_id: discord.user('peter').id, session_code: 'K1' },
			{ user_id: discord.user('peter').id, session_code: 'S1' }
		]);
	});

	it('lists the day in the conference time zone with overlaps marked, and keeps it across a restart', async () => {
		const expected = [
			'**Your agenda for today** (2 sessions, times in Europe/Prague)',
			'',
			'__Wednesday 15 July__',
			'• 09:10–09:55 **Keynote: Python in 2026** — Speaker 1 · Forum Hall ⚠️ overlaps another of your sessions',
			'• 09:15–09:45 **Taming asyncio** — Speaker 2 · South Hall 2A ⚠️ overlaps another of your sessions'
		].join('\n');
		expect((await agenda('peter', 'list')).content).to.equal(expected);
		await bot.kill();
		bot = await boot();
		// The new process answers once it has the programme again (an unchanged refresh logs nothing to wait for).
		let upcoming = await agenda('peter', 'list', { when: 'upcoming' });
		for (let tries = 0; upcoming.content === agendaReplies.noProgramme && tries < 100; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 200));
			upcoming = await agenda('peter', 'list', { when: 'upcoming' });
		}
		expect(upcoming.content.replace('Your agenda**', 'Your agenda for today**')).to.equal(expected);
	});

	it("offers only the member's own bookmarks to remove, and removes one", async () => {
		await agenda('sara', 'add', { session: 'S2' });
		expect(((await typeInto('peter', 'remove', '')).choices ?? []).map((choice) => choice.value)).to.deep.equal(['K1', 'S1']);
		expect((await agenda('peter', 'remove', { session: 'S1' })).content).to.equal('Removed **Taming asyncio** from your agenda.');
		expect((await agenda('peter', 'remove', { session: 'S1' })).content).to.equal('That session is not on your agenda, so there was nothing to remove.');
	});

	it('/agenda clear deletes every bookmark of the member and nobody else’s', async () => {
		expect((await agenda('peter', 'clear')).content).to.equal('Done: your agenda is empty now (1 bookmark deleted).');
		expect((await agenda('peter', 'list')).content).to.match(/^Nothing on your agenda for the rest of today/);
		expect(storedBookmarks()).to.deep.equal([{ user_id: discord.user('sara').id, session_code: 'S2' }]);
		expect((await agenda('peter', 'clear')).content).to.equal('Your agenda was already empty; nothing was stored about you.');
	});

	it('/stats programme counts the bookmarks for organizers and says scheduled events are off in a rehearsal', async () => {
		const reply = await discord.runCommand(discord.user('olivia'), 'stats', { subcommand: 'programme' });
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include('🔖 Bookmarks: 1 on 1 session, by 1 member.').and.include(statisticsTexts()('interestedOff')).and.include(statisticsTexts()('noSeats'));
		expect(reply.embeds.map((embed) => embed.title)).to.deep.equal(['Wednesday 15 July']);
		expect(reply.embeds[0]!.fields).to.deep.equal([{ name: '10:30 · 1 session', value: '🔖 1 · **Pythonistas of Łódź** · Terrace 2A' }]);
		expect(reply.attachments.map((attachment) => attachment.name)).to.deep.equal(['bookmarks-per-session.png']);
		expect(JSON.stringify([reply.content, reply.embeds])).not.to.include(discord.user('sara').id);
	});

	describe('retention: every agenda, speaker and Q&A row deleted by the daily task once the conference is 30 days over', () => {
		const others = ['111111111111111111', '222222222222222222'];
		const rowCount = (table: string) => bot.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`)[0]!.n;
		const runRetention = async (expected: RegExp) => {
			const queue = new Queue('usher', { connection: { host: '127.0.0.1', port: redis.port } });
			queue.on('error', () => undefined);
			try {
				const scheduled = (await queue.getRepeatableJobs()).find((job) => job.name === 'agendaRetention');
				expect(Number(scheduled?.every), 'checked once a day').to.equal(86_400_000);
				// Run it now instead of waiting a day: the same job the repeat adds.
				await queue.add('agendaRetention', null);
				await eventually(() => expected.test(bot.output()), `the retention run printing ${expected}`, 15_000);
			} finally {
				await queue.close();
			}
		};

		before(() => {
			// More members' bookmarks, written as /agenda add would have in July.
			const db = new Database(bot.databaseFile);
			try {
				const insert = db.prepare("INSERT INTO agenda_bookmarks (user_id, session_code, created_at) VALUES (?, ?, '2026-07-15T05:00:00.000Z')");
				for (const user of others) for (const code of ['K1', 'S1']) insert.run(user, code);
				// A speaker's link and a Q&A question with its vote, as those features would have kept them.
				db.prepare("INSERT INTO speaker_links (user_id, speaker_key, speaker_name, linked_by, linked_at) VALUES (?, 'code:P1', 'Zoë Ünal', 'usher', 'x')").run(others[0]);
				db.prepare("INSERT INTO qa_threads (namespace, session_code, status, thread_id, updated_at) VALUES ('', 'S1', 'closed', '333333333333333333', 'x')").run();
				const question = db.prepare("INSERT INTO qa_questions (thread_id, asker_id, asker_name, text, asked_at) VALUES ('333333333333333333', ?, 'Zoë', 'Why asyncio?', 'x')").run(others[0]).lastInsertRowid;
				db.prepare("INSERT INTO qa_votes (question_id, user_id, voted_at) VALUES (?, ?, 'x')").run(question, others[1]);
			} finally {
				db.close();
			}
		});

		it('a rehearsal deletes nothing, though the real conference ended long ago', async () => {
			expect(storedBookmarks()).to.have.length(5);
			await runRetention(/Personal data retention: a rehearsal never deletes personal data\./);
			expect(storedBookmarks()).to.have.length(5);
		});

		it('the live bot deletes every agenda, speaker and Q&A row of every member, logging only counts', async () => {
			await bot.kill();
			bot = await boot(false);
			// The live programme is the same July day: over, and its retention too, once the bot has the programme again.
			let list = await agenda('sara', 'list');
			for (let tries = 0; list.content === agendaReplies.noProgramme && tries < 100; tries++) {
				await new Promise((resolve) => setTimeout(resolve, 200));
				list = await agenda('sara', 'list');
			}
			expect(list.content, 'the live bot has the programme').not.to.equal(agendaReplies.noProgramme);
			// The members who bookmarked by command have a DM channel kept for their reminders: personal data too.
			const settings = rowCount('agenda_members');
			const channels = rowCount('dm_channels');
			expect(channels, 'DM channels kept').to.be.above(0);
			const emptySpeakerTables = 'speaker_link_refusals 0, speaker_role_holders 0, speaker_checkins 0, speaker_nags 0';
			await runRetention(
				new RegExp(
					`Personal data retention: deleted ${9 + settings + channels} rows \\(agenda_bookmarks 5, agenda_members ${settings}, agenda_dms 0, speaker_links 1, ${emptySpeakerTables}, qa_votes 1, qa_questions 1, qa_threads 1, dm_channels ${channels}\\), 30 days after the last session\\.`
				)
			);
			expect(storedBookmarks()).to.deep.equal([]);
			for (const table of ['agenda_members', 'agenda_dms', 'speaker_links', 'qa_votes', 'qa_questions', 'qa_threads', 'dm_channels']) expect(rowCount(table), table).to.equal(0);
			const lines = bot.output().split('\n').filter((line) => line.includes('Personal data retention'));
			for (const id of [...others, discord.user('sara').id]) expect(lines.join('\n')).not.to.include(id);
			expect((await agenda('sara', 'list', { when: 'upcoming' })).content).to.match(/^Your agenda is empty/);
		});
	});
});
