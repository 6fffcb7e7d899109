import { expect } from 'chai';
import type { Client, Guild, TextChannel } from 'discord.js';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { GuildDirectory } from '#lib/discord/GuildDirectory';
import type { AttemptResult } from '#lib/registration/AttemptLimiter';
import { AttemptLimiter } from '#lib/registration/AttemptLimiter';
import { memberApplier } from '#lib/registration/applyToMember';
import { ClaimLedger, positionKey } from '#lib/registration/ClaimLedger';
import { RegistrationIds } from '#lib/registration/customIds';
import { RegistrationDesk } from '#lib/registration/RegistrationDesk';
import { RegistrationFlow, type TicketFinder } from '#lib/registration/RegistrationFlow';
import { RoleGrants, type GrantResult } from '#lib/registration/RoleGrants';
import { RoleQueue, type RoleJob } from '#lib/registration/RoleQueue';
import type { Ticket } from '#lib/registration/Ticket';
import { TicketIndex, type TicketMiss } from '#lib/registration/TicketIndex';
import { KeyValueStore } from '#lib/store/KeyValueStore';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';
import { eventually } from '../../helpers/eventually';
import { overrideContainer, RecordingLogger } from '../../mocks/container';
import { APPLICATION_ID, createChatInput, createClient, createGuild, createMember, createModalSubmit, createTextChannel, FakeDiscord, type RecordedRequest } from '../../mocks/discord';

const ATTENDEE = '910000000000000001';
const USER = '910000000000000100';
const event = parsedEvent(fixtureEvent());

/** The fixture event's ticket index; `hold()` keeps lookups waiting until `release()`, like a slow pretix call. */
class Finder implements TicketFinder {
	public broken = false;
	private held = false;
	private readonly waiting: Array<() => void> = [];
	private readonly index = new TicketIndex();

	public constructor() {
		this.index.replaceAll(structuredClone(event.orders), event.catalog);
	}

	public hold(): void {
		this.held = true;
	}

	public release(): void {
		this.held = false;
		for (const resolve of this.waiting.splice(0)) resolve();
	}

	public async lookupOrFetch(orderInput: string, nameInput: string): Promise<Ticket[]> {
		if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
		if (this.broken) throw new Error('the index is broken');
		return this.index.lookup(orderInput, nameInput);
	}

	public hasOrder(orderCode: string): boolean {
		return this.index.hasOrder(orderCode);
	}

	public explainMiss(orderInput: string, nameInput: string): TicketMiss {
		return this.index.explainMiss(orderInput, nameInput);
	}
}

interface CallbackBody {
	type: number;
	data?: { content?: string; flags?: number; allowed_mentions?: unknown };
}

