import { Queue } from 'bullmq';
import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roomSlug } from '../../src/lib/programme/NotificationPlanner';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, ledgerRows, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
const SPEED = 120; // one simulated minute every half second
const STREAM_DAY_1 = 'https://www.youtube.com/watch?v=forum-hall-day-1';

// A conference morning in rehearsal: lead 10 minutes for the main channel, 3 for rooms.
const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'K1', title: 'Keynote: Python in 2026', at: '09:10', rooms: ['Forum Hall', 'South Hall 2A', 'South Hall 2B'], minutes: 45, kind: 'keynote' },
			{ code: 'S1', title: 'Taming asyncio', at: '09:15', rooms: ['Forum Hall'] },
			{ code: 'S2', title: '**Bold** claims about @everyone', at: '09:15', rooms: ['South Hall 2A'] },
			{ code: null, title: 'Coffee break', at: '09:15', rooms: ['Forum Hall', 'South Hall 2A', 'South Hall 2B', 'Terrace 2A', 'Terrace 2B', 'Exhibit Hall'], kind: 'break' },
			{ code: 'S3', title: 'Profiling pandas', at: '09:30', rooms: ['Terrace 2A'] },
			{ code: 'S4', title: 'Rust extensions for everyone', at: '09:45', rooms: ['Terrace 2B'] },
			{ code: 'S5', title: 'Scaling Django', at: '09:55', rooms: ['South Hall 2B'] },
			{ code: 'S6', title: 'Teaching pytest', at: '10:05', rooms: ['Terrace 2A'] },
			{ code: 'S7', title: 'Packaging in practice', at: '10:05', rooms: ['South Hall 2A'] }
		]
	});

