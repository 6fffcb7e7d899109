import { expect } from 'chai';
import { Locale, PermissionFlagsBits as P } from 'discord.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notOrganizerMessage } from '#lib/discord/organizers';
import { BOT_CHANNEL_ACCESS } from '#lib/guild/layout';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type MessageView } from '../standins/discord';
import { demoGuild } from '../standins/discord/seed';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay, RehearsalTimeline } from './support/programme';
import { eventually, startBot, type RunningBot } from './support/startBot';

interface NagRow {
	session_code: string;
	offset_minutes: number;
	target: string;
	status: string;
}

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';
// Two real seconds per simulated minute: T-60 comes 30 s after the start, T-30 at 90 s, T-15 at 120 s.
const SPEED = 30;

// Speaker N gives the Nth slot: ann gives S1, bob S2, cat (DMs closed) S3, all at 10:00.
const day = () =>
	conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'S1', title: 'Taming asyncio', at: '10:00', rooms: ['Forum Hall'] },
			{ code: 'S2', title: 'Profiling pandas', at: '10:00', rooms: ['South Hall 2A'] },
			{ code: 'S3', title: 'Packaging in 2026', at: '10:00', rooms: ['Terrace 2A'] }
		]
	});

/** The demo guild with a speakers' channel everyone sees and a speaker desk only organisers see. */
function guildWithSpeakerChannels() {
	const seed = demoGuild();
	seed.channels.push(
		{ name: 'speakers', category: 'Information' },
		{ name: 'speaker-desk', category: 'Organisation', overwrites: { '@everyone': { deny: P.ViewChannel }, Organisers: { allow: P.ViewChannel }, usher: { allow: BOT_CHANNEL_ACCESS } } }
	);
	return seed;
}

