import { expect } from 'chai';
import { eventually } from '../../helpers/eventually';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { DiscordStandIn } from './DiscordStandIn';
import { clientOptions, registerCommands, startHarness, type Harness } from './harness';
import { largeGuild } from './seed';

describe('Discord stand-in: gateway', () => {
	describe('login with the demo guild', () => {
		let harness: Harness;
		before(async () => {
			harness = await startHarness();
		});
		after(() => harness.stop());

		it('gets the client ready with the guild, its channels, roles and members cached', () => {
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			expect(guild.name).to.equal('EuroPython 2026');
			expect(guild.ownerId).to.equal(harness.discord.user('dana').id);
			expect(guild.members.me?.id).to.equal(harness.discord.botUser.id);
			expect(guild.members.me?.roles.highest.name).to.equal('usher');
			expect(guild.channels.cache.find((c) => c.name === 'registration-log')).to.not.equal(undefined);
			expect(guild.roles.cache.map((r) => r.name)).to.include.members(['@everyone', 'Participants', 'Organisers', 'Admin']);
			expect(harness.client.user?.id).to.equal(harness.discord.botUser.id);
		});

		it('reports the organisers channel as hidden from @everyone but visible to the bot', () => {
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			const organisers = guild.channels.cache.find((c) => c.name === 'organisers')!;
			expect(organisers.permissionsFor(guild.roles.everyone)?.has('ViewChannel')).to.equal(false);
			expect(organisers.permissionsFor(guild.members.me!)?.has('ViewChannel')).to.equal(true);
		});

		it('announces added and removed members over the gateway', async () => {
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			const added = new Promise<string>((resolve) => harness.client.once(Events.GuildMemberAdd, (member) => resolve(member.user.username)));
			const alice = harness.discord.addMember({ username: 'alice', globalName: 'Alice', roles: ['Participants'] });
			expect(await added).to.equal('alice');
			expect(guild.members.cache.get(alice.id)?.roles.cache.map((r) => r.name)).to.include('Participants');
			const removed = new Promise<string>((resolve) => harness.client.once(Events.GuildMemberRemove, (member) => resolve(member.id)));
			harness.discord.removeMember(alice);
			expect(await removed).to.equal(alice.id);
		});

		it('records the login requests as authorised and spec-valid', () => {
			const gatewayBot = harness.discord.requests.find((r) => r.route === '/gateway/bot');
			expect(gatewayBot?.authorized).to.equal(true);
			expect(harness.discord.specViolations).to.deep.equal([]);
			expect(harness.discord.responseViolations).to.deep.equal([]);
		});
	});

	it('closes with 4004 on a wrong token, so login fails', async () => {
		const discord = await DiscordStandIn.start({ token: 'right.token' });
		const client = new Client(clientOptions(discord));
		try {
			let failure: Error | undefined;
			await client.login('wrong.token').catch((error: Error) => (failure = error));
			expect(failure).to.be.instanceOf(Error);
			expect(discord.gatewayStats.identified).to.equal(0);
		} finally {
			await client.destroy();
			await discord.close();
		}
	});

	it('acknowledges heartbeats so a short interval keeps the connection alive', async () => {
		const harness = await startHarness({ heartbeatIntervalMs: 100 });
		try {
			await eventually(() => harness.discord.gatewayStats.heartbeats >= 2, 'two heartbeats');
			expect(harness.discord.gatewayStats.identified).to.equal(1);
			expect(harness.client.ws.ping).to.be.greaterThanOrEqual(0);
		} finally {
			await harness.stop();
		}
	});

	it('lets the client resume after a dropped socket, replaying what it missed, and keeps answering', async () => {
		const harness = await startHarness();
		try {
			await registerCommands(harness, [{ name: 'ping', description: 'Check the bot' }]);
			harness.onInteraction(async (interaction) => {
				if (interaction.isChatInputCommand()) await interaction.reply({ content: 'pong', flags: MessageFlags.Ephemeral });
			});
			const resumed = new Promise<void>((resolve) => harness.client.once(Events.ShardResume, () => resolve()));
			harness.discord.disconnectGateway();
			// Dispatched while the socket is down: must be replayed on RESUME.
			const late = harness.discord.addMember({ username: 'latecomer' });
			await resumed;
			expect(harness.discord.gatewayStats).to.include({ identified: 1, resumed: 1 });
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			await harness.discord.waitFor((e) => e.kind === 'member.join');
			await new Promise((resolve) => setTimeout(resolve, 20));
			expect(guild.members.cache.has(late.id)).to.equal(true);
			const reply = await harness.discord.runCommand('peter', 'ping');
			expect(reply.content).to.equal('pong');
		} finally {
			await harness.stop();
		}
	});

	it('answers op 8 with chunks of at most 1000 so members.fetch() loads a 20,000-member guild', async function () {
		this.timeout(10_000);
		const seed = largeGuild(20_000);
		const harness = await startHarness({ seed });
		try {
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			expect(guild.members.cache.size).to.equal(2);
			expect(guild.memberCount).to.equal(seed.members.length + 1);
			const members = await guild.members.fetch();
			expect(members.size).to.equal(seed.members.length + 1);
			const participants = guild.roles.cache.find((r) => r.name === 'Participants')!;
			const expected = seed.members.filter((m) => m.roles?.includes('Participants')).length;
			expect(participants.members.size).to.equal(expected);
		} finally {
			await harness.stop();
		}
	});

	it('sends no member events and refuses a full member list to a client without the GUILD_MEMBERS intent', async () => {
		const discord = await DiscordStandIn.start();
		const client = new Client(clientOptions(discord, { intents: [GatewayIntentBits.Guilds] }));
		try {
			const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
			const events: string[] = [];
			client.on(Events.Raw, (packet) => void events.push(String((packet as { t: string | null }).t)));
			await client.login(discord.token);
			await ready;
			discord.addMember({ username: 'unseen' });
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(events).to.include('GUILD_CREATE').and.not.include('GUILD_MEMBER_ADD');
			const closed = new Promise<number>((resolve) => client.once(Events.ShardDisconnect, (event) => resolve(event.code)));
			client.guilds.cache.get(discord.guild.id)!.members.fetch({ time: 500 }).catch(() => undefined);
			expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('still open'), 1000))])).to.equal(4014);
		} finally {
			await client.destroy();
			await discord.close();
		}
	});
});
