import { expect } from 'chai';
import { eventually } from '../../helpers/eventually';
import { AttachmentBuilder, ChannelType, DiscordAPIError, Events, type Guild, type GuildMember, type TextChannel } from 'discord.js';
import { startHarness, type Harness } from './harness';

describe('Discord stand-in: REST', () => {
	let harness: Harness;
	let guild: Guild;
	const member = (username: string): Promise<GuildMember> => guild.members.fetch(harness.discord.user(username).id);
	const text = (name: string) => guild.channels.cache.find((c) => c.name === name) as TextChannel;

	before(async () => {
		harness = await startHarness();
		guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
	});
	after(() => harness.stop());
	afterEach(() => {
		expect(harness.discord.responseViolations).to.deep.equal([]);
	});

	it('adds and removes roles and sets a nickname, announcing each as GUILD_MEMBER_UPDATE', async () => {
		const peter = await member('peter');
		const updates: string[][] = [];
		harness.client.on(Events.GuildMemberUpdate, (_old, updated) => updates.push(updated.roles.cache.map((r) => r.name).sort()));
		await peter.roles.add(guild.roles.cache.find((r) => r.name === 'Beginners Day')!, 'registered');
		expect(harness.discord.member('peter').roles).to.include('Beginners Day');
		await peter.roles.remove(guild.roles.cache.find((r) => r.name === 'Remote Participants')!);
		await peter.setNickname('Peter Parker');
		expect(harness.discord.member('peter')).to.include({ nick: 'Peter Parker' });
		expect(harness.discord.member('peter').roles).to.deep.equal(['Participants', 'Beginners Day']);
		await harness.discord.waitFor((e) => e.kind === 'nick');
		// The gateway's GUILD_MEMBER_UPDATE for the nickname carries the final roles; wait for the client to see it.
		await eventually(() => updates.length > 0 && JSON.stringify(updates.at(-1)) === JSON.stringify(['@everyone', 'Beginners Day', 'Participants']), 'the member update with the final roles');
		expect(harness.discord.requests.find((r) => r.method === 'PUT' && r.route?.endsWith('/roles/{role_id}'))?.reason).to.equal('registered');
		expect(harness.discord.formatTranscript()).to.contain('@peter +role Beginners Day').and.contain('@peter -role Remote Participants');
	});

	it('sets several roles at once with PATCH', async () => {
		const victor = await member('victor');
		const names = ['Participants', 'Onsite Participants'];
		await victor.roles.add(names.map((name) => guild.roles.cache.find((r) => r.name === name)!));
		expect(harness.discord.member('victor').roles).to.have.members(['Volunteers', ...names]);
		expect(harness.discord.requests.at(-1)).to.include({ method: 'PATCH', route: '/guilds/{guild_id}/members/{user_id}', status: 200 });
	});

	it('opens a DM channel and delivers to it, but refuses with 403 50007 once the member closes DMs or leaves', async () => {
		const sara = harness.discord.addMember({ username: 'dm-tester' });
		const dm = await harness.client.users.createDM(sara.id);
		await dm.send('Your session starts in 10 minutes.');
		expect(harness.discord.dmsWith(sara).map((message) => message.content)).to.deep.equal(['Your session starts in 10 minutes.']);
		harness.discord.setDMsOpen(sara, false);
		const refused = await dm.send('again').then(() => undefined, (caught: unknown) => caught);
		expect(refused).to.be.instanceOf(DiscordAPIError);
		expect(refused).to.include({ status: 403, code: 50007 });
		harness.discord.setDMsOpen(sara, true);
		await dm.send('open again');
		harness.discord.removeMember(sara);
		const gone = await dm.send('after leaving').then(() => undefined, (caught: unknown) => caught);
		expect(gone).to.include({ status: 403, code: 50007 });
		expect(harness.discord.dmsWith(sara).map((message) => message.content)).to.deep.equal(['Your session starts in 10 minutes.', 'open again']);
	});

	for (const [who, change] of [
		['adam (Admin, above the bot)', async () => (await member('adam')).setNickname('A')],
		['dana (the owner)', async () => (await member('dana')).roles.remove(guild.roles.cache.find((r) => r.name === 'Organisers')!)],
		['peter, with a role above the bot', async () => (await member('peter')).roles.add(guild.roles.cache.find((r) => r.name === 'Admin')!)],
		['peter, with the bot\'s managed role', async () => (await member('peter')).roles.add(guild.roles.cache.find((r) => r.name === 'usher')!)]
	] as const) {
		it(`refuses changes to ${who} with 403 50013`, async () => {
			const error = await change().then(
				() => undefined,
				(caught: unknown) => caught
			);
			expect(error).to.be.instanceOf(DiscordAPIError);
			expect(error).to.include({ status: 403, code: 50013 });
		});
	}

	it('answers 404 Unknown Member and Unknown Role like Discord', async () => {
		const missingMember = await harness.client.rest.get(`/guilds/${guild.id}/members/42`).catch((error: DiscordAPIError) => error);
		expect(missingMember).to.include({ status: 404, code: 10007 });
		const missingRole = await harness.client.rest.put(`/guilds/${guild.id}/members/${harness.discord.user('peter').id}/roles/42`).catch((error: DiscordAPIError) => error);
		expect(missingRole).to.include({ status: 404, code: 10011 });
	});

	it('lists members page by page with limit and after', async () => {
		const first = (await harness.client.rest.get(`/guilds/${guild.id}/members`, { query: new URLSearchParams({ limit: '3' }) })) as { user: { id: string } }[];
		const next = (await harness.client.rest.get(`/guilds/${guild.id}/members`, {
			query: new URLSearchParams({ limit: '1000', after: first.at(-1)!.user.id })
		})) as unknown[];
		expect(first).to.have.length(3);
		expect(first.length + next.length).to.equal(guild.memberCount);
	});

	it('edits a channel topic and announces CHANNEL_UPDATE', async () => {
		const updated = new Promise<string | null>((resolve) =>
			harness.client.once(Events.ChannelUpdate, (_old, channel) => resolve((channel as TextChannel).topic))
		);
		await text('forum-hall').setTopic('Now: Keynote by Ada');
		expect(await updated).to.equal('Now: Keynote by Ada');
		expect(harness.discord.channel('forum-hall').topic).to.equal('Now: Keynote by Ada');
		expect(harness.discord.formatTranscript()).to.contain('#forum-hall topic → "Now: Keynote by Ada"');
	});

	it('sends, fetches, edits, pins and deletes messages with attachments, dispatching each change', async () => {
		const channel = text('programme-notifications');
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
		const created = new Promise<string>((resolve) => harness.client.once(Events.MessageCreate, (m) => resolve(m.content)));
		const sent = await channel.send({ content: 'Starting soon', embeds: [{ title: 'Keynote' }], files: [new AttachmentBuilder(png, { name: 'chart.png' })] });
		expect(await created).to.equal('Starting soon');
		const stored = harness.discord.findMessage('programme-notifications', (m) => m.id === sent.id)!;
		expect(stored.attachments[0]).to.deep.include({ name: 'chart.png', data: png });
		expect(stored.embeds[0].title).to.equal('Keynote');
		const download = await fetch(sent.attachments.first()!.url);
		expect(Buffer.from(await download.arrayBuffer())).to.deep.equal(png);

		const edited = await sent.edit({ content: 'Starting now', attachments: [] });
		expect(edited.editedTimestamp).to.be.a('number');
		expect(harness.discord.findMessage('programme-notifications', (m) => m.id === sent.id)).to.deep.include({ content: 'Starting now', attachments: [] });
		await sent.pin();
		const fetched = await channel.messages.fetch({ limit: 10, cache: false });
		expect(fetched.map((m) => [m.content, m.pinned])).to.deep.equal([['Starting now', true]]);
		const deleted = new Promise<string>((resolve) => harness.client.once(Events.MessageDelete, (m) => resolve(m.id)));
		await sent.delete();
		expect(await deleted).to.equal(sent.id);
		expect(harness.discord.messagesIn('programme-notifications')).to.deep.equal([]);
	});

	it('refuses an empty message with 50006 and editing a user\'s message with 50005', async () => {
		const empty = await harness.client.rest.post(`/channels/${text('welcome').id}/messages`, { body: { content: '' } }).catch((e: DiscordAPIError) => e);
		expect(empty).to.include({ status: 400, code: 50006 });
		const edit = await harness.client.rest
			.patch(`/channels/${text('welcome').id}/messages/${harness.discord.postMessage('peter', 'welcome', 'hi').id}`, { body: { content: 'x' } })
			.catch((e: DiscordAPIError) => e);
		expect(edit).to.include({ status: 403, code: 50005 });
	});

	it('opens a DM channel and sends a direct message', async () => {
		const user = await harness.client.users.fetch(harness.discord.user('sara').id);
		const dm = await user.send('Your ticket is registered.');
		expect(dm.channel.type).to.equal(ChannelType.DM);
		expect(harness.discord.dmsWith('sara').map((m) => m.content)).to.deep.equal(['Your ticket is registered.']);
		expect(harness.discord.formatTranscript()).to.contain('DM @sara  usher: Your ticket is registered.');
	});

	it('makes discord.js wait out an injected 429 for at least Retry-After before retrying', async () => {
		const channel = text('welcome');
		harness.discord.failNext({ route: 'POST /channels/{channel_id}/messages', status: 429, retryAfter: 0.4 });
		const started = Date.now();
		await channel.send('after the rate limit');
		const attempts = harness.discord.requests.filter((r) => r.method === 'POST' && r.body && (r.body as { content?: string }).content === 'after the rate limit');
		expect(attempts.map((r) => r.status)).to.deep.equal([429, 200]);
		expect(attempts[1].at.getTime() - attempts[0].at.getTime()).to.be.greaterThanOrEqual(400);
		expect(Date.now() - started).to.be.greaterThanOrEqual(400);
	});

	it('sends real rate-limit headers and a global flag on injected global 429s', async () => {
		harness.discord.failNext({ route: /^GET \/channels\/\d+$/, status: 429, retryAfter: 0.2, global: true });
		const response = await fetch(`${harness.discord.restUrl}/v10/channels/${text('welcome').id}`, { headers: { Authorization: `Bot ${harness.discord.token}` } });
		expect(response.status).to.equal(429);
		expect(response.headers.get('retry-after')).to.equal('0.2');
		expect(response.headers.get('x-ratelimit-global')).to.equal('true');
		expect(await response.json()).to.deep.equal({ message: 'You are being rate limited.', retry_after: 0.2, global: true });
	});

	it('lets discord.js retry an injected 500 until it succeeds', async () => {
		harness.discord.failNext({ route: /^POST \/channels\/\d+\/messages$/, status: 500, times: 2 });
		await text('welcome').send('after two server errors');
		const attempts = harness.discord.requests.filter((r) => (r.body as { content?: string } | undefined)?.content === 'after two server errors');
		expect(attempts.map((r) => r.status)).to.deep.equal([500, 500, 200]);
	});

	it('records a body the spec rejects as a violation and answers 400 with the ajv errors', async () => {
		const before = harness.discord.specViolations.length;
		const bad = await harness.client.rest
			.post(`/channels/${text('welcome').id}/messages`, { body: { content: 'hi', embeds: [{ title: 42 }] } })
			.catch((e: DiscordAPIError) => e);
		expect(bad).to.include({ status: 400, code: 50035 });
		const tooLong = await text('welcome').send('x'.repeat(2001)).catch((e: DiscordAPIError) => e);
		expect(tooLong).to.include({ status: 400, code: 50035 });
		// The error detail as the spec types it: an integer code, the form error's name in the message.
		expect((tooLong as DiscordAPIError).rawError).to.deep.include({ errors: { content: { _errors: [{ code: 50035, message: 'BASE_TYPE_MAX_LENGTH: Must be 2000 or fewer in length.' }] } } });
		expect(harness.discord.responseViolations).to.deep.equal([]);
		const violations = harness.discord.specViolations.slice(before);
		expect(violations.map((v) => v.kind)).to.deep.equal(['request', 'discord-limit']);
		expect(JSON.stringify(violations[0].errors)).to.contain('/embeds/0/title');
		expect(harness.discord.specReport().byRoute['POST /channels/{channel_id}/messages'].violations).to.be.greaterThanOrEqual(2);
	});

	it('records a route the spec does not have and refuses a wrong token with 401', async () => {
		const before = harness.discord.specViolations.length;
		const unknownRoute = await fetch(`${harness.discord.restUrl}/v10/channels/1/nonsense`, { headers: { Authorization: `Bot ${harness.discord.token}` } });
		expect(unknownRoute.status).to.equal(404);
		expect(harness.discord.specViolations.slice(before).map((v) => v.message)).to.deep.equal(['GET /channels/1/nonsense is not in Discord\'s OpenAPI spec']);
		const wrongToken = await fetch(`${harness.discord.restUrl}/v10/users/@me`, { headers: { Authorization: 'Bot nope' } });
		expect(wrongToken.status).to.equal(401);
		expect(harness.discord.requests.at(-1)).to.include({ authorized: false, status: 401 });
	});
});
