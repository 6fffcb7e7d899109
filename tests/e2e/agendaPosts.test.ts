import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agendaReplies } from '#lib/agenda/agendaTexts';
import { fixtureEvent } from '../fixtures/pretix/event';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, ledgerRows, RehearsalTimeline } from './support/programme';
import { register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// Two simulated minutes per real four seconds: the morning post ten real seconds after start, the first session after twenty.
const SPEED = 30;
// How long past its planned real instant a busy machine may take to show a post.
const POST_MARGIN_MS = 20_000;
const BUSY_ROOMS = ['Forum Hall', 'South Hall 2A', 'South Hall 2B', 'Terrace 2A', 'Terrace 2B', 'Exhibit Hall', 'Forum Hall'] as const;

// Lead 30 minutes (rooms too) from a 07:55 start: E1's and the busy 08:20 minute's posts are due already and go out at start.
const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'E1', title: 'Early bird: coffee and CPython', at: '08:05', rooms: ['Terrace 2A'] },
			...BUSY_ROOMS.map((room, index) => ({ code: `M${index + 1}`, title: `Parallel talk ${index + 1}`, at: '08:20', rooms: [room] })),
			{ code: 'K1', title: 'Keynote: Python in 2026', at: '08:30', rooms: ['Forum Hall'], minutes: 45, kind: 'keynote' as const },
			{ code: null, title: 'Coffee break', at: '10:00', rooms: ['Forum Hall'], kind: 'break' as const },
			{ code: 'L1', title: '**Bold** claims about @everyone <t:0:R>', at: '11:30', rooms: ['South Hall 2B'] }
		]
	});

