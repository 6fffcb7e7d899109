import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { Locale } from 'discord.js';
import { decode } from 'fast-png';
import { notOrganizerMessage } from '#lib/discord/organizers';
import { DiscordStandIn, demoGuild, type InteractionResult, type UserRef } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { fixtureEvent } from '../fixtures/pretix/event';
import { ThrowawayRedis } from '../helpers/redisServer';
import { logEntries, register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

const DAY_MS = 86_400_000;

describe('e2e: organizer statistics and help-desk commands', function () {
	this.timeout(30_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let bot: RunningBot;
	const added: UserRef[] = [];
	const olivia = () => discord.user('olivia');

	const overrides = (registrationEnabled = true) => ({
		programme: { enabled: false },
		registration: { enabled: registrationEnabled },
		pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' }
	});
	const boot = (workDir?: string, registrationEnabled = true) =>
		startBot({ discord, redisUrl: redis.url, overrides: overrides(registrationEnabled), secrets: { PRETIX_TOKEN: pretix.token }, workDir });
	const ledger = () => bot.rows<{ order_code: string; discord_user_id: string; source: string; reason: string | null }>('SELECT order_code, discord_user_id, source, reason FROM registrations');
	const allMembers = () => [...demoGuild().members.map((m) => discord.user(m.username)), discord.botUser, ...added].map((u) => discord.member(u));
	const isBot = (id: string) => id === discord.botUser.id;
	const logLines = () => logEntries(discord);
	const run = (user: UserRef, name: string, subcommand: string, options: Record<string, string | boolean | { id: string }> = {}, channel = 'organisers') =>
		discord.runCommand(user, name, { subcommand, options, channel });
	const count = (text: string, pattern: RegExp): number => Number((pattern.exec(text)?.[1] ?? 'NaN').replace(/,/g, ''));

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretix = await PretixStandin.start(fixtureEvent());
		// Names a spreadsheet export must survive: commas, quotes, newlines, a would-be formula.
		added.push(discord.addMember({ username: 'quoted', globalName: 'Zoë "Zed", Ünal', nick: 'line one\nline two, "quoted"' }));
		added.push(discord.addMember({ username: 'formula', globalName: '=HYPERLINK("x")', roles: ['Participants'] }));
		added.push(discord.addMember({ username: 'newbie', globalName: 'New Person', joinedAt: new Date(Date.now() - 2 * 3_600_000) }));
		added.push(discord.addMember({ username: 'helperbot', bot: true, joinedAt: new Date(Date.now() - 3 * DAY_MS) }));
		bot = await boot();
		await eventually(() => discord.commands('guild').some((c) => c.name === 'stats') && discord.messagesIn('registration-form').length > 0, 'commands and form', 10_000);
		expect((await register(discord, discord.user('sara'), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
		expect((await register(discord, discord.user('peter'), 'ABC12', 'Peter Wrong')).content).to.include('no ticket in it with that name');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await redis?.kill();
	});

	it('registers both commands hidden from members without Manage Messages', () => {
		for (const name of ['stats', 'registration']) {
			const command = discord.commands('guild').find((c) => c.name === name)!;
			expect(command.body.default_member_permissions, name).to.equal(String(1n << 13n));
		}
		expect(() => run(discord.user('peter'), 'stats', 'members')).to.throw(/cannot see \/stats/);
	});

	it('refuses every command to a non-organizer, politely and without revealing anything', async () => {
		const adam = discord.user('adam');
		const calls: Array<[string, string, Record<string, string | boolean | { id: string }>]> = [
			['stats', 'members', {}],
			['stats', 'registration', {}],
			['stats', 'programme', {}],
			['stats', 'export', {}],
			['registration', 'lookup', { order: 'ABC12' }],
			['registration', 'unlink', { order: 'ABC12', reason: 'test' }],
			['registration', 'register', { member: { id: adam.id }, order: 'RMT56', name: 'Olga Petrova', reason: 'test' }]
		];
		for (const [name, subcommand, options] of calls) {
			const reply = await run(adam, name, subcommand, options);
			expect(reply.ephemeral, `${name} ${subcommand}`).to.equal(true);
			expect(reply.content, `${name} ${subcommand}`).to.equal(notOrganizerMessage);
			expect(reply.content).not.to.match(/\d|ABC12|Ada/);
			expect(reply.attachments).to.deep.equal([]);
		}
		expect(ledger().filter((row) => row.discord_user_id === adam.id)).to.deep.equal([]);
	});

	it('/stats members counts exactly what the guild holds', async () => {
		const reply = await run(olivia(), 'stats', 'members');
		expect(reply.ephemeral).to.equal(true);
		const members = allMembers();
		const bots = members.filter((m) => isBot(m.id) || m.username === 'helperbot');
		const now = Date.now();
		expect(count(reply.content, /Server members: ([\d,]+)/)).to.equal(members.length);
		expect(count(reply.content, /\(([\d,]+) people?/)).to.equal(members.length - bots.length);
		expect(count(reply.content, /([\d,]+) bots?\)/)).to.equal(bots.length);
		expect(count(reply.content, /without a role: ([\d,]+)/)).to.equal(members.filter((m) => !bots.includes(m) && m.roles.length === 0).length);
		expect(count(reply.content, /Joined: ([\d,]+) in the last 24 h/)).to.equal(members.filter((m) => now - m.joinedAt.getTime() < DAY_MS).length);
		expect(count(reply.content, /([\d,]+) in the last 7 days/)).to.equal(members.filter((m) => now - m.joinedAt.getTime() < 7 * DAY_MS).length);
		const roleLines = reply.content.split('\n').filter((line) => line.startsWith('• '));
		const roleNames = roleLines.map((line) => line.slice(2, line.lastIndexOf(':')));
		const positions = roleNames.map((name) => discord.role(name).position);
		expect(positions).to.deep.equal([...positions].sort((a, b) => b - a));
		for (const line of roleLines) {
			const name = line.slice(2, line.lastIndexOf(':'));
			expect(Number(line.slice(line.lastIndexOf(':') + 1)), name).to.equal(members.filter((m) => m.roles.includes(name)).length);
		}
		expect(roleNames).to.include.members(['Organisers', 'Participants', 'usher']);
	});

	it('/stats members share:true posts in the channel for everyone', async () => {
		const reply = await run(olivia(), 'stats', 'members', { share: true });
		expect(reply.ephemeral).to.equal(false);
		expect(discord.messagesIn('organisers').some((message) => message.content.startsWith('**Server members:'))).to.equal(true);
	});

	it('/stats members and registration answer an organizer whose Discord runs in German in German, numbers grouped the German way', async () => {
		discord.setLocale(olivia(), Locale.German);
		try {
			const members = await run(olivia(), 'stats', 'members');
			expect(Number(/^\*\*Mitglieder auf dem Server: ([\d.]+)\*\*/.exec(members.content)![1]!.replace(/\./g, ''))).to.equal(allMembers().length);
			expect(members.content).to.include('\n\n**Mitglieder pro Rolle** (höchste Rolle zuerst)\n• ');
			const registration = await run(olivia(), 'stats', 'registration');
			expect(registration.content).to.match(/^\*\*Registrierungstrichter\*\*\nVerkaufte Tickets: [\d.]+ → auf Discord registriert: /);
			expect(registration.content).to.include('**Fehlgeschlagene Versuche** (letzte 7 Tage)');
			expect(registration.content.length).to.be.at.most(2000);
			expect(registration.content).to.include('• falscher Name: 1');
			expect(registration.attachments.map((a) => a.name)).to.deep.equal(['registrations-per-hour.png', 'funnel-by-ticket-type.png']);
		} finally {
			discord.setLocale(olivia(), Locale.EnglishUS);
		}
	});

	it('/stats registration shows the funnel, failure reasons and two charts that decode', async () => {
		const reply = await run(olivia(), 'stats', 'registration');
		expect(reply.ephemeral).to.equal(true);
		const registeredAccounts = new Set(ledger().map((row) => row.discord_user_id));
		const people = allMembers().filter((m) => !isBot(m.id) && m.username !== 'helperbot');
		expect(count(reply.content, /never registered: ([\d,]+)/)).to.equal(people.filter((m) => !registeredAccounts.has(m.id)).length);
		expect(count(reply.content, /wrong name: ([\d,]+)/)).to.equal(1);
		expect(count(reply.content, /Registrations over time\*\*: ([\d,]+)/)).to.equal(registeredAccounts.size);
		expect(reply.attachments.map((a) => a.name)).to.deep.equal(['registrations-per-hour.png', 'funnel-by-ticket-type.png']);
		for (const attachment of reply.attachments) {
			const image = decode(attachment.data);
			expect(image.width, attachment.name).to.equal(1000);
			expect(image.height, attachment.name).to.be.greaterThan(100);
		}
	});

	it('/stats export refuses in a channel everyone can see, and says why', async () => {
		const reply = await run(olivia(), 'stats', 'export', {}, 'welcome');
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include('only organizers can see');
		expect(reply.attachments).to.deep.equal([]);
		expect(discord.messagesIn('welcome').some((message) => message.attachments.length > 0)).to.equal(false);
	});

	it('/stats export in an organizers-only channel attaches a CSV that round-trips every field', async () => {
		const reply = await run(olivia(), 'stats', 'export');
		expect(reply.attachments).to.have.length(1);
		expect(reply.attachments[0]!.name).to.match(/^members-\d{4}-\d{2}-\d{2}\.csv$/);
		const csv = reply.attachments[0]!.data.toString('utf8');
		const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
		const members = allMembers();
		expect(rows).to.have.length(members.length);
		const registrations = ledger();
		for (const member of members) {
			const row = rows.find((r) => r.id === member.id);
			expect(row, member.username).to.not.equal(undefined);
			const displayName = member.globalName ?? member.username;
			expect(row!.username).to.equal(member.username);
			expect(row!['display name']).to.equal(displayName.startsWith('=') ? `'${displayName}` : displayName);
			expect(row!.nickname).to.equal(member.nick ?? '');
			expect(row!.joined).to.equal(member.joinedAt.toISOString());
			expect(row!.roles).to.equal(member.roles.join('; '));
			const registered = registrations.some((r) => r.discord_user_id === member.id);
			expect(row!['registered ticket type'] !== '', member.username).to.equal(registered);
		}
		expect(rows.find((r) => r.username === 'quoted')!.nickname).to.equal('line one\nline two, "quoted"');
		expect(rows.find((r) => r.id === discord.user('sara').id)!['registered ticket type']).to.include('Business');
	});

	it('/registration lookup by member, order and name says who holds which ticket since when', async () => {
		const sara = discord.user('sara');
		const searches: Record<string, { id: string } | string>[] = [{ member: { id: sara.id } }, { order: '#abc12' }, { name: 'lovelace' }];
		for (const options of searches) {
			const reply = await run(olivia(), 'registration', 'lookup', options);
			expect(reply.ephemeral).to.equal(true);
			expect(reply.content, JSON.stringify(options)).to.match(/^\*\*\d+ registered tickets?\*\*/);
			expect(reply.content).to.include(`<@${sara.id}>`).and.include('Ada Lovelace').and.include('ABC12-').and.match(/<t:\d+:f>/);
		}
		expect((await run(olivia(), 'registration', 'lookup', { order: 'VOLNT' })).content).to.equal('Nobody has registered a ticket of order `VOLNT` yet.');
		expect((await run(olivia(), 'registration', 'lookup', { order: 'NOPE1' })).content).to.include('pretix has no valid ticket in order `NOPE1`');
		expect((await run(olivia(), 'registration', 'lookup')).content).to.include('Tell me what to look for');
	});

	it('/registration register registers a member by hand, logs it, and refuses a ticket already held', async () => {
		const newbie = discord.user('newbie');
		const reply = await run(olivia(), 'registration', 'register', { member: { id: newbie.id }, order: 'RMT56', name: 'Olga Petrova', reason: 'lost their email' });
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include(`Registered <@${newbie.id}> for 1 ticket`);
		expect(discord.member(newbie).roles).to.include.members(['Participants', 'Remote Participants']);
		expect(ledger().find((row) => row.order_code === 'RMT56')).to.deep.include({ discord_user_id: newbie.id, source: 'organizer', reason: 'lost their email' });
		await eventually(() => logLines().some((line) => line.includes(`<@${olivia().id}> registered <@${newbie.id}> by hand`) && line.includes('lost their email')), 'log entry');

		const quoted = discord.user('quoted');
		const held = await run(olivia(), 'registration', 'register', { member: { id: quoted.id }, order: 'RMT56', name: 'Olga Petrova', reason: 'again' });
		expect(held.content).to.include(`already linked to <@${newbie.id}>`);
		const unknown = await run(olivia(), 'registration', 'register', { member: { id: quoted.id }, order: 'ZZZZ9', name: 'Nobody', reason: 'test' });
		expect(unknown.content).to.include('pretix has no valid ticket in order `ZZZZ9`');
		expect(discord.member(quoted).roles).to.deep.equal([]);
	});

	it('/registration unlink frees a member’s tickets, removes their roles on request, and logs it', async () => {
		const newbie = discord.user('newbie');
		expect((await run(olivia(), 'registration', 'unlink', { reason: 'nothing' })).content).to.include('Tell me what to free');
		const reply = await run(olivia(), 'registration', 'unlink', { member: { id: newbie.id }, reason: 'wrong person', remove_roles: true });
		expect(reply.content).to.include(`Freed 1 ticket from <@${newbie.id}>`).and.include('removed the roles');
		expect(ledger().filter((row) => row.discord_user_id === newbie.id)).to.deep.equal([]);
		expect(discord.member(newbie).roles).to.not.include.members(['Participants', 'Remote Participants']);
		await eventually(() => logLines().some((line) => line.includes(`freed`) && line.includes(`<@${newbie.id}>`) && line.includes('wrong person')), 'unlink log');
		expect((await run(olivia(), 'registration', 'lookup', { member: { id: newbie.id } })).content).to.equal('No registered ticket matches that.');
		// The freed ticket can be registered again by its owner.
		expect((await register(discord, discord.user('quoted'), 'RMT56', 'Olga Petrova')).content).to.include('You are registered');
	});

	it('/registration unlink by order keeps roles unless asked, and says so', async () => {
		const sara = discord.user('sara');
		const reply = await run(olivia(), 'registration', 'unlink', { order: 'ABC12', name: 'Ada Lovelace', reason: 'duplicate account' });
		expect(reply.content).to.include(`from <@${sara.id}>`).and.include('Their roles stay');
		expect(discord.member(sara).roles).to.include('Participants');
		expect(ledger().filter((row) => row.order_code === 'ABC12')).to.deep.equal([]);
	});

	it('says registration is off instead of failing when it is disabled in config', async () => {
		await bot.stop();
		bot = await boot(bot.workDir, false);
		const stats = await run(olivia(), 'stats', 'registration');
		expect(stats.content).to.equal('Registration is turned off in this bot’s config, so there are no registration statistics.');
		const lookup = await run(olivia(), 'registration', 'lookup', { order: 'ABC12' });
		expect(lookup.content).to.include('Registration is turned off');
		const members: InteractionResult = await run(olivia(), 'stats', 'members');
		expect(count(members.content, /Server members: ([\d,]+)/)).to.equal(allMembers().length);
	});

	it('/stats programme says the programme is off instead of failing when it is disabled in config', async () => {
		const reply = await run(olivia(), 'stats', 'programme');
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.equal('The programme is turned off in this bot’s config, so there are no programme statistics.');
		expect(reply.attachments).to.deep.equal([]);
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
