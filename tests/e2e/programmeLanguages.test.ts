import { expect } from 'chai';
import { Locale } from 'discord.js';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// One simulated minute per real second, as in programme.test.ts.
const SPEED = 60;
const POST_MARGIN_MS = 20_000;
const STREAM = 'https://www.youtube.com/watch?v=forum-hall-day-1';

describe('e2e: a conference with [bot] language = "de": programme posts, changes and topics in German, reports in the organizer\'s language', function () {
	this.timeout(120_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-programme-de-'));

	const posts = (channel: string): MessageView[] => discord.messagesIn(channel).filter((message) => message.authorId === discord.botUser.id);
	const postsAbout = (channel: string, title: string) => posts(channel).filter((message) => message.embeds.some((embed) => String(embed.title).includes(title)));
	const expectPost = async (channel: string, title: string, plannedAt: string) => {
		const wait = Math.max(0, timeline.real(plannedAt) - Date.now()) + POST_MARGIN_MS;
		await eventually(() => postsAbout(channel, title).length > 0, `a post about "${title}" in #${channel}`, wait);
		return postsAbout(channel, title)[0]!;
	};
	const ask = (subcommand: string) => discord.runCommand(discord.user('olivia'), 'programme', { subcommand });

	before(async () => {
		mkdirSync(join(workDir, 'config'), { recursive: true });
		writeFileSync(join(workDir, 'config', 'livestreams.toml'), `[rooms.forum-hall]\nname = "Forum Hall"\n"${DATE}" = "${STREAM}"\n`);
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretalx = await new PretalxStandin(
			conferenceDay({
				date: DATE,
				timezone: TIMEZONE,
				slots: [
					{ code: 'S1', title: 'Taming asyncio', at: '09:10', rooms: ['Forum Hall'], minutes: 45 },
					// Announced after the suite ends, so the schedule is never empty.
					{ code: 'S9', title: 'Closing lightning talks', at: '11:30', rooms: ['Forum Hall'] }
				]
			})
		).start();
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				bot: { language: 'de' },
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
			},
			readyTimeoutMs: 60_000
		});
		timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	afterEach(() => discord.setLocale(discord.user('olivia'), Locale.EnglishUS));

	it('posts the programme notification in German; the title stays as pretalx has it', async () => {
		const main = await expectPost('programme-notifications', 'Taming asyncio', '09:00');
		expect(main.content).to.equal('# Diese Sessions beginnen in 10 Minuten');
		const embed = main.embeds[0]!;
		expect(embed.title).to.equal('Taming asyncio');
		const fields = Object.fromEntries((embed.fields as Array<{ name: string; value: string }>).map((field) => [field.name, field.value]));
		expect(Object.keys(fields)).to.deep.equal(['Beginn', 'Raum', 'Track', 'Dauer', 'Sprache', 'Livestream']);
		expect(fields.Raum).to.equal('Forum Hall');
		expect(fields.Dauer).to.equal('45 Minuten');
		expect(fields.Livestream).to.equal(`[Live ansehen](${STREAM})`);
		expect(embed.footer.text).to.equal('Beginnt um 09:10 Uhr Ortszeit (Europe/Prague)');
		const room = await expectPost('forum-hall', 'Taming asyncio', '09:07');
		expect(room.content).to.equal('# In 3 Minuten geht’s los in Forum Hall');
	});

	it('keeps the room topic in German', async () => {
		const topic = `Kanal für den Raum Forum Hall\n\nLivestream am Mittwoch: [Live ansehen](${STREAM})`;
		await eventually(() => discord.channel('forum-hall').topic === topic, 'the German room topic');
		await eventually(() => discord.channel('terrace-2a').topic === 'Kanal für den Raum Terrace 2A', 'the plain German room topic');
	});

	it("announces a change in German and marks the posted notice, and answers the organizer's refresh in German", async () => {
		const posted = await expectPost('programme-notifications', 'Taming asyncio', '09:00');
		pretalx.moveSession('S1', 10);
		discord.setLocale(discord.user('olivia'), Locale.German);
		const reply = await ask('refresh');
		expect(reply.content).to.include(`Programmversion ${pretalx.conference.version} geholt: 2 Sessions.`);
		expect(reply.content).to.include('🔁 Programmänderung: „Taming asyncio“ verschoben, 09:10 → 09:20 (Forum Hall)');
		expect(reply.content).to.match(/^Geplante Posts: \d+ neu, \d+ verschoben, \d+ entfernt\.$/m);
		await eventually(() => posts('programme-notifications').some((message) => message.content.startsWith('🔁')), 'the change announcement');
		expect(posts('programme-notifications').filter((message) => message.content.startsWith('🔁')).map((message) => message.content)).to.deep.equal([
			'🔁 Programmänderung: „Taming asyncio“ verschoben, 09:10 → 09:20 (Forum Hall)'
		]);
		await eventually(() => discord.findMessage('programme-notifications', (message) => message.id === posted.id)?.editedAt !== null, 'the edited notice');
		const edited = discord.findMessage('programme-notifications', (message) => message.id === posted.id)!;
		expect(edited.embeds[0]!.fields[0]).to.deep.equal({ name: 'Programmänderung', value: '🔁 Programmänderung: „Taming asyncio“ verschoben, 09:10 → 09:20 (Forum Hall)', inline: false });
	});

	it("answers /programme status in the organizer's language, Japanese here, whatever [bot] language says", async () => {
		discord.setLocale(discord.user('olivia'), Locale.Japanese);
		const status = await ask('status');
		expect(status.ephemeral).to.equal(true);
		expect(status.content.split('\n')[0]).to.equal('**プログラムの状態**');
		expect(status.content).to.include(`取得元：frab、バージョン ${pretalx.conference.version}（2 セッション）。`);
		expect(status.content).to.match(/^時計：リハーサル中、7月15日\(水\) \d\d:\d\d を表示（Europe\/Prague）。$/m);
	});
});