describe('e2e: programme notifications in a rehearsal (real bot, Discord + pretalx stand-ins)', function () {
	this.timeout(40_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	let queue: Queue;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-programme-'));
	const livestreamsFile = join(workDir, 'config', 'livestreams.toml');
	const lateness: Array<{ what: string; seconds: number; onTime: boolean }> = [];

	const writeLivestreams = (url: string) => writeFileSync(livestreamsFile, `[rooms.forum-hall]\nname = "Forum Hall"\n"${DATE}" = "${url}"\n`);
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				registration: { enabled: false },
				programme: {
					url: pretalx.frabUrl,
					timezone: TIMEZONE,
					simulated_start: `${DATE}T08:50:00+02:00`,
					speed: SPEED,
					lead_minutes: 10,
					room_lead_minutes: 3,
					refresh_minutes: 60,
					livestreams_file: 'config/livestreams.toml'
				}
			}
		});
	const posts = (channel: string): MessageView[] => discord.messagesIn(channel).filter((message) => message.authorId === discord.botUser.id);
	const postsAbout = (channel: string, title: string) => posts(channel).filter((message) => message.embeds.some((embed) => String(embed.title).includes(title)));
	const minute = (at: string) => Math.floor(timeline.simulated(at).getTime() / 60_000);
	const mainId = (at: string) => `n_main_${minute(at)}`;
	const roomId = (room: string, at: string) => `n_roomshort_${roomSlug(room)}_${minute(at)}`;
	/** Waits for the post, then records how late it came in real seconds against the planned simulated minute. */
	const expectPost = async (channel: string, title: string, plannedAt: string, onTime = true) => {
		await eventually(() => postsAbout(channel, title).length > 0, `a post about "${title}" in #${channel}`, 8000);
		const post = postsAbout(channel, title)[0]!;
		lateness.push({ what: `${title} #${channel}`, seconds: (post.createdAt.getTime() - timeline.real(plannedAt)) / 1000, onTime });
		return post;
	};
	const topicEdits = (channel: string) => discord.events.filter((event) => event.kind === 'topic' && event.where === `#${channel}`).length;

	before(async () => {
		mkdirSync(join(workDir, 'config'), { recursive: true });
		writeLivestreams(STREAM_DAY_1);
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretalx = await new PretalxStandin(day()).start();
		bot = await boot();
		timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
		queue = new Queue('usher', { connection: { host: '127.0.0.1', port: redis.port } });
		// Our own look into Redis also loses its connection while Redis restarts; that is expected here.
		queue.on('error', () => undefined);
	});

	after(async () => {
		await queue?.close();
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('schedules delayed jobs with deterministic ids at the planned minutes', async () => {
		await eventually(() => /Programme 1\.0: 9 sessions/.test(bot.output()), 'the first refresh');
		const job = await queue.getJob(mainId('09:15'));
		expect(job?.data).to.deep.equal({ id: mainId('09:15'), notifyAt: timeline.simulated('09:05').toISOString() });
		expect(await queue.getJob(roomId('Terrace 2A', '09:30'))).to.not.equal(undefined);
	});

	it('announces a multi-room keynote once in main and once in each of its rooms, at the right minute', async () => {
		const main = await expectPost('programme-notifications', 'Keynote: Python in 2026', '09:00');
		expect(main.content).to.equal('# Sessions starting in 10 minutes');
		expect(main.embeds).to.have.length(1);
		const fields = Object.fromEntries((main.embeds[0]!.fields as Array<{ name: string; value: string }>).map((field) => [field.name, field.value]));
		expect(fields.Rooms).to.equal('Forum Hall, South Hall 2A, South Hall 2B');
		expect(fields.Livestream).to.equal(`[Watch live](${STREAM_DAY_1})`);
		// 09:10 in Prague is 07:10 UTC: the bot runs with TZ=UTC and must not shift it.
		expect(main.embeds[0]!.footer.text).to.equal('Starts at 09:10 local time (Europe/Prague)');
		for (const room of ['forum-hall', 'south-hall-2a', 'south-hall-2b']) {
			const post = await expectPost(room, 'Keynote: Python in 2026', '09:07');
			expect(post.content).to.match(/^# Starting in 3 minutes in /);
		}
		for (const room of ['terrace-2a', 'terrace-2b', 'exhibit-hall']) expect(postsAbout(room, 'Keynote')).to.deep.equal([]);
		expect(postsAbout('programme-notifications', 'Keynote')).to.have.length(1);
	});

	it('groups sessions that start together into one main post and skips the break', async () => {
		const main = await expectPost('programme-notifications', 'Taming asyncio', '09:05');
		expect(main.embeds.map((embed) => embed.title)).to.deep.equal(['Taming asyncio', '\\*\\*Bold\\*\\* claims about @\u200beveryone']);
		await expectPost('south-hall-2a', 'claims about', '09:12');
		expect(discord.messagesIn('programme-notifications').some((message) => JSON.stringify(message).includes('Coffee break'))).to.equal(false);
	});

	it('posts once when the bot restarts inside the lead window, serving the saved schedule while pretalx is down', async () => {
		await expectPost('programme-notifications', 'Profiling pandas', '09:20');
		expect(await bot.stop(), 'graceful stop exit code').to.equal(0);
		pretalx.inject({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
		bot = await boot();
		await bot.waitForOutput(/using the saved schedule 1\.0/);
		// Due while the bot was down or loading: sent as soon as it is back, possibly with the late note.
		await expectPost('terrace-2a', 'Profiling pandas', '09:27', false);
		expect(postsAbout('programme-notifications', 'Profiling pandas')).to.have.length(1);
		expect(postsAbout('terrace-2a', 'Profiling pandas')).to.have.length(1);
		const status = await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'status' });
		expect(status.ephemeral).to.equal(true);
		expect(status.content).to.include('Source: frab, version 1.0 (9 sessions).');
		expect(status.content).to.match(/⚠️ Last attempt .+ failed: .+answered HTTP 503 \(using the saved copy\)\./);
	});

	it('loses nothing and doubles nothing when Redis restarts empty', async () => {
		await redis.kill('SIGKILL');
		await timeline.until('09:36');
		redis = await ThrowawayRedis.start(redis.port);
		const late = await expectPost('programme-notifications', 'Rust extensions', '09:35', false);
		expect(late.content).to.match(/^# Sessions starting in \d+ minutes\n-# This reminder comes a little late; sorry about that\.$/);
		await expectPost('terrace-2b', 'Rust extensions', '09:42');
		expect(postsAbout('programme-notifications', 'Rust extensions')).to.have.length(1);
		expect(postsAbout('terrace-2b', 'Rust extensions')).to.have.length(1);
		expect((await queue.getRepeatableJobs()).map((job) => job.name), 'repeated refresh restored').to.include('programmeRefresh');
	});

	it('announces a move, a room change and a cancellation, edits the posted notice and moves the jobs', async () => {
		const posted = await expectPost('programme-notifications', 'Scaling Django', '09:45');
		pretalx.moveSession('S5', 10);
		pretalx.reroomSession('S6', 'Exhibit Hall');
		pretalx.cancelSession('S7');
		const reply = await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		expect(reply.content).to.include('Fetched schedule version 1.3: 8 sessions.');
		const changes = posts('programme-notifications').filter((message) => /Schedule change|Room change|Cancelled/.test(message.content));
		expect(changes.map((message) => message.content).join('\n').split('\n')).to.deep.equal([
			'🔁 Schedule change: “Scaling Django” moved 09:55 → 10:05 (South Hall 2B)',
			'🚪 Room change: “Teaching pytest” at 10:05 is now in Exhibit Hall (was Terrace 2A)',
			'❌ Cancelled: “Packaging in practice” (10:05, South Hall 2A)'
		]);
		await eventually(() => discord.findMessage('programme-notifications', (message) => message.id === posted.id)?.editedAt !== null, 'the edited notice');
		const edited = discord.findMessage('programme-notifications', (message) => message.id === posted.id)!;
		expect(edited.embeds[0]!.fields[0]).to.deep.equal({ name: 'Schedule change', value: '🔁 Schedule change: “Scaling Django” moved 09:55 → 10:05 (South Hall 2B)', inline: false });
		expect(await queue.getJob(roomId('South Hall 2B', '09:55'))).to.equal(undefined);
		expect(await queue.getJob(roomId('South Hall 2B', '10:05'))).to.not.equal(undefined);
		expect(await queue.getJob(roomId('Terrace 2A', '10:05'))).to.equal(undefined);
		expect(await queue.getJob(roomId('Exhibit Hall', '10:05'))).to.not.equal(undefined);
		expect(await queue.getJob(roomId('South Hall 2A', '10:05'))).to.equal(undefined);
		expect(reply.content).to.include('Scheduled posts:');
	});

	it('keeps room topics in step with the livestream file, editing each only when it changes', async () => {
		expect(discord.channel('forum-hall').topic).to.equal(`Channel for room Forum Hall\n\nLivestream Wednesday: [Watch live](${STREAM_DAY_1})`);
		expect(topicEdits('forum-hall')).to.equal(1);
		expect(topicEdits('terrace-2a')).to.equal(1);
		await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		expect(topicEdits('forum-hall')).to.equal(1);
		writeLivestreams('https://www.youtube.com/watch?v=forum-hall-moved');
		await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		await eventually(() => topicEdits('forum-hall') === 2, 'the second topic edit');
		expect(discord.channel('forum-hall').topic).to.include('forum-hall-moved');
		expect(topicEdits('terrace-2a')).to.equal(1);
	});

	it('lists the next posts for organizers and refuses everyone else', async () => {
		const next = await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'next', options: { share: true } });
		expect(next.ephemeral).to.equal(false);
		expect(next.content.split('\n')[0]).to.equal('**Next programme posts**');
		expect(next.content).to.include(`<#${discord.channel('programme-notifications').id}>: “Teaching pytest” and 1 more`);
		// An admin sees the command (Manage Messages) but is not an organizer.
		const refused = await discord.runCommand(discord.user('adam'), 'programme', { subcommand: 'status' });
		expect(refused.ephemeral).to.equal(true);
		expect(refused.content).to.include('only organizers can use this');
	});

	it('recorded every post in the ledger, on time within a second unless the bot or Redis was down', () => {
		const posted = ledgerRows(bot.databaseFile).filter((row) => row.status === 'posted').map((row) => row.id);
		expect(posted).to.include.members([
			...['09:10', '09:15', '09:30', '09:45', '09:55'].map(mainId),
			...(['Forum Hall', 'South Hall 2A', 'South Hall 2B'] as const).map((room) => roomId(room, '09:10')),
			roomId('Forum Hall', '09:15'),
			roomId('South Hall 2A', '09:15'),
			roomId('Terrace 2A', '09:30'),
			roomId('Terrace 2B', '09:45')
		]);
		console.log(`      post lateness (real s): ${lateness.map((entry) => `${entry.what} ${entry.seconds.toFixed(2)}`).join('; ')}`);
		const onTime = lateness.filter((entry) => entry.onTime).map((entry) => entry.seconds);
		expect(onTime).to.have.length(9);
		expect(Math.max(...onTime)).to.be.below(1);
		expect(Math.min(...lateness.map((entry) => entry.seconds))).to.be.at.least(-0.05);
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
