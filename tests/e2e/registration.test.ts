import BetterSqlite3 from 'better-sqlite3';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { ComponentType } from 'discord.js';
import { RegistrationIds } from '#lib/registration/customIds';
import { logEntries, openForm, register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

describe('e2e: registration through the Discord and pretix stand-ins', function () {
	this.timeout(30_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let bot: RunningBot;
	let counter = 0;
	const orders = new OrderFactory('ep2026', (length) => 'e'.repeat(length));

	const overrides = () => ({
		programme: { enabled: false },
		pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' }
	});
	const boot = (workDir?: string) => startBot({ discord, redisUrl: redis.url, overrides: overrides(), secrets: { PRETIX_TOKEN: pretix.token }, workDir });
	const ledgerRows = () => bot.rows<{ order_code: string; position_id: number; discord_user_id: string }>('SELECT order_code, position_id, discord_user_id FROM registrations');
	const newcomer = (): UserRef => discord.addMember({ username: `attendee${++counter}` });
	const logLines = () => logEntries(discord);
	const pretixCalls = (path: RegExp) => pretix.requests.filter((request) => path.test(request.path)).length;

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretix = await PretixStandin.start(fixtureEvent());
		bot = await boot();
		await eventually(() => pretixCalls(/\/orders\/$/) > 0 && discord.messagesIn('registration-form').length > 0, 'the first pretix sync and the form');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await redis?.kill();
	});

	it('posts one form message with a Register button', () => {
		const forms = discord.messagesIn('registration-form');
		expect(forms).to.have.length(1);
		expect(forms[0]!.content).to.include('Welcome to EuroPython 2026 on Discord');
	});

	it('opens a modal of Label components: each field with a label and a one-line hint (Action Row + Text Input is deprecated)', async () => {
		const modal = await openForm(discord, newcomer());
		expect(modal.components.map((component) => component.type)).to.deep.equal([ComponentType.Label, ComponentType.Label]);
		expect(modal.components.map((label) => [label.label, label.component.custom_id, label.component.type])).to.deep.equal([
			['Order code', RegistrationIds.orderField, ComponentType.TextInput],
			['Name on the ticket', RegistrationIds.nameField, ComponentType.TextInput]
		]);
		expect(modal.components.every((label) => typeof label.description === 'string' && label.description.length > 0 && label.description.length <= 100)).to.equal(true);
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('registers a person with several tickets: union of roles, badge nickname, log entry', async () => {
		const user = newcomer();
		const reply = await register(discord, user, 'ABC12', 'Ada Lovelace');
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.include('You are registered');
		const member = discord.member(user);
		expect(member.roles).to.include.members(['Participants', 'Onsite Participants', 'Beginners Day']);
		expect(member.nick).to.equal('Ada Lovelace');
		await eventually(() => logLines().some((line) => line.includes(`<@${user.id}> registered`)), 'the log entry');
	});

	it('accepts a lower-case ticket id and swapped name order', async () => {
		const user = newcomer();
		const reply = await register(discord, user, '#volnt-1', 'rudai sean o');
		expect(reply.content).to.include('You are registered');
		expect(discord.member(user).roles).to.include.members(['Participants', 'Volunteers']);
	});

	it('refuses an unknown order politely, pointing to the help channel', async () => {
		const reply = await register(discord, newcomer(), 'ZZZZ9', 'Ada Lovelace');
		expect(reply.content).to.include('I cannot find an order with the code `ZZZZ9`');
		expect(reply.content).to.include(`<#${discord.channel('registration-help').id}>`);
	});

	it('says when the order exists but the name does not match', async () => {
		const user = newcomer();
		const reply = await register(discord, user, 'ABC12', 'Charles Babbage');
		expect(reply.content).to.include('I found order `ABC12`, but no ticket in it with that name');
		expect(discord.member(user).roles).to.deep.equal([]);
	});

	it('accepts a pending order pretix marks valid, and tells unpaid, cancelled, expired, blocked and test-mode tickets why they cannot register', async () => {
		expect((await register(discord, newcomer(), 'PEND1', 'Grace Hopper')).content).to.include('You are registered');
		for (const [order, name, reason] of [
			['PEND2', 'Alan Turing', 'I found your ticket in order `PEND2`, but the order is not paid yet'],
			['CANC1', 'Margaret Hamilton', 'I found your ticket in order `CANC1`, but the order has been cancelled'],
			['EXPD1', 'Linus Torvalds', 'I found your ticket in order `EXPD1`, but the order expired before it was paid'],
			['BLCK1', 'Barbara Liskov', 'I found your ticket in order `BLCK1`, but it is blocked in our ticket system'],
			['GRP34', 'Ольга Петрова', 'I found your ticket in order `GRP34`, but that ticket has been cancelled'],
			// Never in a sync (it asks for testmode=false): found by the direct fetch on a miss.
			['TEST9', 'Test Person', "Order `TEST9` was made in the ticket shop's test mode"]
		] as const) {
			const user = newcomer();
			const reply = await register(discord, user, order, name);
			expect(reply.content, order).to.include(reason);
			expect(reply.content, order).to.include(`<#${discord.channel('registration-help').id}>`);
			expect(discord.member(user).roles, order).to.deep.equal([]);
		}
		expect(ledgerRows().filter((row) => ['PEND2', 'CANC1', 'EXPD1', 'BLCK1', 'TEST9'].includes(row.order_code))).to.deep.equal([]);
		await eventually(() => logLines().some((line) => line.includes('order BLCK1 that is blocked in pretix')), 'the blocked-ticket log entry');
	});

	it('answers one of 20 parallel submissions from one account and tells the other 19 it is still checking', async () => {
		const user = newcomer();
		// The first try waits on pretix until all the others have been answered.
		const release = pretix.holdNext(/\/orders\/PAR\d\d\/$/);
		const answered: string[] = [];
		const tries = Array.from({ length: 20 }, (_, i) =>
			register(discord, user, `PAR${String(i).padStart(2, '0')}`, 'Ada Lovelace').then((reply) => {
				answered.push(reply.content);
				return reply.content;
			})
		);
		await eventually(() => answered.length === 19, '19 answers while the first try waits on pretix', 15_000);
		release();
		const replies = await Promise.all(tries);
		expect(replies.filter((reply) => reply.startsWith('I am still checking your previous try.'))).to.have.length(19);
		expect(replies.filter((reply) => reply.includes('I cannot find an order with the code `PAR'))).to.have.length(1);
		expect(pretixCalls(/\/orders\/PAR\d\d\/$/)).to.equal(1);
		// The next try is admitted again: the held one was recorded and let go.
		expect((await register(discord, user, 'PAR99', 'Ada Lovelace')).content).to.include('I cannot find an order with the code `PAR99`');
	});

	it('re-applies roles when the same member registers again', async () => {
		const user = newcomer();
		await register(discord, user, 'RMT56', 'Ольга Петрова');
		const participants = discord.role('Participants');
		// An organizer took a role away by hand; registering again brings it back.
		await fetch(`${discord.restUrl}/v10/guilds/${discord.guild.id}/members/${user.id}/roles/${participants.id}`, {
			method: 'DELETE',
			headers: { Authorization: `Bot ${discord.token}` }
		});
		await eventually(() => !discord.member(user).roles.includes('Participants'), 'the role removal');
		const reply = await register(discord, user, 'RMT56', 'Olga Petrova');
		expect(reply.content).to.include('You were already registered');
		expect(discord.member(user).roles).to.include('Participants');
	});

	it('refuses a ticket held by another account, and exactly one of two racing accounts wins', async () => {
		const first = newcomer();
		const second = newcomer();
		const results = await Promise.all([register(discord, first, 'GRP34', 'Zoë Ünal'), register(discord, second, 'GRP34', 'Zoe Unal')]);
		const winners = results.filter((result) => result.content?.includes('You are registered'));
		const refused = results.filter((result) => result.content?.includes('already linked to another Discord account'));
		expect(winners).to.have.length(1);
		expect(refused).to.have.length(1);
		const holders = [first, second].filter((user) => discord.member(user).roles.includes('Sponsors'));
		expect(holders).to.have.length(1);
		const rows = ledgerRows().filter((row) => row.order_code === 'GRP34');
		expect(rows.map((row) => row.discord_user_id)).to.deep.equal([holders[0]!.id]);
		const later = await register(discord, newcomer(), 'GRP34', 'Zoë Ünal');
		expect(later.content).to.include('already linked to another Discord account');
		await eventually(() => logLines().some((line) => line.includes('already held by')), 'the held-by-other log entry');
	});

	it('limits failed attempts and says when to try again', async () => {
		const user = newcomer();
		for (let i = 0; i < 5; i++) await register(discord, user, 'ABC12', `Wrong Name ${i}`);
		const reply = await register(discord, user, 'ABC12', 'Ada Lovelace');
		expect(reply.content).to.match(/That was a few tries too many\. Please wait and try again <t:\d+:R>/);
		expect(discord.member(user).roles).to.deep.equal([]);
	});

	it('prunes the attempt log with a daily task that deletes only attempts older than the retention', async () => {
		const queue = new Queue('usher', { connection: { host: '127.0.0.1', port: redis.port } });
		queue.on('error', () => undefined);
		const db = new BetterSqlite3(bot.databaseFile);
		try {
			const scheduled = (await queue.getRepeatableJobs()).find((job) => job.name === 'attemptLogPrune');
			expect(Number(scheduled?.every), 'repeated once a day').to.equal(86_400_000);
			const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
			const insert = db.prepare("INSERT INTO registration_attempts (user_id, at, result, detail) VALUES ('900', ?, 'wrong-name', 'prune-probe')");
			insert.run(old);
			const count = () => db.prepare("SELECT COUNT(*) FROM registration_attempts WHERE detail = 'prune-probe' OR at > ?").pluck().get(old) as number;
			const before = count();
			// Run it now instead of waiting a day: the same job the repeat adds.
			await queue.add('attemptLogPrune', null);
			await eventually(() => /attempt log pruned: 1 older than 30 days/.test(bot.output()), 'the prune run');
			expect(db.prepare("SELECT COUNT(*) FROM registration_attempts WHERE detail = 'prune-probe'").pluck().get()).to.equal(0);
			expect(count()).to.equal(before - 1);
		} finally {
			db.close();
			await queue.close();
		}
	});

	it('keeps answering from the index while pretix is down, and says so when it must ask pretix', async () => {
		const before = pretix.requests.length;
		pretix.failNext({ status: 503, times: 50 });
		const known = newcomer();
		expect((await register(discord, known, 'NONAM', 'Katherine Johnson')).content).to.include('You are registered');
		expect(pretix.requests.length).to.equal(before);
		const unknown = await register(discord, newcomer(), 'NEW01', 'Someone New');
		expect(unknown.content).to.include('the ticket system is not answering');
		pretix.recover();
	});

	it('gives a clear message when Discord refuses the roles, and keeps the ledger consistent', async () => {
		const adam = discord.user('adam');
		const reply = await register(discord, adam, 'GRP34', '山田太郎');
		expect(reply.content).to.include('could not give you your roles');
		await eventually(() => logLines().some((line) => line.includes(`<@${adam.id}> has a valid ticket`)), 'the log entry for organizers');
		// The refused claim was rolled back, so someone else can still register that ticket.
		const other = newcomer();
		expect((await register(discord, other, 'GRP34', '山田太郎')).content).to.include('You are registered');
	});

	it('gives a member who leaves and comes back their roles and nickname again', async () => {
		pretix.addOrder(orders.build({ code: 'RJN01', positions: [{ item: ITEM_IDS.personal, variation: 104, name: 'Hedy Lamarr' }] }, new Date()));
		const user = newcomer();
		expect((await register(discord, user, 'RJN01', 'Hedy Lamarr')).content).to.include('You are registered');
		discord.removeMember(user);
		const back = discord.rejoin(user);
		await eventually(() => discord.member(back).roles.includes('Participants'), 'roles restored on rejoin');
		expect(discord.member(back).nick).to.equal('Hedy Lamarr');
		await eventually(() => logLines().some((line) => line.includes(`<@${back.id}> rejoined`)), 'the rejoin log entry');
	});

	it('switches the form to an offline notice on shutdown and back on start, from the snapshot when pretix is down', async () => {
		const formId = discord.messagesIn('registration-form')[0]!.id;
		const workDir = bot.workDir;
		expect(await bot.stop()).to.equal(0);
		const offline = discord.messagesIn('registration-form');
		expect(offline).to.have.length(1);
		expect(offline[0]!.content).to.include('Registration is offline');
		expect(offline[0]!.components).to.deep.equal([]);

		pretix.failNext({ status: 500, times: 1000 });
		bot = await boot(workDir);
		await eventually(() => discord.messagesIn('registration-form')[0]!.content.includes('Click the green'), 'the form back online');
		const forms = discord.messagesIn('registration-form');
		expect(forms).to.have.length(1);
		expect(forms[0]!.id).to.equal(formId);
		const user = newcomer();
		expect((await register(discord, user, 'ABC12', 'Ada Lovelace')).content).to.include('already linked');
		pretix.recover();
	});

	it('sent Discord only requests its OpenAPI spec accepts', () => {
		expect(discord.specViolations).to.deep.equal([]);
	});
});
