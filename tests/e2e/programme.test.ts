import { Queue } from 'bullmq';
import { expect } from 'chai';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roomSlug } from '#lib/programme/NotificationPlanner';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView, type OptionValue } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, ledgerRows, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// One simulated minute per real second: a bot restart on a busy machine must fit in a lead window (10 simulated minutes).
const SPEED = 60;
// After every wait for a post: how long past its planned real instant a busy machine may take to show it.
const POST_MARGIN_MS = 20_000;
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
			{ code: 'S7', title: 'Packaging in practice', at: '10:05', rooms: ['South Hall 2A'] },
			// Announced after the suite ends, so `/programme next` always has something to list.
			{ code: 'S8', title: 'Closing lightning talks', at: '11:30', rooms: ['Forum Hall'] }
		]
	});

describe('e2e: programme notifications in a rehearsal (real bot, Discord + pretalx stand-ins)', function () {
	// Tests wait for the rehearsal clock to reach their posts; their checks never depend on how fast the machine is.
	this.timeout(120_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	let queue: Queue;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-programme-'));
	const livestreamsFile = join(workDir, 'config', 'livestreams.toml');
	const suiteStart = Date.now();

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
					// Ten simulated minutes (10 real seconds) before the first post: a slow start on a busy machine is not a late post.
					simulated_start: `${DATE}T08:50:00+02:00`,
					speed: SPEED,
					lead_minutes: 10,
					room_lead_minutes: 3,
					refresh_minutes: 60,
					livestreams_file: 'config/livestreams.toml'
				}
			},
			readyTimeoutMs: 60_000
		});
	const posts = (channel: string): MessageView[] => discord.messagesIn(channel).filter((message) => message.authorId === discord.botUser.id);
	const postsAbout = (channel: string, title: string) => posts(channel).filter((message) => message.embeds.some((embed) => String(embed.title).includes(title)));
	const minute = (at: string) => Math.floor(timeline.simulated(at).getTime() / 60_000);
	const mainId = (at: string) => `${timeline.notificationPrefix}n_main_${minute(at)}`;
	const roomId = (room: string, at: string) => `${timeline.notificationPrefix}n_roomshort_${roomSlug(room)}_${minute(at)}`;
	/** Waits for the post, however late the machine lets it come, and checks it did not come before its time. */
	const expectPost = async (channel: string, title: string, plannedAt: string) => {
		const wait = Math.max(0, timeline.real(plannedAt) - Date.now()) + POST_MARGIN_MS;
		await eventually(() => postsAbout(channel, title).length > 0, `a post about "${title}" in #${channel}`, wait);
		const post = postsAbout(channel, title)[0]!;
		// 50 ms for the two processes' clocks reading milliseconds apart.
		expect(post.createdAt.getTime(), `"${title}" in #${channel} not before ${plannedAt}`).to.be.at.least(timeline.real(plannedAt) - 50);
		return post;
	};
	const sessionCount = () => pretalx.conference.slots.length;
	const ask = (subcommand: string, options: Record<string, OptionValue> = {}) => discord.runCommand(discord.user('olivia'), 'programme', { subcommand, ...(Object.keys(options).length ? { options } : {}) });
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
		await eventually(() => new RegExp(`Programme 1\\.0: ${sessionCount()} sessions`).test(bot.output()), 'the first refresh', 30_000);
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
		const version = pretalx.conference.version;
		expect(await bot.stop(), 'graceful stop exit code').to.equal(0);
		pretalx.inject({ kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
		bot = await boot();
		await bot.waitForOutput(new RegExp(`using the saved schedule ${version.replace('.', '\\.')}`), 30_000);
		// Due while the bot was down or loading: sent as soon as it is back, possibly with the late note.
		await expectPost('terrace-2a', 'Profiling pandas', '09:27');
		expect(postsAbout('programme-notifications', 'Profiling pandas')).to.have.length(1);
		expect(postsAbout('terrace-2a', 'Profiling pandas')).to.have.length(1);
		const status = await ask('status');
		expect(status.ephemeral).to.equal(true);
		expect(status.content).to.include(`Source: frab, version ${version} (${sessionCount()} sessions).`);
		expect(status.content).to.match(/⚠️ Last attempt .+ failed: .+answered HTTP 503 \(using the saved copy\)\./);
	});

	it('loses nothing and doubles nothing when Redis restarts empty', async () => {
		await redis.kill('SIGKILL');
		await timeline.until('09:36');
		redis = await ThrowawayRedis.start(redis.port);
		const late = await expectPost('programme-notifications', 'Rust extensions', '09:35');
		// How late depends on how long Redis was away: any true heading will do, down to "1 minute" or "now".
		expect(late.content).to.match(/^# Sessions starting (in \d+ minutes?|now)\n-# This reminder comes a little late; sorry about that\.$/);
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
		const reply = await ask('refresh');
		expect(reply.content).to.include(`Fetched schedule version ${pretalx.conference.version}: ${sessionCount()} sessions.`);
		// Announced after the refresh, which never waits for Discord.
		const changes = () => posts('programme-notifications').filter((message) => /Schedule change|Room change|Cancelled/.test(message.content));
		await eventually(() => changes().length > 0, 'the change announcement');
		expect(changes().map((message) => message.content).join('\n').split('\n')).to.deep.equal([
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

	it("posts Today's programme at start when the bot came up after 08:00, once, late and with only the sessions still to come", () => {
		const mornings = posts('programme-notifications').filter((message) => message.content.startsWith("# Today's programme"));
		expect(mornings).to.have.length(1);
		const lines = mornings[0]!.content.split('\n');
		expect(lines.slice(0, 3)).to.deep.equal([
			"# Today's programme · Wednesday 15 July",
			'-# Times in Europe/Prague. Pick sessions in the menus below to bookmark them (several at once if you like); `/agenda list` shows your day.',
			'-# Posted later than planned, so it lists only the sessions still to come.'
		]);
		expect(lines).to.include('`09:15` **\\*\\*Bold\\*\\* claims about @\u200beveryone** · South Hall 2A');
		expect(lines).to.include('`11:30` **Closing lightning talks** · Forum Hall');
		expect(mornings[0]!.content).to.not.include('Coffee break');
		const row = ledgerRows(bot.databaseFile).find((entry) => entry.id === `${timeline.notificationPrefix}n_morning_${minute('08:00')}`);
		expect([row?.status, row?.late, JSON.parse(row?.message_ids ?? '[]')]).to.deep.equal(['posted', 1, [mornings[0]!.id]]);
	});

	it('keeps room topics in step with the livestream file, editing each only when it changes', async () => {
		const dayOneTopic = `Channel for room Forum Hall\n\nLivestream Wednesday: [Watch live](${STREAM_DAY_1})`;
		await eventually(() => discord.channel('forum-hall').topic === dayOneTopic, 'the livestream topic');
		await eventually(() => discord.channel('terrace-2a').topic === 'Channel for room Terrace 2A', 'the plain room topic');
		const forumEdits = topicEdits('forum-hall');
		const terraceEdits = topicEdits('terrace-2a');
		await ask('refresh');
		writeLivestreams('https://www.youtube.com/watch?v=forum-hall-moved');
		await ask('refresh');
		await eventually(() => String(discord.channel('forum-hall').topic).includes('forum-hall-moved'), 'the topic with the new link');
		// Topics are set in order per channel: the unchanged refresh before would have shown as one more edit.
		expect(topicEdits('forum-hall')).to.equal(forumEdits + 1);
		// Decided in the same pass as the edit just seen.
		expect(topicEdits('terrace-2a')).to.equal(terraceEdits);
	});

	it('lists the next posts for organizers and refuses everyone else', async () => {
		const next = await ask('next', { share: true });
		expect(next.ephemeral).to.equal(false);
		const [heading, ...lines] = next.content.split('\n');
		expect(heading).to.equal('**Next programme posts**');
		// Whatever the clock shows by now, the closing talk is still to come, and every line names a post still ahead.
		expect(lines).to.include(`• Wed 15 Jul 11:20 in <#${discord.channel('programme-notifications').id}>: “Closing lightning talks”`);
		for (const line of lines) expect(line).to.match(/^• Wed 15 Jul \d\d:\d\d in <#\d+>: “.+”( and \d+ more)?$/);
		// An admin sees the command (Manage Messages) but is not an organizer.
		const refused = await discord.runCommand(discord.user('adam'), 'programme', { subcommand: 'status' });
		expect(refused.ephemeral).to.equal(true);
		expect(refused.content).to.include('only organizers can use this');
	});

	it('recorded every post it made in the ledger, in the rehearsal namespace, stamped with real time', () => {
		const rows = ledgerRows(bot.databaseFile);
		const byMessage = new Map(rows.flatMap((row) => (JSON.parse(row.message_ids) as string[]).map((id) => [id, row] as const)));
		const notices = ['programme-notifications', 'forum-hall', 'south-hall-2a', 'south-hall-2b', 'terrace-2a', 'terrace-2b', 'exhibit-hall'].flatMap((channel) =>
			posts(channel).filter((message) => message.embeds.length > 0)
		);
		expect(notices.length, 'posts made by the tests above').to.be.above(0);
		for (const notice of notices) {
			const row = byMessage.get(notice.id);
			expect(row, `ledger row for message ${notice.id}`).to.not.equal(undefined);
			expect(row!.status).to.equal('posted');
			// The late flag and the note in the post agree, whichever way a busy machine made it go.
			expect(row!.late === 1, `late flag of ${row!.id}`).to.equal(notice.content.includes('This reminder comes a little late'));
		}
		for (const row of rows) {
			expect(row.id.startsWith(`${timeline.notificationPrefix}n_`), `${row.id} in the rehearsal namespace`).to.equal(true);
			// Real time, not the rehearsal's 15 July: the stale-claim takeover is measured against it.
			expect(Date.parse(row.claimed_at)).to.be.within(suiteStart, Date.now());
			if (row.posted_at) expect(Date.parse(row.posted_at)).to.be.within(suiteStart, Date.now());
		}
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
