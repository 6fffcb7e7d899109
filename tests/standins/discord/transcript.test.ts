import { expect } from 'chai';
import { MessageFlags } from 'discord.js';
import { registerCommands, startHarness } from './harness';

describe('Discord stand-in: transcript', () => {
	it('tells the story of a registration in readable lines', async () => {
		const harness = await startHarness({ clock: () => new Date('2026-07-14T08:45:00Z') });
		try {
			await registerCommands(harness, [{ name: 'register', description: 'Register' }]);
			const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
			harness.onInteraction(async (interaction) => {
				if (!interaction.isChatInputCommand()) return;
				const member = await guild.members.fetch(interaction.user.id);
				await member.roles.add(guild.roles.cache.find((r) => r.name === 'Participants')!);
				await member.setNickname('Alice A.');
				const log = guild.channels.cache.find((c) => c.name === 'registration-log');
				if (log?.isSendable()) await log.send(`✅ <@${member.id}> registered`);
				await interaction.reply({ content: 'Welcome, you are registered.', flags: MessageFlags.Ephemeral });
			});
			const alice = harness.discord.addMember({ username: 'alice', globalName: 'Alice' });
			await harness.discord.runCommand(alice, 'register', { channel: 'registration-form' });
			const lines = harness.discord.formatTranscript().split('\n');
			expect(lines).to.deep.equal([
				'commands registered (guild): /register',
				'@alice joined the server',
				'@alice /register in #registration-form',
				'@alice +role Participants',
				'@alice nick (none) → "Alice A."',
				`#registration-log  usher: ✅ <@${alice.id}> registered`,
				'  ↳ #registration-form (only @alice sees this)  usher: Welcome, you are registered.'
			]);
			expect(harness.discord.events.every((event) => event.at.toISOString() === '2026-07-14T08:45:00.000Z')).to.equal(true);
		} finally {
			await harness.stop();
		}
	});
});
