import { expect } from 'chai';
import { DiscordAPIError, MessageFlags, type Client } from 'discord.js';
import { apiError, APPLICATION_ID, createChatInput, createClient, createGuild, createMember, createTextChannel, FakeDiscord } from './discord';

// The mocks themselves: real structures in the caches, and every interaction response over the client's REST.
describe('tests/mocks/discord', () => {
	let discord: FakeDiscord;
	let client: Client;
	beforeEach(() => {
		discord = new FakeDiscord();
		client = createClient(discord);
	});
	afterEach(() => client.destroy());

	it('builds a guild with @everyone, its roles, owner, members and a text channel, all in the caches', () => {
		const guild = createGuild(client, { id: '920000000000000001', ownerId: '920000000000000002', roles: [{ id: '920000000000000003', name: 'Attendee' }], members: [{ id: '920000000000000004', roles: ['920000000000000003'], nick: 'Ada' }] });
		const channel = createTextChannel(guild, { name: 'programme' });
		expect(client.guilds.cache.get(guild.id)).to.equal(guild);
		expect(guild.ownerId).to.equal('920000000000000002');
		expect(guild.roles.everyone.id).to.equal(guild.id);
		expect(guild.roles.cache.map((role) => role.name)).to.deep.equal(['@everyone', 'Attendee']);
		const member = guild.members.cache.get('920000000000000004')!;
		expect(member.nickname).to.equal('Ada');
		expect(member.roles.cache.map((role) => role.name).sort()).to.deep.equal(['@everyone', 'Attendee']);
		expect(guild.channels.cache.get(channel.id)).to.equal(channel);
		expect(client.channels.cache.get(channel.id)).to.equal(channel);
		expect(channel.isTextBased() && channel.guild).to.equal(guild);
	});

	it("sends reply, deferReply, editReply and followUp over the client's REST, without the bot token", async () => {
		const guild = createGuild(client);
		const interaction = createChatInput(guild, createMember(guild, {}), 'programme');
		expect(interaction.isChatInputCommand() && interaction.commandName).to.equal('programme');
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await interaction.editReply({ content: 'edited' });
		await interaction.followUp({ content: 'more' });
		const base = `/webhooks/${APPLICATION_ID}/${interaction.token}`;
		expect(discord.requests.map((request) => [request.method, request.path, request.body])).to.deep.equal([
			['POST', `/interactions/${interaction.id}/${interaction.token}/callback`, { type: 5, data: { flags: 64 } }],
			['PATCH', `${base}/messages/@original`, { content: 'edited', tts: false, enforce_nonce: false }],
			['POST', base, { content: 'more', tts: false, enforce_nonce: false }]
		]);
		expect(discord.requests.map((request) => request.headers.authorization)).to.deep.equal([undefined, undefined, undefined]);

		const other = createChatInput(guild, createMember(guild, {}), 'programme');
		await other.reply({ content: 'hi', flags: MessageFlags.Ephemeral });
		expect(discord.requests.at(-1)?.body).to.deep.equal({ type: 4, data: { content: 'hi', tts: false, flags: 64, enforce_nonce: false } });
	});

	it('sends bot requests with the token and an audit log reason, and turns a JSON error into a DiscordAPIError', async () => {
		const guild = createGuild(client);
		const channel = createTextChannel(guild, { name: 'log' });
		const member = createMember(guild, { id: '920000000000000005' });
		const renamed = await member.setNickname('Día', 'badge name: día 1');
		expect(renamed.nickname, 'the answer is patched in').to.equal('Día');
		expect(discord.requests[0]).to.deep.include({ method: 'PATCH', path: `/guilds/${guild.id}/members/${member.id}`, body: { nick: 'Día' }, reason: 'badge name: día 1' });
		expect(discord.requests[0]?.headers.authorization).to.equal('Bot fake-token-for-tests');
		discord.on(() => apiError(403, 50013, 'Missing Permissions'));
		const error = await channel.send('x').catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(DiscordAPIError).with.property('code', 50013);
	});

	it('answers what nobody handles with a 404 naming the request, so a surprising call fails loudly', async () => {
		const error = await client.users.fetch('920000000000000009').catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(DiscordAPIError).with.property('message').that.includes('FakeDiscord has no answer for GET /users/920000000000000009');
	});
});
