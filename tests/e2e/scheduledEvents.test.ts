import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { DateTime } from 'luxon';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, EventStatus } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const SESSIONS = 105;
const MAX = 90;

describe('e2e: programme sessions as Discord scheduled events (real bot, Discord + pretalx stand-ins, real time)', function () {
	// The first sessions end on the real clock (a minute long), so the window's refill is seen as it happens.
	this.timeout(240_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-events-'));
	// Set when the suite starts, not when the file loads: in a full run other suites take minutes before this one.
	let firstStart: DateTime;

	// Three one-minute sessions soon, then talks from an hour on, two minutes apart.
	const conference = () => {
		// Three days, so a suite run late in the evening still has every session in the export.
		const day = { ...conferenceDay({ date: firstStart.toISODate()!, timezone: TIMEZONE, slots: [] }), days: 3 };
		day.slots = Array.from({ length: SESSIONS }, (_, index) => ({
			id: index + 1,
			code: `T${index + 1}`,
			title: `Talk ${index + 1}`,
			roomIds: [1],
			start: (index < 3 ? firstStart : firstStart.plus({ hours: 1, minutes: index * 2 })).toISO()!,
			durationMinutes: index < 3 ? 1 : 30,
			speakers: [{ code: `P${index}`, name: `Speaker ${index + 1}`, avatarUrl: null, biography: '' }],
			typeId: 1,
			trackId: 1,
			abstract: 'Patterns you can apply on Monday.',
			language: 'en'
		}));
		return day;
	};
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: { registration: { enabled: false }, programme: { url: pretalx.frabUrl, timezone: TIMEZONE, refresh_minutes: 60, lead_minutes: 1, room_lead_minutes: 0, scheduled_events: 'all', room_capacity: { 'Forum Hall': 2 } } },
			readyTimeoutMs: 60_000
		});
	const uncompleted = () => discord.scheduledEvents().filter((event) => event.status === EventStatus.Scheduled || event.status === EventStatus.Active);
	const names = () => uncompleted().map((event) => event.name);
	const creates = () => discord.requests.filter((request) => request.method === 'POST' && request.route === '/guilds/{guild_id}/scheduled-events' && request.status === 200).length;
	const ask = (subcommand: string) => discord.runCommand(discord.user('olivia'), 'programme', { subcommand });
	const changeProgramme = async (version: string, change: (slots: ReturnType<typeof conference>['slots']) => void) => {
		change(pretalx.conference.slots);
		pretalx.conference.version = version;
		await ask('refresh');
	};

	before(async () => {
		firstStart = DateTime.fromMillis(Date.now() + 50_000, { zone: TIMEZONE }).set({ millisecond: 0 });
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretalx = await new PretalxStandin(conference()).start();
		bot = await boot();
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it(`creates exactly ${MAX} events for ${SESSIONS} upcoming sessions, in start order, none twice`, async () => {
		await eventually(() => creates() >= MAX, `${MAX} scheduled events`, 60_000);
		expect(names()).to.deep.equal(Array.from({ length: MAX }, (_, index) => `Talk ${index + 1}`));
		const first = uncompleted()[0]!;
		expect(first.location).to.equal('Forum Hall');
		expect(first.description).to.include('Speaker 1').and.include('Patterns you can apply on Monday.');
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
	});

	it('edits the event of a renamed session and deletes the event of a cancelled one, taking the next session in', async () => {
		const renamed = uncompleted().find((event) => event.name === 'Talk 10')!;
		await changeProgramme('1.1', (slots) => {
			slots.find((slot) => slot.code === 'T10')!.title = 'Talk 10, renamed';
			slots.splice(
				slots.findIndex((slot) => slot.code === 'T20'),
				1
			);
		});
		await eventually(() => names().includes(`Talk ${MAX + 1}`), 'the next session taken into the window', 30_000);
		expect(uncompleted().find((event) => event.id === renamed.id)?.name).to.equal('Talk 10, renamed');
		expect(names()).to.not.include('Talk 20');
		expect(names()).to.have.length(MAX);
	});

	it('after a restart creates no event twice, and lists the Interested counts for organizers', async () => {
		const before = creates();
		expect(await bot.stop(), 'graceful stop exit code').to.equal(0);
		bot = await boot();
		// Renaming the window's last session: once its edit shows, the restarted bot has been through the whole window.
		await changeProgramme('1.2', (slots) => (slots.find((slot) => slot.code === `T${MAX + 1}`)!.title = 'Last in the window, renamed'));
		await eventually(() => names().includes('Last in the window, renamed'), 'the edit after the restart', 30_000);
		discord.markInterested(uncompleted()[0]!.id, ['dana', 'adam']);
		const reply = await ask('events');
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include(`**${MAX} scheduled events**`).and.include('2 · ');
		expect(reply.content.length).to.be.at.most(2000);
		expect(creates()).to.equal(before);
		expect(new Set(names()).size).to.equal(MAX);
	});

	it('/stats programme shows bookmarks from several members and Interested counts beside the room’s seats, with a chart, naming nobody', async () => {
		for (const user of ['peter', 'sara', 'adam']) {
			expect((await discord.runCommand(discord.user(user), 'agenda', { subcommand: 'add', options: { session: 'T5' } })).content, user).to.match(/^🔖 Bookmarked \*\*Talk 5\*\*/);
		}
		await discord.runCommand(discord.user('peter'), 'agenda', { subcommand: 'add', options: { session: 'T6' } });
		discord.markInterested(uncompleted().find((event) => event.name === 'Talk 5')!.id, ['dana', 'victor', 'olivia', 'sara']);
		const stats = () => discord.runCommand(discord.user('olivia'), 'stats', { subcommand: 'programme' });
		const talk5 = (reply: Awaited<ReturnType<typeof stats>>) => reply.embeds.flatMap((embed) => embed.fields as { name: string; value: string }[]).find((field) => field.value.includes('**Talk 5**'));
		// Discord is asked for the counts at most once per 10 s, so a list read just before may still be the one shown.
		let reply = await stats();
		for (let tries = 0; !talk5(reply)?.value.includes('⭐ 4') && tries < 15; tries++) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			reply = await stats();
		}
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include('🔖 Bookmarks: 4 on 2 sessions, by 3 members.').and.include('✉️ DM reminders: 0 sent, 0 refused').and.include('🪑 ⚠️ 1 session has more bookmarks than seats.');
		const start = DateTime.fromISO(pretalx.conference.slots.find((slot) => slot.code === 'T5')!.start, { zone: TIMEZONE }).setLocale('en-GB');
		expect(talk5(reply)).to.deep.equal({
			name: `${start.toFormat('HH:mm')} · 1 session`,
			value: ['🔖 3 / 2 seats ⚠️ over capacity · **Talk 5** · Forum Hall', '⭐ 4 / 2 seats ⚠️ over capacity · **Talk 5** · Forum Hall'].join('\n')
		});
		expect(reply.embeds.some((embed) => embed.title === start.toFormat('cccc d LLLL'))).to.equal(true);
		const shown = JSON.stringify([reply.content, reply.embeds]);
		for (const user of ['peter', 'sara', 'adam', 'dana', 'victor']) {
			expect(shown).not.to.include(discord.user(user).id);
			expect(shown.toLowerCase()).not.to.include(user);
		}
		expect(reply.attachments.map((attachment) => attachment.name)).to.deep.equal(['bookmarks-per-session.png']);
		expect(decode(reply.attachments[0]!.data).width).to.equal(1000);
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
	});

	it('refills the window as the first events end, never holding more than the max', async () => {
		await eventually(() => discord.scheduledEvents().filter((event) => event.status === EventStatus.Completed).length === 3, 'the first three events completed', 150_000);
		await eventually(() => names().includes(`Talk ${MAX + 4}`), 'three more sessions taken in', 30_000);
		expect(names()).to.have.length(MAX);
		expect(new Set(discord.scheduledEvents().map((event) => event.name)).size).to.equal(discord.scheduledEvents().length);
	});
});
