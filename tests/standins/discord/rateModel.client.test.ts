import { expect } from 'chai';
import { DiscordAPIError, MessageFlags, type Guild } from 'discord.js';
import { registerCommands, startHarness } from './harness';

describe('stand-in: the Discord model with a real discord.js client', function () {
	this.timeout(30_000);

	it('discord.js paces 25 member edits by the headers: all applied, none refused (scale 20: 10 per 0.5 s)', async () => {
		const harness = await startHarness({ rateLimits: { model: 'discord', scale: 20 } });
		try {
			const guild = harness.client.guilds.cache.first() as Guild;
			const members = [...(await guild.members.fetch()).values()].filter((member) => member.manageable);
			expect(members.length).to.be.at.least(1);
			await Promise.all(Array.from({ length: 25 }, (_, i) => members[i % members.length]!.setNickname(`Badge ${i}`)));
			expect(harness.discord.rateModel!.stats.byFamily['member edit']).to.deep.equal({ allowed: 25, limited: 0 });
		} finally {
			await harness.stop();
		}
	});

	it('an interaction token dies after its lifetime: a later edit gets 401 50027 and is counted', async () => {
		const harness = await startHarness({ tokenLifetimeMs: 300 });
		try {
			await registerCommands(harness, [{ name: 'ping', description: 'Check the bot' }]);
			const late = new Promise<unknown>((resolve) => {
				harness.onInteraction(async (interaction) => {
					if (!interaction.isChatInputCommand()) return;
					await interaction.reply({ content: 'Checking…', flags: MessageFlags.Ephemeral });
					await new Promise((wait) => setTimeout(wait, 400));
					resolve(await interaction.editReply('Done').catch((error: unknown) => error));
				});
			});
			expect((await harness.discord.runCommand('peter', 'ping')).content).to.equal('Checking…');
			const error = await late;
			expect(error).to.be.instanceOf(DiscordAPIError);
			expect(error).to.include({ status: 401, code: 50027 });
			expect(harness.discord.deadTokenRequests).to.equal(1);
		} finally {
			await harness.stop();
		}
	});
});