describe('registration/RegistrationDesk (real interactions, REST recorded)', () => {
	let discord: FakeDiscord;
	let client: Client;
	let guild: Guild;
	let help: TextChannel;
	let db: SqliteDatabase;
	let finder: Finder;
	let ledger: ClaimLedger;
	let log: TextChannel;
	let queue: RoleQueue;
	let grants: RoleGrants;
	let desk: RegistrationDesk;
	let logger: RecordingLogger;
	let attempts: AttemptResult[];
	let restore: () => void;

	beforeEach(() => {
		discord = new FakeDiscord();
		client = createClient(discord);
		guild = createGuild(client, { roles: [{ id: ATTENDEE, name: 'Attendee' }] });
		help = createTextChannel(guild, { name: 'registration-help' });
		log = createTextChannel(guild, { name: 'registration-log' });
		const directory = new GuildDirectory(guild);
		directory.requireTextChannel({ key: ChannelKeys.registrationHelp, ref: help.name });
		directory.requireTextChannel({ key: ChannelKeys.log, ref: log.name });
		db = openDatabase(':memory:');
		finder = new Finder();
		ledger = new ClaimLedger(db);
		queue = new RoleQueue(db);
		const now = () => new Date();
		// The bot's wiring (src/lib/setup/registration.ts) with the fixture index for pretix: the member PATCH goes
		// through memberApplier on the mocks guild, so it reaches FakeDiscord like the replies do.
		grants = new RoleGrants({
			queue,
			ledger,
			memberOf: (userId, reason) => memberApplier(guild, userId, reason),
			onDone: (result, reply, interrupted) => desk.grantDone(result, reply, interrupted),
			onError: (error) => logger.warn(`grant error: ${String(error)}`),
			now
		});
		const registration = new RegistrationFlow({
			finder,
			ledger,
			limiter: new AttemptLimiter(db),
			rolesFor: () => ({ roleIds: [ATTENDEE], roleNames: ['Attendee'], unresolved: [] }),
			queue,
			onQueued: () => grants.wake(),
			now
		});
		logger = new RecordingLogger();
		attempts = [];
		restore = overrideContainer({
			client,
			kv: new KeyValueStore(db),
			config: { bot: { language: 'en' }, discord: { interaction_token_minutes: 15 }, registration: { conference_name: 'Test Conference' } } as never,
			directory,
			registration,
			roleQueue: queue,
			roleGrants: grants,
			metrics: { registration: (result: AttemptResult) => void attempts.push(result) } as never,
			logger: logger as never
		});
		desk = new RegistrationDesk();
		createMember(guild, { id: USER, roles: [] });
	});
	afterEach(async () => {
		await grants.stop();
		restore();
		db.close();
		await client.destroy();
	});

	const submitted = (order: string, name: string, createdAt?: Date) =>
		createModalSubmit(guild, guild.members.cache.get(USER)!, RegistrationIds.modal, { [RegistrationIds.orderField]: order, [RegistrationIds.nameField]: name }, createdAt ? { createdAt } : {});
	const callbacks = () => discord.requests.filter((request) => request.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(request.path));
	const originalEdits = () => discord.requests.filter((request) => request.method === 'PATCH' && request.path.endsWith('/messages/@original'));
	const memberPatches = () => discord.matching('PATCH', new RegExp(`^/guilds/${guild.id}/members/${USER}$`));
	const body = <T>(request: RecordedRequest | undefined) => request?.body as T;

	it('answers a quick refusal in one ephemeral reply that pings nobody', async () => {
		const interaction = submitted('ABC12', 'Somebody Else');
		await desk.submit(interaction);
		expect(callbacks().map((request) => request.path)).to.deep.equal([`/interactions/${interaction.id}/${interaction.token}/callback`]);
		const reply = body<CallbackBody>(callbacks()[0]);
		expect(reply.type).to.equal(4);
		expect(reply.data?.flags).to.equal(64);
		expect(reply.data?.allowed_mentions).to.deep.equal({ parse: [] });
		expect(reply.data?.content).to.include('I found order `ABC12`, but no ticket in it with that name').and.include(`<#${help.id}>`);
		expect(callbacks()[0]?.headers.authorization, 'interaction callbacks go without the bot token').to.equal(undefined);
		expect(originalEdits()).to.deep.equal([]);
		expect(memberPatches()).to.deep.equal([]);
		expect(attempts).to.deep.equal(['wrong-name']);
	});

	it('gives the roles within the first answer when nobody is in line: PATCH first, then one reply saying it is done', async () => {
		grants.start();
		await desk.submit(submitted('ABC12', 'Ada Lovelace'));
		const patch = memberPatches()[0];
		expect(body(patch)).to.deep.equal({ roles: [ATTENDEE], nick: 'Ada Lovelace' });
		expect(patch?.reason).to.equal('usher: ticket registration');
		expect(callbacks()).to.have.length(1);
		expect(discord.requests.indexOf(patch!)).to.be.below(discord.requests.indexOf(callbacks()[0]!));
		const reply = body<CallbackBody>(callbacks()[0]);
		expect(reply).to.deep.include({ type: 4 });
		expect(reply.data?.content).to.include('Welcome, Ada Lovelace! You are registered.').and.include('Your nickname is now **Ada Lovelace**');
		expect(originalEdits()).to.deep.equal([]);
	});

	it('tells a member in line their place, then edits that reply (by the interaction token) when the roles arrive', async () => {
		const interaction = submitted('ABC12', 'Ada Lovelace');
		await desk.submit(interaction);
		const first = body<CallbackBody>(callbacks()[0]);
		expect(first.type).to.equal(4);
		expect(first.data?.content).to.include('Your ticket is confirmed, Ada Lovelace!').and.include('you are number 1 in line');
		expect(memberPatches()).to.deep.equal([]);
		expect(queue.get(USER)?.reply).to.deep.include({ applicationId: APPLICATION_ID, token: interaction.token });

		grants.start();
		await eventually(() => originalEdits().length > 0, 'the reply to be edited');
		expect(memberPatches()).to.have.length(1);
		const [edit] = originalEdits();
		expect(edit?.path).to.equal(`/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
		expect(edit?.headers.authorization).to.equal(undefined);
		const sent = body<{ content: string; allowed_mentions: unknown }>(edit);
		expect(sent.allowed_mentions).to.deep.equal({ parse: [] });
		expect(sent.content).to.include('Welcome, Ada Lovelace! You are registered.');
		// The organizers hear of it in the log channel (the bot's log, as no registration log is configured).
		const logPosts = () => discord.matching('POST', new RegExp(`^/channels/${log.id}/messages$`));
		await eventually(() => logPosts().length > 0, 'the log entry');
		expect(body(logPosts()[0])).to.deep.include({ allowed_mentions: { parse: [] } });
		expect(body<{ content: string }>(logPosts()[0]).content).to.match(new RegExp(`^✅ <@${USER}> registered as \\*\\*Ada Lovelace\\*\\* \\(order ABC12`));
	});

	it('defers a slow lookup (type 5, ephemeral) and then edits the original response with the answer', async () => {
		finder.hold();
		// Discord got the deferral: now pretix "answers".
		discord.on((request) => {
			if (body<CallbackBody>(request)?.type === 5) finder.release();
			return undefined;
		});
		const interaction = submitted('ABC12', 'Somebody Else');
		await desk.submit(interaction);
		expect(callbacks().map((request) => body<CallbackBody>(request))).to.deep.equal([{ type: 5, data: { flags: 64 } }]);
		expect(originalEdits()).to.have.length(1);
		const [edit] = originalEdits();
		expect(discord.requests.indexOf(callbacks()[0]!)).to.be.below(discord.requests.indexOf(edit!));
		expect(edit?.path).to.equal(`/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
		const sent = body<{ content: string; allowed_mentions: unknown }>(edit);
		expect(sent.allowed_mentions).to.deep.equal({ parse: [] });
		expect(sent.content).to.include('no ticket in it with that name');
	});

	it('answers with an apology when registration itself fails, and logs it', async () => {
		finder.broken = true;
		await desk.submit(submitted('ABC12', 'Ada Lovelace'));
		expect(body<CallbackBody>(callbacks()[0]).data?.content).to.equal('Something went wrong on our side and I could not finish. Nothing was lost: please try again in a minute.');
		expect(logger.at('error')).to.have.length(1);
		expect(logger.at('error')[0]).to.include(`registration failed for user ${USER}`);
	});

	describe('awaitRoles', () => {
		const job: RoleJob = {
			purpose: 'self',
			requestedBy: null,
			userId: USER,
			roleIds: [ATTENDEE],
			roleNames: ['Attendee'],
			nickname: 'Ada Lovelace',
			tickets: [{ orderCode: 'ABC12', positionId: 1, itemName: 'Business', variationName: null, attendeeName: 'Ada Lovelace' }],
			ticketKeys: [positionKey({ orderCode: 'ABC12', positionId: 1 })],
			claimedKeys: [positionKey({ orderCode: 'ABC12', positionId: 1 })],
			again: false,
			queuedAt: new Date(),
			accessGivenAt: null
		};
		const granted: GrantResult = { kind: 'granted', job, nicknameSet: false };
		const command = (createdAt: Date) => createChatInput(guild, guild.members.cache.get(USER)!, 'register', { createdAt });

		it('edits the reply at once when the grant finished before it was saved', async () => {
			const interaction = command(new Date());
			await desk.awaitRoles(interaction, USER, Promise.resolve(granted));
			const [edit, ...more] = originalEdits();
			expect(more).to.deep.equal([]);
			expect(edit?.path).to.equal(`/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
			expect(body<{ content: string }>(edit).content).to.include('Welcome, Ada Lovelace! You are registered.').and.include('I could not change your nickname');
		});

		it('edits while the token has more than its 30 s margin left, and never tries a token about to die', async () => {
			await desk.awaitRoles(command(new Date(Date.now() - 14 * 60_000)), USER, Promise.resolve(granted));
			expect(originalEdits(), '60 s left').to.have.length(1);
			await desk.awaitRoles(command(new Date(Date.now() - 14 * 60_000 - 40_000)), USER, Promise.resolve(granted));
			expect(originalEdits(), '20 s left').to.have.length(1);
		});

		it('tells a member the access role let in that they are in, and what still follows', async () => {
			const ACCESS = '910000000000000002';
			const accessGrants = new RoleGrants({
				queue,
				ledger,
				memberOf: () => Promise.resolve(null),
				onDone: () => undefined,
				onError: () => undefined,
				now: () => new Date(),
				access: { roleId: () => ACCESS, give: () => Promise.resolve('given'), onAccess: () => undefined }
			});
			overrideContainer({ roleGrants: accessGrants });
			queue.enqueue({ ...job, roleIds: [ACCESS, ATTENDEE], roleNames: ['Conference', 'Attendee'] }, new Date());
			queue.markAccess(USER, new Date());
			const interaction = command(new Date());
			// The grant is still to come: only the access role is in.
			await desk.awaitRoles(interaction, USER, new Promise<GrantResult>(() => undefined));
			expect(queue.get(USER)?.reply).to.deep.include({ token: interaction.token });
			const [edit, ...more] = originalEdits();
			expect(more).to.deep.equal([]);
			expect(edit?.path).to.equal(`/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
			expect(body<{ content: string }>(edit).content)
				.to.include('✅ Welcome, Ada Lovelace! You are in: the conference channels are open to you now.')
				.and.include('Your badge nickname **Ada Lovelace** and your other roles (Attendee) follow in turn');
		});

		it('logs a refused edit instead of throwing', async () => {
			discord.on((request) => (request.method === 'PATCH' ? { status: 404, body: { code: 10015, message: 'Unknown Webhook' } } : undefined));
			await desk.awaitRoles(command(new Date()), USER, Promise.resolve(granted));
			expect(originalEdits()).to.have.length(1);
			expect(logger.at('warn').join('\n')).to.include('Could not update a registration reply: Unknown Webhook');
		});
	});
});