describe('e2e: 🔔 on programme posts and the morning post (real bot, Discord + pretix + pretalx stand-ins)', function () {
	this.timeout(120_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-agenda-posts-'));
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: {
				registration: { enabled: true },
				pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T07:55:00+02:00`, speed: SPEED, lead_minutes: 30, room_lead_minutes: 0, refresh_minutes: 60 },
				agenda: { morning_post: '08:00' }
			},
			readyTimeoutMs: 60_000
		});
	const posts = (channel: string): MessageView[] => discord.messagesIn(channel).filter((message) => message.authorId === discord.botUser.id);
	const mornings = () => posts('programme-notifications').filter((message) => message.content.startsWith("# Today's programme"));
	const postAbout = (channel: string, title: string) => posts(channel).find((message) => message.embeds.some((embed) => embed.title === title));
	const rows = (message: MessageView) => message.components.flatMap((row) => row.components as Array<Record<string, any>>);
	const menuOffering = (message: MessageView, code: string) => rows(message).find((component) => component.options?.some((option: { value: string }) => option.value === code));
	const offered = (message: MessageView) => rows(message).flatMap((component) => (component.options ?? []).map((option: { value: string }) => option.value));
	/** Waits for a post, however late the machine lets it come, and checks it did not come before its time. */
	const awaitPost = async (find: () => MessageView | undefined, what: string, plannedAt: string) => {
		await eventually(() => find() !== undefined, what, Math.max(0, timeline.real(plannedAt) - Date.now()) + POST_MARGIN_MS);
		const post = find()!;
		expect(post.createdAt.getTime(), `${what} not before ${plannedAt}`).to.be.at.least(timeline.real(plannedAt) - 50);
		return post;
	};
	const bookmarks = () => bot.rows('SELECT user_id, session_code FROM agenda_bookmarks ORDER BY user_id, session_code');
	const sara = () => discord.user('sara');
	const saraHas = (...codes: string[]) => codes.map((code) => ({ user_id: sara().id, session_code: code }));

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretix = await PretixStandin.start(fixtureEvent());
		pretalx = await new PretalxStandin(day()).start();
		bot = await boot();
		timeline = RehearsalTimeline.read(bot.databaseFile, TIMEZONE, DATE);
		expect((await register(discord, sara(), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it("posts Today's programme at 08:00: the day by hour, escaped, breaks left out, a multi-select per hour", async () => {
		const morning = await awaitPost(() => mornings()[0], 'the morning post', '08:00');
		const lines = morning.content.split('\n');
		expect(lines[0]).to.equal("# Today's programme · Wednesday 15 July");
		expect(lines).to.include('**08:00–09:00**');
		expect(lines).to.include('`08:30` **Keynote: Python in 2026** · Forum Hall');
		expect(lines).to.include('`11:30` **\\*\\*Bold\\*\\* claims about @\u200beveryone \\<t:0:R>** · South Hall 2B');
		expect(morning.content).to.not.include('Coffee break');
		expect(rows(morning).map((menu) => [menu.placeholder, menu.max_values])).to.deep.equal([
			['🔔 08:00–09:00: remind me of…', 9],
			['🔔 11:00–12:00: remind me of…', 1]
		]);
		// In start order, rooms alphabetically within a minute.
		expect(offered(morning)).to.deep.equal(['E1', 'M6', 'M1', 'M7', 'M2', 'M3', 'M4', 'M5', 'K1', 'L1']);
	});

	it('bookmarks several sessions picked in the morning menu, says which, and refuses a member who is not registered', async () => {
		const morning = mornings()[0]!;
		const menu = menuOffering(morning, 'M1')!;
		const picked = await discord.selectMenu(sara(), morning, menu.custom_id, ['M1', 'M2']);
		expect(picked.ephemeral).to.equal(true);
		expect(picked.content).to.equal(['🔖 Bookmarked 2 sessions:', '• 08:20 **Parallel talk 1**', '• 08:20 **Parallel talk 2**', '`/agenda list` shows your day.'].join('\n'));
		const refused = await discord.selectMenu(discord.user('peter'), morning, menu.custom_id, ['M1']);
		expect(refused.ephemeral).to.equal(true);
		expect(refused.content).to.equal(agendaReplies.notRegistered);
		expect(bookmarks()).to.deep.equal(saraHas('M1', 'M2'));
	});

	it('bookmarks from a post\'s 🔔 button: a double click is answered twice and stored once; /agenda list shows it', async () => {
		const keynote = await awaitPost(() => postAbout('programme-notifications', 'Keynote: Python in 2026'), 'the keynote post', '08:00');
		expect(rows(keynote).map((button) => [button.label, button.emoji?.name])).to.deep.equal([['Remind me', '🔔']]);
		const answers = await Promise.all([discord.clickButton(sara(), keynote, { label: 'Remind me' }), discord.clickButton(sara(), keynote, { label: 'Remind me' })]);
		expect(answers.every((answer) => answer.ephemeral)).to.equal(true);
		expect(answers.map((answer) => answer.content).sort()).to.deep.equal(
			[agendaReplies.added('Keynote: Python in 2026', timeline.simulated('08:30'), TIMEZONE), agendaReplies.already('Keynote: Python in 2026')].sort()
		);
		expect(bookmarks()).to.deep.equal(saraHas('K1', 'M1', 'M2'));
		const refused = await discord.clickButton(discord.user('peter'), keynote, { label: 'Remind me' });
		expect(refused.content).to.equal(agendaReplies.notRegistered);
		const list = await discord.runCommand(sara(), 'agenda', { subcommand: 'list' });
		expect(list.content).to.include('**Keynote: Python in 2026**');
		expect(list.content).to.include('**Parallel talk 1**');
	});

	it('offers a busy minute (7 sessions) in one "Remind me of…" select on the main post', async () => {
		const busy = postAbout('programme-notifications', 'Parallel talk 1')!;
		const [menu, ...others] = rows(busy);
		expect(others).to.deep.equal([]);
		expect(menu!.placeholder).to.equal('🔔 Remind me of…');
		expect(offered(busy)).to.deep.equal(['M6', 'M1', 'M7', 'M2', 'M3', 'M4', 'M5']);
		const picked = await discord.selectMenu(sara(), busy, menu!.custom_id, ['M3']);
		expect(picked.content).to.equal(agendaReplies.added('Parallel talk 3', timeline.simulated('08:20'), TIMEZONE));
		// The room posts carry the same: two sessions in Forum Hall at 08:20, a button each.
		const forum = postAbout('forum-hall', 'Parallel talk 1')!;
		expect(rows(forum).map((button) => button.label)).to.deep.equal(['Remind me: Parallel talk 1', 'Remind me: Parallel talk 7']);
	});

	it("takes a cancelled session out of every post's menus and buttons, keeping the rest, and marks the morning list", async () => {
		pretalx.cancelSession('M7');
		pretalx.moveSession('M6', 10);
		await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		const busy = () => postAbout('programme-notifications', 'Parallel talk 1')!;
		const forum = () => postAbout('forum-hall', 'Parallel talk 1')!;
		await eventually(() => !offered(busy()).includes('M7') && !offered(mornings()[0]!).includes('M7'), 'M7 gone from the main and morning menus');
		await eventually(() => rows(forum()).length === 1, 'M7 gone from the Forum Hall buttons');
		expect(offered(busy())).to.deep.equal(['M6', 'M1', 'M2', 'M3', 'M4', 'M5']);
		expect(rows(busy())[0]!.max_values).to.equal(6);
		expect(offered(mornings()[0]!)).to.deep.equal(['E1', 'M6', 'M1', 'M2', 'M3', 'M4', 'M5', 'K1', 'L1']);
		expect(rows(forum()).map((button) => button.label)).to.deep.equal(['Remind me: Parallel talk 1']);
		// The morning list says what changed; a moved session keeps its option (it is still on).
		await eventually(() => mornings()[0]!.content.includes('❌ cancelled') && mornings()[0]!.content.includes('🔁 now'), 'the marked morning list');
		const lines = mornings()[0]!.content.split('\n');
		expect(lines).to.include('~~`08:20` **Parallel talk 7** · Forum Hall~~ ❌ cancelled');
		expect(lines).to.include('`08:20` **Parallel talk 6** · Exhibit Hall 🔁 now 08:30');
		// The embed is marked as before: the components went with the same edit.
		expect(busy().embeds.find((embed) => embed.title === '~~Parallel talk 7~~')!.fields[0].name).to.equal('Cancelled');
	});

	it('answers truly when the session has already started, and adds nothing', async () => {
		const early = postAbout('terrace-2a', 'Early bird: coffee and CPython')!;
		await timeline.until('08:06');
		const late = await discord.clickButton(sara(), early, { label: 'Remind me' });
		expect(late.content).to.equal(agendaReplies.started('Early bird: coffee and CPython', timeline.simulated('08:05'), timeline.simulated('08:35'), TIMEZONE));
		const fromMorning = await discord.selectMenu(sara(), mornings()[0]!, menuOffering(mornings()[0]!, 'E1')!.custom_id, ['E1']);
		expect(fromMorning.content).to.equal(late.content);
		expect(bookmarks()).to.deep.equal(saraHas('K1', 'M1', 'M2', 'M3'));
	});

	it('posts the morning post once through a restart, recorded in the ledger under the rehearsal namespace', async () => {
		await bot.kill();
		bot = await boot();
		// The refresh after the restart has reconciled the jobs with the ledger once it answers.
		const reply = await discord.runCommand(discord.user('olivia'), 'programme', { subcommand: 'refresh' });
		expect(reply.content).to.include('Scheduled posts:');
		expect(mornings()).to.have.length(1);
		const morningRows = ledgerRows(bot.databaseFile).filter((row) => row.id.includes('n_morning_'));
		expect(morningRows.map((row) => [row.id, row.status, JSON.parse(row.message_ids)])).to.deep.equal([
			[`${timeline.notificationPrefix}n_morning_${timeline.simulated('08:00').getTime() / 60_000}`, 'posted', [mornings()[0]!.id]]
		]);
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
