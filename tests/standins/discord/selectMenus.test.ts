import { expect } from 'chai';
import { ActionRowBuilder, MessageFlags, StringSelectMenuBuilder, type Interaction } from 'discord.js';
import { registerCommands, startHarness, type Harness } from './harness';

describe('Discord stand-in: select menus pick only what the client lets a member pick', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
		await registerCommands(harness, [{ name: 'pick', description: 'Pick talks' }]);
	});
	after(() => harness.stop());

	it('delivers listed values between min_values and max_values, and refuses unlisted, repeated or too many', async () => {
		const picked: string[][] = [];
		harness.onInteraction(async (interaction: Interaction) => {
			if (interaction.isChatInputCommand()) {
				const menu = new StringSelectMenuBuilder()
					.setCustomId('talks')
					.setMinValues(1)
					.setMaxValues(2)
					.addOptions({ label: 'A', value: 'a' }, { label: 'B', value: 'b' }, { label: 'C', value: 'c' });
				await interaction.reply({ content: 'Pick', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)], flags: MessageFlags.Ephemeral });
			} else if (interaction.isStringSelectMenu()) {
				picked.push(interaction.values);
				await interaction.reply({ content: `Picked ${interaction.values.join(', ')}`, flags: MessageFlags.Ephemeral });
			}
		});
		const reply = await harness.discord.runCommand('peter', 'pick');
		expect((await harness.discord.selectMenu('peter', reply, 'talks', ['a', 'c'])).content).to.equal('Picked a, c');
		expect(() => harness.discord.selectMenu('peter', reply, 'talks', ['z'])).to.throw(/has no option "z"/);
		expect(() => harness.discord.selectMenu('peter', reply, 'talks', ['a', 'a'])).to.throw(/takes 1–2 distinct options, not 2/);
		expect(() => harness.discord.selectMenu('peter', reply, 'talks', ['a', 'b', 'c'])).to.throw(/takes 1–2 distinct options, not 3/);
		expect(() => harness.discord.selectMenu('peter', reply, 'talks', [])).to.throw(/takes 1–2 distinct options, not 0/);
		expect(picked).to.deep.equal([['a', 'c']]);
		expect(harness.discord.specViolations).to.deep.equal([]);
	});
});
