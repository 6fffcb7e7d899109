import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { BOT_CHANNEL_ACCESS } from '#lib/guild/layout';
import { fixtureEvent } from '../fixtures/pretix/event';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import type { OptionValue } from '../standins/discord/interactions';
import { demoGuild } from '../standins/discord/seed';
import { PretalxStandin } from '../standins/pretalx/server';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { conferenceDay } from './support/programme';
import { logEntries, register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

const TIMEZONE = 'Europe/Prague';
const DATE = '2026-07-15';

/** Zoë Ünal (a sponsor ticket in pretix) gives S1 alone; Ada Lovelace gives S2 and S3; 山田太郎 (sponsor) S4; Radia Perlman (a presenter ticket) S5. */
function day() {
	const conference = conferenceDay({
		date: DATE,
		timezone: TIMEZONE,
		slots: [
			{ code: 'S1', title: 'Taming asyncio', at: '14:00', rooms: ['Forum Hall'] },
			{ code: 'S2', title: 'Profiling pandas', at: '14:00', rooms: ['South Hall 2A'] },
			{ code: 'S3', title: 'Profiling pandas, the workshop', at: '15:00', rooms: ['South Hall 2A'] },
			{ code: 'S4', title: 'Packaging in 2026', at: '16:00', rooms: ['Terrace 2A'] },
			{ code: 'S5', title: 'Compilers for everyone', at: '17:00', rooms: ['Forum Hall'] }
		]
	});
	const speakers = {
		S1: { code: 'ZOE', name: 'Zoë Ünal' },
		S2: { code: 'ADA', name: 'Ada Lovelace' },
		S3: { code: 'ADA', name: 'Ada Lovelace' },
		S4: { code: 'YAMADA', name: '山田太郎' },
		S5: { code: 'RADIA', name: 'Radia Perlman' }
	};
	for (const slot of conference.slots) slot.speakers = [{ ...slot.speakers[0]!, ...speakers[slot.code as keyof typeof speakers] }];
	return conference;
}

function guildWithSpeakerChannels() {
	const seed = demoGuild();
	seed.channels.push(
		{ name: 'speakers', category: 'Information' },
		{ name: 'speaker-desk', category: 'Organisation', overwrites: { '@everyone': { deny: P.ViewChannel }, Organisers: { allow: P.ViewChannel }, usher: { allow: BOT_CHANNEL_ACCESS } } }
	);
	return seed;
}

interface LinkRow {
	user_id: string;
	speaker_key: string;
	how: string;
}

describe('e2e: the Speakers role on top of the ticket’s, for speakers matched by their ticket name (Discord, pretix and pretalx stand-ins)', function () {
	this.timeout(120_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let pretalx: PretalxStandin;
	let bot: RunningBot;
	let zoe: UserRef;
	let ada: UserRef;
	let yamada: UserRef;
	let radia: UserRef;
	const workDir = mkdtempSync(join(tmpdir(), 'usher-e2e-speaker-roles-'));
	const boot = () =>
		startBot({
			discord,
			redisUrl: redis.url,
			workDir,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: {
				pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' },
				// A rehearsal morning: the sessions are hours away, so no check-in nag interferes.
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, simulated_start: `${DATE}T08:45:00+02:00`, speed: 1, refresh_minutes: 600 },
				speakers: { enabled: true }
			},
			readyTimeoutMs: 60_000
		});
	const roles = (user: UserRef) => discord.member(user).roles;
	const links = () => bot.rows<LinkRow>('SELECT user_id, speaker_key, how FROM speaker_links ORDER BY speaker_key');
	const roleChanges = () => discord.requests.filter((request) => /^\/guilds\/\d+\/members\/\d+(\/roles\/\d+)?$/.test(request.path) && ['PUT', 'PATCH', 'DELETE'].includes(request.method));
	const reconciled = (times: number) => (bot.output().match(/Speakers' role: linked speakers of the programme \d+/g) ?? []).length >= times;
	const reconciledTimes = () => (bot.output().match(/Speakers' role: linked speakers of the programme \d+/g) ?? []).length;
	const organizer = (command: string, subcommand: string, options: Record<string, OptionValue> = {}) => discord.runCommand(discord.user('olivia'), command, { subcommand, options, channel: 'organisers' });

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start({ seed: guildWithSpeakerChannels() });
		pretix = await PretixStandin.start(fixtureEvent());
		pretalx = await new PretalxStandin(day()).start();
		zoe = discord.addMember({ username: 'zoe' });
		ada = discord.addMember({ username: 'ada' });
		yamada = discord.addMember({ username: 'yamada' });
		radia = discord.addMember({ username: 'radia' });
		pretix.addOrder(new OrderFactory('ep2026', (length) => 'g'.repeat(length)).build({ code: 'PRS01', positions: [{ item: ITEM_IDS.presenter, name: 'Radia Perlman' }] }, new Date()));
		bot = await boot();
		await eventually(() => /Programme 1\.0: \d+ sessions/.test(bot.output()) && discord.messagesIn('registration-form').length > 0 && reconciled(1), 'the first refresh and the form', 30_000);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('a member registering a sponsor ticket in a speaker’s name (accents and case aside) gets both roles, and the log says why', async () => {
		const reply = await register(discord, zoe, 'GRP34', 'zoe unal');
		expect(reply.content).to.include('You are registered');
		await eventually(() => roles(zoe).includes('Speakers'), 'the Speakers role');
		expect(roles(zoe)).to.include.members(['Participants', 'Onsite Participants', 'Sponsors', 'Speakers']);
		expect(await register(discord, ada, 'ABC12', 'Ada Lovelace').then((answer) => answer.content)).to.include('You are registered');
		await eventually(() => roles(ada).includes('Speakers'), 'Ada’s Speakers role');
		expect(roles(ada)).to.include('Participants');
		expect(links()).to.deep.equal([
			{ user_id: ada.id, speaker_key: 'code:ADA', how: 'automatic' },
			{ user_id: zoe.id, speaker_key: 'code:ZOE', how: 'automatic' }
		]);
		await eventually(() => logEntries(discord).some((entry) => entry.includes(`<@${zoe.id}> is now linked to speaker **Zoë Ünal**`)), 'the log line');
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('an organizer’s unlink is not undone when the member registers again', async () => {
		await register(discord, yamada, 'GRP34', '山田太郎');
		await eventually(() => roles(yamada).includes('Speakers'), '山田’s Speakers role');
		const unlinked = await organizer('speaker', 'unlink', { member: { id: yamada.id } });
		expect(unlinked.content).to.equal(`✅ Unlinked <@${yamada.id}> from **山田太郎**.\nThe Speakers role was taken back.`);
		expect(roles(yamada)).to.not.include('Speakers');
		const runs = reconciledTimes();
		expect((await register(discord, yamada, 'GRP34', '山田太郎')).content).to.include('You were already registered');
		await eventually(() => reconciled(runs + 1), 'matching after the registration');
		expect(links().map((link) => link.speaker_key)).to.deep.equal(['code:ADA', 'code:ZOE']);
		expect(roles(yamada)).to.include('Sponsors').and.not.include('Speakers');
	});

	it('/registration unlink remove_roles leaves a still-linked speaker the Speakers role their ticket also gave', async () => {
		await register(discord, radia, 'PRS01', 'Radia Perlman');
		await eventually(() => links().some((link) => link.user_id === radia.id), 'Radia matched');
		expect(roles(radia)).to.include.members(['Participants', 'Onsite Participants', 'Speakers']);
		const reply = await organizer('registration', 'unlink', { member: { id: radia.id }, reason: 'wrong ticket', remove_roles: true });
		expect(reply.content).to.include(`Freed 1 ticket from <@${radia.id}>`);
		await eventually(() => !roles(radia).includes('Participants'), 'the ticket’s roles removed');
		expect(roles(radia)).to.include('Speakers').and.not.include('Onsite Participants');
	});

	it('a schedule change taking a speaker off their only session takes the Speakers role, keeps the sponsor’s; one session left keeps it', async () => {
		pretalx.cancelSession('S1');
		pretalx.cancelSession('S2');
		const runs = reconciledTimes();
		const refreshed = await organizer('programme', 'refresh');
		expect(refreshed.content).to.not.equal('');
		await eventually(() => reconciled(runs + 1) && !roles(zoe).includes('Speakers'), 'Zoë’s Speakers role taken back');
		expect(roles(zoe)).to.include.members(['Participants', 'Onsite Participants', 'Sponsors']);
		expect(roles(ada), 'still in S3').to.include('Speakers');
		// Radia's match stood on the ticket an organizer freed: it goes at this refresh, and her Speakers role with it.
		expect(links().map((link) => link.user_id)).to.deep.equal([ada.id]);
		await eventually(() => !roles(radia).includes('Speakers'), 'Radia’s Speakers role taken back');
		await eventually(() => logEntries(discord).includes(`🎤 <@${zoe.id}> has no session left in the programme, so the Speakers role was taken back.`), 'the log line');
	});

	it('a restart after kill -9 changes nothing: no role given or taken, no log line, the same links', async () => {
		const changes = roleChanges().length;
		const entries = logEntries(discord).length;
		const before = [roles(zoe), roles(ada), roles(yamada), roles(radia)];
		// A crash, not a graceful stop: nothing may rest on a shutdown step.
		await bot.kill();
		bot = await boot();
		await eventually(() => reconciled(1), 'matching after the restart', 30_000);
		expect(bot.output()).to.match(/Speakers' role: linked speakers of the programme 1, given 0, taken back 0\./);
		expect(roleChanges().length).to.equal(changes);
		expect(logEntries(discord).length).to.equal(entries);
		expect([roles(zoe), roles(ada), roles(yamada), roles(radia)]).to.deep.equal(before);
		expect(links()).to.deep.equal([
			{ user_id: ada.id, speaker_key: 'code:ADA', how: 'automatic' }
		]);
		expect(discord.specViolations).to.deep.equal([]);
	});
});