describe('e2e: speakers linked to members, and their check-in (real bot, Discord + pretalx stand-ins)', function () {
	this.timeout(240_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let timeline: RehearsalTimeline;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-speakers-'));
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			overrides: {
				registration: { enabled: false },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T08:45:00+02:00`, speed: SPEED, refresh_minutes: 600 },
				speakers: { enabled: true }
			},
			readyTimeoutMs: 60_000
		});
	const run = (user: string, name: string, subcommand: string, options: Record<string, string | { id: string }> = {}) =>
		discord.runCommand(discord.user(user), name, { subcommand, options, channel: 'organisers' });
	const member = (user: string) => ({ id: discord.user(user).id });
	const fromBot = (messages: MessageView[]) => messages.filter((message) => message.authorId === discord.botUser.id);
	const checkinDms = (user: string) => fromBot(discord.dmsWith(discord.user(user)));
	const desk = () => fromBot(discord.messagesIn('speaker-desk'));
	const pings = () => fromBot(discord.messagesIn('speakers'));
	const nags = () => bot.rows<NagRow>('SELECT session_code, offset_minutes, target, status FROM speaker_nags ORDER BY session_code, offset_minutes DESC, target');

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start({ seed: guildWithSpeakerChannels() });
		for (const username of ['ann', 'bob', 'cat', 'dan', 'eve']) discord.addMember({ username });
		discord.setDMsOpen(discord.user('cat'), false);
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

	it('refuses non-organizers every subcommand, and offers them no speakers', async () => {
		for (const [name, subcommand, options] of [
			['speaker', 'list', {}],
			['speaker', 'link', { member: member('eve'), speaker: 'Speaker 1' }],
			['speaker', 'unlink', { member: member('ann') }],
			['checkin', 'status', {}]
		] as const) {
			// An admin sees every command; only the organizer roles may use these.
			const refused = await run('adam', name, subcommand, options);
			expect(refused.ephemeral, `/${name} ${subcommand}`).to.equal(true);
			expect(refused.content, `/${name} ${subcommand}`).to.equal(notOrganizerMessage);
		}
		const typed = await discord.autocomplete(discord.user('adam'), 'speaker', { subcommand: 'link', options: { member: member('eve') }, focused: 'speaker', typed: 'spea' });
		expect(typed.choices).to.deep.equal([]);
		expect(discord.member('eve').roles).to.not.include('Speakers');
		expect(discord.member('ann').roles).to.not.include('Speakers');
	});

	it('links members to the programme’s speakers through the autocomplete or a typed name, with the Speakers role; unlink takes it back', async () => {
		const typed = await discord.autocomplete(discord.user('olivia'), 'speaker', { subcommand: 'link', options: { member: member('ann') }, focused: 'speaker', typed: 'speaker 1' });
		expect(typed.choices!.map((choice) => choice.name)).to.deep.equal(['Speaker 1 — Taming asyncio']);
		const linked = await run('olivia', 'speaker', 'link', { member: member('ann'), speaker: String(typed.choices![0]!.value) });
		expect(linked.ephemeral).to.equal(true);
		expect(linked.content.split('\n').slice(0, 2)).to.deep.equal([`✅ Linked <@${member('ann').id}> to speaker **Speaker 1**: Taming asyncio (Wed 10:00).`, 'They have the Speakers role.']);
		expect((await run('olivia', 'speaker', 'link', { member: member('bob'), speaker: 'speaker 2' })).content).to.match(/^✅ Linked .* \*\*Speaker 2\*\*/);
		expect((await run('olivia', 'speaker', 'link', { member: member('cat'), speaker: 'Speaker 3' })).content).to.match(/^✅ Linked/);
		expect((await run('olivia', 'speaker', 'link', { member: member('bob'), speaker: 'speaker 2' })).content).to.match(/is already linked to \*\*Speaker 2\*\*; nothing changed\.$/);
		expect((await run('olivia', 'speaker', 'link', { member: member('dan'), speaker: '@everyone Nobody' })).content).to.equal(
			'No speaker “@\u200beveryone Nobody” in the programme. Start typing a name and pick one from the list.'
		);
		for (const user of ['ann', 'bob', 'cat']) expect(discord.member(user).roles, user).to.include('Speakers');

		await run('olivia', 'speaker', 'link', { member: member('dan'), speaker: 'Speaker 1' });
		expect(discord.member('dan').roles).to.include('Speakers');
		const unlinked = await run('olivia', 'speaker', 'unlink', { member: member('dan') });
		expect(unlinked.content).to.equal(`✅ Unlinked <@${member('dan').id}> from **Speaker 1**.\nThe Speakers role was taken back.`);
		expect(discord.member('dan').roles).to.not.include('Speakers');
		expect((await run('olivia', 'speaker', 'unlink', { member: member('dan') })).content).to.match(/is not linked to any speaker; nothing changed\.$/);

		const list = (await run('olivia', 'speaker', 'list')).content;
		expect(list.split('\n')).to.deep.equal([
			'**Speaker links** (3):',
			`- **Speaker 1** → <@${member('ann').id}>: Taming asyncio (Wed 10:00)`,
			`- **Speaker 2** → <@${member('bob').id}>: Profiling pandas (Wed 10:00)`,
			`- **Speaker 3** → <@${member('cat').id}>: Packaging in 2026 (Wed 10:00)`
		]);
		// An organizer whose Discord runs in German reads the same list in German.
		discord.setLocale(discord.user('olivia'), Locale.German);
		try {
			expect((await run('olivia', 'speaker', 'list')).content.split('\n').slice(0, 2)).to.deep.equal(['**Speaker-Verknüpfungen** (3):', `- **Speaker 1** → <@${member('ann').id}>: Taming asyncio (Mi 10:00)`]);
			expect((await run('olivia', 'speaker', 'unlink', { member: member('dan') })).content).to.equal(`<@${member('dan').id}> ist mit keiner vortragenden Person verknüpft; nichts geändert.`);
			expect((await run('olivia', 'checkin', 'status')).content.split('\n')[0]).to.equal('**Speaker-Check-in**, nächste Sessions:');
		} finally {
			discord.setLocale(discord.user('olivia'), Locale.EnglishUS);
		}
	});

	it('DMs each linked speaker at T-60 with an “I’m here” button, and pings one whose DMs are closed in the speakers’ channel', async () => {
		await eventually(() => checkinDms('ann').length === 1 && checkinDms('bob').length === 1 && pings().length === 1, 'the T-60 nags', 90_000);
		const [dm] = checkinDms('ann');
		expect(dm!.createdAt.getTime(), 'not before T-60').to.be.at.least(timeline.real('09:00') - 1000);
		expect(dm!.createdAt.getTime(), 'before T-30').to.be.below(timeline.real('09:30'));
		expect(dm!.content.split('\n')[0]).to.match(/^🎤 Your session \*\*Taming asyncio\*\* at 10:00 in Forum Hall starts in (59|60) minutes\.$/);
		expect(dm!.components[0].components.map((button: { label: string }) => button.label)).to.deep.equal(["I'm here"]);
		expect(checkinDms('dan'), 'unlinked before').to.deep.equal([]);
		const [ping] = pings();
		expect(ping!.content).to.match(new RegExp(`^<@${member('cat').id}> your session \\*\\*Packaging in 2026\\*\\*`));
	});

	it('checks a speaker in from the DM or the channel; someone else’s button is refused', async () => {
		const clicked = await discord.clickButton(discord.user('ann'), checkinDms('ann')[0]!, { label: "I'm here" });
		expect(clicked.content).to.equal('✅ Thanks, you are checked in for **Taming asyncio** at 10:00 in Forum Hall. The speaker desk knows.');
		expect(checkinDms('ann')[0]!.components, 'the DM lost its button').to.deep.equal([]);
		const notYours = await discord.clickButton(discord.user('eve'), pings()[0]!, { label: "I'm here" });
		expect(notYours.ephemeral).to.equal(true);
		expect(notYours.content).to.match(/^This button is for the speakers of \*\*Packaging in 2026\*\*/);
		const cat = await discord.clickButton(discord.user('cat'), pings()[0]!, { label: "I'm here" });
		expect(cat.ephemeral).to.equal(true);
		expect(cat.content).to.match(/^✅ Thanks, you are checked in for \*\*Packaging in 2026\*\*/);
		const again = await discord.clickButton(discord.user('cat'), pings()[0]!, { label: "I'm here" });
		expect(again.content).to.match(/^✅ You were already checked in/);
	});

	it('names the missing speaker at the desk at T-30 and T-15, never those checked in, through a restart in between', async () => {
		await eventually(() => desk().length === 1, 'the T-30 desk nag', 120_000);
		const [first] = desk();
		expect(first!.createdAt.getTime(), 'not before T-30').to.be.at.least(timeline.real('09:30') - 1000);
		expect(first!.content).to.equal(`⏳ Not checked in, 30 minutes before **Profiling pandas** at 10:00 in South Hall 2A:\n- <@${member('bob').id}> (Speaker 2)`);
		// Every session's T-30 nag settled (the others found everyone in), then a crash and a restart between T-30 and T-15.
		const settledAt30 = () => nags().filter((row) => row.offset_minutes === 30 && row.status !== 'claimed');
		await eventually(() => settledAt30().length === 3, 'the T-30 nags settled');
		await bot.kill();
		bot = await boot();
		await eventually(() => desk().length === 2, 'the T-15 desk nag', 120_000);
		const second = desk()[1]!;
		expect(second.createdAt.getTime(), 'not before T-15').to.be.at.least(timeline.real('09:45') - 1000);
		expect(second.content).to.equal(`⏳ Not checked in, 15 minutes before **Profiling pandas** at 10:00 in South Hall 2A:\n- <@${member('bob').id}> (Speaker 2)`);
		const status = await run('olivia', 'checkin', 'status');
		expect(status.content.split('\n')).to.deep.equal([
			'**Speaker check-in**, next sessions:',
			`- **Taming asyncio** at 10:00 in Forum Hall: ✅ <@${member('ann').id}>`,
			`- **Profiling pandas** at 10:00 in South Hall 2A: ⏳ <@${member('bob').id}>`,
			`- **Packaging in 2026** at 10:00 in Terrace 2A: ✅ <@${member('cat').id}>`
		]);
		// The restart repeated nothing: one DM each, one ping, and the desk's messages only about bob.
		expect([checkinDms('ann').length, checkinDms('bob').length, pings().length, desk().length]).to.deep.equal([1, 1, 1, 2]);
		expect(nags()).to.deep.equal([
			{ session_code: 'S1', offset_minutes: 60, target: member('ann').id, status: 'sent' },
			{ session_code: 'S1', offset_minutes: 30, target: 'desk', status: 'none' },
			{ session_code: 'S1', offset_minutes: 15, target: 'desk', status: 'none' },
			{ session_code: 'S2', offset_minutes: 60, target: member('bob').id, status: 'sent' },
			{ session_code: 'S2', offset_minutes: 30, target: 'desk', status: 'sent' },
			{ session_code: 'S2', offset_minutes: 15, target: 'desk', status: 'sent' },
			{ session_code: 'S3', offset_minutes: 60, target: member('cat').id, status: 'pinged' },
			{ session_code: 'S3', offset_minutes: 30, target: 'desk', status: 'none' },
			{ session_code: 'S3', offset_minutes: 15, target: 'desk', status: 'none' }
		]);
	});
});
