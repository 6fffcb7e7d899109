import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dmsClosedNotice } from '#lib/agenda/reminderTexts';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// Three real seconds per simulated minute: a reminder's 10-minute lead is 30 real seconds, room for a restart on a busy machine.
const SPEED = 20;

const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'K1', title: 'Keynote: **Python** in 2026', at: '09:05', rooms: ['Forum Hall'], minutes: 45, kind: 'keynote' },
			{ code: 'S1', title: 'Taming asyncio', at: '09:10', rooms: ['South Hall 2A'] },
			{ code: 'S2', title: 'Profiling pandas', at: '09:40', rooms: ['Terrace 2A'] }
		]
	});

describe('e2e: DM reminders of bookmarked sessions (real bot, Discord + pretalx stand-ins)', function () {
	this.timeout(180_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-reminders-'));
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				registration: { enabled: false },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T08:45:00+02:00`, speed: SPEED, refresh_minutes: 600 },
				agenda: { reminder_minutes: 10 }
			},
			readyTimeoutMs: 60_000
		});
	const agenda = (user: string, subcommand: string, options: Record<string, string | number> = {}) =>
		discord.runCommand(discord.user(user), 'agenda', { subcommand, ...(Object.keys(options).length ? { options } : {}) });
	const dms = (user: string): MessageView[] => discord.dmsWith(discord.user(user)).filter((message) => message.authorId === discord.botUser.id);
	const reminders = (user: string, title: string) => dms(user).filter((message) => message.content.startsWith('⏰') && message.content.includes(title));
	const rows = (sql: string, ...params: unknown[]) => bot.rows(sql, ...params);
	const ledger = (user: string) =>
		rows('SELECT session_code, kind, status FROM agenda_dms WHERE user_id = ? ORDER BY session_code, kind', discord.user(user).id).map((row) => `${String(row.session_code)} ${String(row.kind)} ${String(row.status)}`);

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		for (const username of ['ann', 'bob', 'cat', 'dan']) discord.addMember({ username });
		pretalx = await new PretalxStandin(day()).start();
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

	it('opts members in by bookmarking, opens their DM channel ahead, and lets them choose the lead or turn DMs off', async () => {
		discord.setDMsOpen(discord.user('bob'), false);
		for (const user of ['ann', 'bob', 'cat']) await agenda(user, 'add', { session: 'K1' });
		await agenda('ann', 'add', { session: 'S1' });
		const off = await agenda('dan', 'reminders', { minutes: 0 });
		expect(off.ephemeral).to.equal(true);
		expect(off.content).to.match(/^🔕 Reminders off/);
		await agenda('dan', 'add', { session: 'K1' });
		expect((await agenda('cat', 'clear')).content).to.match(/1 bookmark/);
		// Opening a DM channel sends nothing; it is kept so the rush before a keynote costs one request per member.
		await eventually(() => rows('SELECT user_id FROM dm_channels').length >= 2, 'the DM channels opened ahead');
		const opened = rows('SELECT user_id FROM dm_channels').map((row) => row.user_id);
		expect(opened).to.include.members([discord.user('ann').id, discord.user('bob').id]);
		expect(opened, 'reminders off: no DM channel').to.not.include(discord.user('dan').id);
		expect(dms('ann')).to.deep.equal([]);
	});

	it('DMs the reminder before the session with room, link to the room channel and speakers; once; nothing after /agenda clear or with reminders off', async () => {
		await eventually(() => reminders('ann', 'Keynote').length === 1, "ann's keynote reminder", 90_000);
		const [reminder] = reminders('ann', 'Keynote');
		expect(reminder!.createdAt.getTime(), 'before the keynote starts').to.be.below(timeline.real('09:05'));
		const lines = reminder!.content.split('\n');
		expect(lines[0]).to.match(/^⏰ \*\*Keynote: \\\*\\\*Python\\\*\\\* in 2026\*\* starts in \d+ minutes, at 09:05 in Forum Hall\.$/);
		expect(lines).to.include('🎤 Speaker 1');
		expect(lines).to.include(`💬 Room channel: <#${discord.channel('forum-hall').id}>`);
		// The same wave settled bob: refused (DMs closed), counted, and not retried.
		await eventually(() => ledger('bob').includes('K1 reminder refused'), "bob's refused reminder");
		// Settled in the ledger once Discord's answer is back, a moment after the stand-in shows the DM.
		await eventually(() => ledger('ann').includes('K1 reminder sent'), "ann's reminder settled");
		expect(ledger('ann')).to.deep.equal(['K1 reminder sent']);
		expect(ledger('cat'), 'cleared before the reminder').to.deep.equal([]);
		expect(ledger('dan'), 'reminders off').to.deep.equal([]);
		expect(dms('cat')).to.deep.equal([]);
		expect(dms('dan')).to.deep.equal([]);
	});

	it('tells a member whose DMs were refused, once, the next time they use /agenda', async () => {
		const first = await agenda('bob', 'list');
		expect(first.embeds.map((embed) => embed.description)).to.deep.equal([dmsClosedNotice]);
		expect(first.content).to.include('Keynote');
		const second = await agenda('bob', 'list');
		expect(second.embeds).to.deep.equal([]);
	});

	it('sends one DM when a bookmarked session moves, and the reminder at the new time, through a restart, never twice', async () => {
		pretalx.moveSession('S1', 10);
		const refreshed = await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		expect(refreshed.content).to.include('Fetched schedule version');
		const moves = () => dms('ann').filter((message) => message.content.startsWith('🔁'));
		await eventually(() => moves().length === 1, 'the move notice');
		expect(moves()[0]!.content.split('\n').slice(0, 2)).to.deep.equal(['🔁 Schedule change: “Taming asyncio” moved 09:10 → 09:20 (South Hall 2A)', 'You bookmarked this session. Your reminder moves with it.']);
		// The same programme read again is no new change; a restart neither repeats the keynote's reminder nor loses the moved one.
		await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		await bot.kill();
		bot = await boot();
		await eventually(() => reminders('ann', 'Taming asyncio').length === 1, 'the reminder at the new time', 120_000);
		const [moved] = reminders('ann', 'Taming asyncio');
		// The old reminder was due before 09:00, the new one after it.
		expect(moved!.createdAt.getTime(), 'not at the old time').to.be.above(timeline.real('09:00'));
		expect(moved!.createdAt.getTime(), 'before the moved session').to.be.below(timeline.real('09:20'));
		expect(moved!.content).to.include('at 09:20 in South Hall 2A');
		expect(moves()).to.have.length(1);
		expect(reminders('ann', 'Keynote')).to.have.length(1);
		await eventually(() => ledger('ann').includes('S1 reminder sent'), 'the moved reminder settled');
		expect(ledger('ann')).to.deep.equal(['K1 reminder sent', 'S1 change sent', 'S1 reminder sent']);
	});
});
