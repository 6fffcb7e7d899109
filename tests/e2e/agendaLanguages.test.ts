import { expect } from 'chai';
import { Locale } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgendaIds } from '#lib/agenda/customIds';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// Three real seconds per simulated minute, as in agendaReminders.test.ts.
const SPEED = 20;

const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'K1', title: 'Keynote: Python in 2026', at: '09:05', rooms: ['Forum Hall'], minutes: 45, kind: 'keynote' },
			{ code: 'S1', title: 'Taming asyncio', at: '09:10', rooms: ['South Hall 2A'] }
		]
	});

describe("e2e: the agenda in each member's language, public posts in [bot] language (real bot, Discord + pretalx stand-ins)", function () {
	this.timeout(180_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-agenda-languages-'));
	const agenda = (user: string, subcommand: string, options: Record<string, string | number> = {}) =>
		discord.runCommand(discord.user(user), 'agenda', { subcommand, ...(Object.keys(options).length ? { options } : {}) });
	const dms = (user: string): MessageView[] => discord.dmsWith(discord.user(user)).filter((message) => message.authorId === discord.botUser.id);
	const posts = () => discord.messagesIn('programme-notifications').filter((message) => message.authorId === discord.botUser.id);
	const components = (message: MessageView) => message.components.flatMap((row) => row.components as Array<Record<string, any>>);

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		for (const username of ['anna', 'yuki', 'bob']) discord.addMember({ username });
		discord.setLocale(discord.user('anna'), Locale.German);
		discord.setLocale(discord.user('yuki'), Locale.Japanese);
		pretalx = await new PretalxStandin(day()).start();
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				bot: { language: 'de' },
				registration: { enabled: false },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T08:45:00+02:00`, speed: SPEED, lead_minutes: 10, room_lead_minutes: 0, refresh_minutes: 600 },
				agenda: { reminder_minutes: 10, morning_post: '08:47' }
			},
			readyTimeoutMs: 60_000
		});
		await eventually(() => /Programme 1\.0: \d+ sessions/.test(bot.output()), 'the first refresh', 30_000);
		timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('answers a German client’s /agenda add and list in German, a Japanese one’s in Japanese', async () => {
		const added = await agenda('anna', 'add', { session: 'K1' });
		expect(added.ephemeral).to.equal(true);
		expect(added.content).to.equal('🔖 Vorgemerkt: **Keynote: Python in 2026** (Mittwoch, 15. Juli, 09:05). `/agenda list` zeigt deinen Tag.');
		await agenda('anna', 'add', { session: 'S1' });
		const list = await agenda('anna', 'list');
		expect(list.content.split('\n')).to.deep.equal([
			'**Deine Agenda für heute** (2 Vorträge, Zeiten in Europe/Prague)',
			'',
			'__Mittwoch, 15. Juli__',
			'• 09:05–09:50 **Keynote: Python in 2026** — Speaker 1 · Forum Hall ⚠️ überschneidet sich mit einem anderen deiner Vorträge',
			'• 09:10–09:40 **Taming asyncio** — Speaker 2 · South Hall 2A ⚠️ überschneidet sich mit einem anderen deiner Vorträge'
		]);
		expect((await agenda('anna', 'add', { session: 'NOPE' })).content).to.match(/^Diesen Vortrag finde ich nicht\./);
		expect((await agenda('yuki', 'add', { session: 'K1' })).content).to.equal('🔖 **Keynote: Python in 2026**（7月15日水曜日 09:05）を登録しました。`/agenda list` で今日の予定を確認できます。');
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('posts the morning post and the 🔔 on programme posts in the configured German; a click is answered in the clicker’s language', async () => {
		await eventually(() => posts().some((message) => message.content.startsWith('# Das Programm von heute')), 'the morning post in German', 30_000);
		const morning = posts().find((message) => message.content.startsWith('# Das Programm von heute'))!;
		expect(morning.content.split('\n')[0]).to.equal('# Das Programm von heute · Mittwoch, 15. Juli');
		expect(components(morning).map((menu) => menu.placeholder)).to.deep.equal(['🔔 09:00–10:00: erinnere mich an…']);
		const keynotePost = () => posts().find((message) => message.embeds.some((embed) => embed.title === 'Keynote: Python in 2026'));
		await eventually(() => keynotePost() !== undefined, 'the keynote post', Math.max(0, timeline.real('08:55') - Date.now()) + 20_000);
		const [button] = components(keynotePost()!);
		expect([button!.label, button!.custom_id]).to.deep.equal(['Erinnere mich', AgendaIds.remindButton('K1')]);
		const clicked = await discord.clickButton(discord.user('bob'), keynotePost()!, AgendaIds.remindButton('K1'));
		expect(clicked.ephemeral).to.equal(true);
		expect(clicked.content).to.equal('🔖 Bookmarked **Keynote: Python in 2026** (Wednesday 15 July, 09:05). `/agenda list` shows your day.');
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('DMs each member’s reminder in the language of their last /agenda or 🔔: Japanese, German, English', async () => {
		const reminder = (user: string) => dms(user).find((message) => message.content.startsWith('⏰') && message.content.includes('Keynote'));
		await eventually(() => ['yuki', 'anna', 'bob'].every((user) => reminder(user) !== undefined), 'the keynote reminders', 90_000);
		const japanese = reminder('yuki')!.content.split('\n');
		expect(japanese[0]).to.match(/^⏰ \*\*Keynote: Python in 2026\*\* はあと \d+分、09:05 に Forum Hall で始まります。$/);
		expect(japanese).to.include(`💬 部屋のチャンネル：<#${discord.channel('forum-hall').id}>`);
		expect(japanese.at(-1)).to.equal('-# `/agenda` で登録したセッションです。`/agenda reminders` でお知らせのタイミングを変更、`/agenda remove` でセッションを外せます。');
		expect(reminder('anna')!.content.split('\n')[0]).to.match(/^⏰ \*\*Keynote: Python in 2026\*\* beginnt in \d+ Minuten, um 09:05 in Forum Hall\.$/);
		expect(reminder('bob')!.content.split('\n')[0]).to.match(/^⏰ \*\*Keynote: Python in 2026\*\* starts in \d+ minutes, at 09:05 in Forum Hall\.$/);
		expect(reminder('yuki')!.createdAt.getTime(), 'before the keynote starts').to.be.below(timeline.real('09:05'));
		expect(discord.specViolations).to.deep.equal([]);
	});
});
