import { expect } from 'chai';
import {
	ActionRowBuilder,
	AttachmentBuilder,
	ButtonBuilder,
	ButtonStyle,
	LabelBuilder,
	MessageFlags,
	ModalBuilder,
	TextInputBuilder,
	TextInputStyle,
	InteractionResponseType,
	Routes,
	type Interaction
} from 'discord.js';
import { registerCommands, startHarness, type Harness } from './harness';

const commands = [
	{ name: 'ping', description: 'Check the bot' },
	{
		name: 'stats',
		description: 'Server statistics',
		default_member_permissions: '8192',
		options: [
			{
				type: 1,
				name: 'members',
				description: 'Member counts',
				options: [
					{ type: 5, name: 'share', description: 'Post publicly' },
					{ type: 8, name: 'role', description: 'Only this role' }
				]
			}
		]
	},
	{ name: 'register', description: 'Register your ticket' },
	{ name: 'echo', description: 'Echo', options: [{ type: 3, name: 'text', description: 'Text', required: true, max_length: 100 }] },
	{
		name: 'find',
		description: 'Find a talk',
		options: [
			{ type: 3, name: 'talk', description: 'Talk', required: true, autocomplete: true },
			{ type: 3, name: 'note', description: 'Note' }
		]
	}
];

const modalFor = (customId: string) =>
	new ModalBuilder()
		.setCustomId(customId)
		.setTitle('Register your ticket')
		.addLabelComponents(
			new LabelBuilder().setLabel('Order code').setTextInputComponent(new TextInputBuilder().setCustomId('order').setStyle(TextInputStyle.Short).setMinLength(5)),
			new LabelBuilder().setLabel('Name on the ticket').setTextInputComponent(new TextInputBuilder().setCustomId('name').setStyle(TextInputStyle.Short))
		);

describe('Discord stand-in: interactions', () => {
	let harness: Harness;
	before(async () => {
		harness = await startHarness();
		await registerCommands(harness, commands);
	});
	after(() => harness.stop());
	afterEach(() => {
		expect(harness.discord.specViolations).to.deep.equal([]);
		expect(harness.discord.responseViolations).to.deep.equal([]);
		harness.handlerErrors.length = 0;
	});

	const handle = (handler: (interaction: Interaction) => Promise<unknown>) => harness.onInteraction(handler);

	it('stores bulk-overwritten commands with ids and keeps the ids on the next overwrite', async () => {
		const first = harness.discord.commands().map((c) => [c.name, c.id]);
		expect(first.map(([name]) => name)).to.deep.equal(commands.map((c) => c.name));
		await registerCommands(harness, commands);
		expect(harness.discord.commands().map((c) => [c.name, c.id])).to.deep.equal(first);
	});

	it('delivers a slash command and returns the ephemeral reply', async () => {
		let seen: { name: string; user: string; channel: string | null } | undefined;
		handle(async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			seen = { name: interaction.commandName, user: interaction.user.username, channel: interaction.channelId };
			await interaction.reply({ content: `Hello ${interaction.user.username}`, flags: MessageFlags.Ephemeral });
		});
		const reply = await harness.discord.runCommand('peter', 'ping', { channel: 'registration-help' });
		expect(seen).to.deep.equal({ name: 'ping', user: 'peter', channel: harness.discord.channel('registration-help').id });
		expect(reply).to.include({ callbackType: 4, deferred: false, ephemeral: true, content: 'Hello peter' });
		expect(harness.discord.messagesIn('registration-help')).to.deep.equal([]);
		const callback = harness.discord.requests.find((r) => r.route?.endsWith('/callback'))!;
		expect(callback.authorized).to.equal(false);
		expect(callback.status).to.equal(204);
	});

	it('passes subcommands, typed options and resolved roles, and posts a public reply in the channel', async () => {
		let responded: (id: string | undefined) => void = () => undefined;
		const responseMessageId = new Promise<string | undefined>((resolve) => (responded = resolve));
		handle(async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			const role = interaction.options.getRole('role', true);
			const share = interaction.options.getBoolean('share') ?? false;
			const response = await interaction.reply({
				withResponse: true,
				content: `${interaction.options.getSubcommand()}: ${role.name} has ${role.id === harness.discord.role('Speakers').id ? 1 : 0}`,
				flags: share ? undefined : MessageFlags.Ephemeral,
				files: [new AttachmentBuilder(Buffer.from('name,roles\nsara,Speakers\n'), { name: 'members.csv' })]
			});
			responded(response.resource?.message?.id);
		});
		const reply = await harness.discord.runCommand('olivia', 'stats', {
			subcommand: 'members',
			options: { share: true, role: 'Speakers' },
			channel: 'organisers'
		});
		expect(reply).to.include({ ephemeral: false, content: 'members: Speakers has 1' });
		expect(reply.attachments.map((a) => [a.name, a.data.toString()])).to.deep.equal([['members.csv', 'name,roles\nsara,Speakers\n']]);
		const posted = harness.discord.findMessage('organisers', (m) => m.content.startsWith('members:'));
		expect(posted?.attachments[0].name).to.equal('members.csv');
		expect(await responseMessageId).to.equal(posted?.id);
	});

	it('sends what a member types into an autocomplete option, focused, before the required options are complete, and shows the choices', async () => {
		let seen: { focused: unknown; note: string | null } | undefined;
		handle(async (interaction) => {
			if (!interaction.isAutocomplete()) return;
			seen = { focused: interaction.options.getFocused(true), note: interaction.options.getString('note') };
			await interaction.respond([{ name: 'Taming asyncio', value: 'S1' }]);
		});
		const result = await harness.discord.autocomplete('peter', 'find', { focused: 'talk', typed: 'asy', options: { note: 'hi' } });
		expect(seen).to.deep.equal({ focused: { name: 'talk', type: 3, value: 'asy', focused: true }, note: 'hi' });
		expect(result).to.include({ callbackType: 8 });
		expect(result.choices).to.deep.equal([{ name: 'Taming asyncio', value: 'S1' }]);
		expect(() => harness.discord.autocomplete('peter', 'find', { focused: 'note', typed: 'x' })).to.throw(/has no autocomplete/);
	});

	it('refuses a message as the answer to an autocomplete, and leaves it open for the choices', async () => {
		const errors: unknown[] = [];
		handle(async (interaction) => {
			if (!interaction.isAutocomplete()) return;
			const message = { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'not a list' } };
			await harness.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: message, auth: false }).catch((error: unknown) => errors.push(error));
			await interaction.respond([{ name: 'Taming asyncio', value: 'S1' }]);
		});
		const result = await harness.discord.autocomplete('peter', 'find', { focused: 'talk', typed: '' });
		expect(errors.map((error) => (error as { code?: number }).code)).to.deep.equal([50035]);
		expect(result.choices).to.have.length(1);
	});

	describe('an autocomplete answer over the spec', () => {
		let own: Harness;
		before(async () => {
			own = await startHarness();
			await registerCommands(own, commands);
		});
		after(() => own.stop());

		it('is refused past 25 choices (the spec says so, and the violation is recorded), and a valid answer still goes through', async () => {
			const errors: unknown[] = [];
			own.onInteraction(async (interaction) => {
				if (!interaction.isAutocomplete()) return;
				const many = Array.from({ length: 26 }, (_, index) => ({ name: `Talk ${index}`, value: `T${index}` }));
				await interaction.respond(many).catch((error: unknown) => errors.push(error));
				await interaction.respond(many.slice(0, 25));
			});
			const result = await own.discord.autocomplete('peter', 'find', { focused: 'talk', typed: '' });
			expect(errors.map((error) => (error as { code?: number }).code)).to.deep.equal([50035]);
			expect(result.choices).to.have.length(25);
			expect(own.discord.specViolations.flatMap((violation) => (violation.errors ?? []).map((error) => (error as { keyword?: string }).keyword))).to.include('maxItems');
		});
	});

	it('hides a command from members without its default permissions, like the Discord client', () => {
		expect(() => harness.discord.runCommand('peter', 'stats', { subcommand: 'members' })).to.throw(/cannot see \/stats/);
	});

	it('rejects unknown commands, unknown options and missing required options before dispatching', () => {
		expect(() => harness.discord.runCommand('peter', 'nope')).to.throw(/\/nope is not registered/);
		expect(() => harness.discord.runCommand('peter', 'echo', { options: { txt: 'x' } })).to.throw(/no option "txt"/);
		expect(() => harness.discord.runCommand('peter', 'echo')).to.throw(/"text" is required/);
		expect(() => harness.discord.runCommand('peter', 'echo', { options: { text: 3 } })).to.throw(/takes a string/);
	});

	it('resolves a deferred reply at the first editReply', async () => {
		handle(async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.deferReply({ flags: MessageFlags.Ephemeral });
			await new Promise((resolve) => setTimeout(resolve, 30));
			await interaction.editReply('Done after thinking');
			await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
		});
		const reply = await harness.discord.runCommand('peter', 'ping');
		expect(reply).to.include({ callbackType: 5, deferred: true, ephemeral: true, content: 'Done after thinking' });
		await harness.discord.waitFor((e) => e.kind === 'message.create' && e.content === 'One more thing');
		expect(reply.followUps.map((m) => m.content)).to.deep.equal(['One more thing']);
	});

	it('turns the first follow-up after a deferral into the reply', async () => {
		handle(async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			await interaction.deferReply();
			await interaction.followUp('Here it is');
		});
		const reply = await harness.discord.runCommand('peter', 'ping', { channel: 'welcome' });
		expect(reply).to.include({ deferred: true, ephemeral: false, content: 'Here it is' });
		expect(reply.followUps).to.deep.equal([]);
		expect(harness.discord.messagesIn('welcome').map((m) => m.content)).to.deep.equal(['Here it is']);
	});

	it('shows a modal from a button and hands the submitted values to the bot', async () => {
		let submitted: Record<string, string> | undefined;
		handle(async (interaction) => {
			if (interaction.isChatInputCommand()) {
				const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
					new ButtonBuilder().setCustomId('registration:open').setLabel('Register').setStyle(ButtonStyle.Primary)
				);
				await interaction.reply({ content: 'Click to register', components: [row] });
			} else if (interaction.isButton()) {
				await interaction.showModal(modalFor('registration:submit'));
			} else if (interaction.isModalSubmit()) {
				submitted = { order: interaction.fields.getTextInputValue('order'), name: interaction.fields.getTextInputValue('name') };
				await interaction.reply({ content: `✅ Registered ${submitted.name}`, flags: MessageFlags.Ephemeral });
			}
		});
		await harness.discord.runCommand('dana', 'register', { channel: 'registration-form' });
		const form = harness.discord.findMessage('registration-form', (m) => m.content === 'Click to register')!;
		const opened = await harness.discord.clickButton('peter', form, 'registration:open');
		expect(opened.callbackType).to.equal(9);
		expect(opened.modal).to.include({ custom_id: 'registration:submit', title: 'Register your ticket' });
		expect(() => harness.discord.submitModal('peter', opened.modal!, { order: 'ABC', name: 'Peter' })).to.throw(/"order" must be 5/);
		expect(() => harness.discord.submitModal('peter', opened.modal!, { order: 'ABC12' })).to.throw(/needs a value for "name"/);
		expect(() => harness.discord.submitModal('peter', opened.modal!, { order: 'ABC12', name: 'P', extra: 'x' })).to.throw(/no field "extra"/);
		const done = await harness.discord.submitModal('peter', opened.modal!, { order: 'ABC12', name: 'Peter Parker' });
		expect(submitted).to.deep.equal({ order: 'ABC12', name: 'Peter Parker' });
		expect(done).to.include({ ephemeral: true, content: '✅ Registered Peter Parker' });
	});

	it('updates the clicked message on interaction.update()', async () => {
		handle(async (interaction) => {
			if (interaction.isChatInputCommand()) {
				const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('vote').setLabel('Vote').setStyle(ButtonStyle.Success));
				await interaction.reply({ content: 'Votes: 0', components: [row], flags: MessageFlags.Ephemeral });
			} else if (interaction.isButton()) {
				await interaction.update({ content: 'Votes: 1', components: [] });
			}
		});
		const reply = await harness.discord.runCommand('peter', 'ping');
		const clicked = await harness.discord.clickButton('peter', reply, 'vote');
		expect(clicked).to.include({ callbackType: 7, content: 'Votes: 1' });
		expect(clicked.components).to.deep.equal([]);
		expect(() => harness.discord.clickButton('peter', clicked, 'vote')).to.throw(/has no component "vote"/);
	});

	it('answers 10062 to a callback after the 3 s window and 40060 to a second one', async () => {
		const errors: number[] = [];
		let now = Date.parse('2026-07-14T08:45:00Z');
		await harness.stop();
		harness = await startHarness({ clock: () => new Date(now) });
		await registerCommands(harness, commands);
		handle(async (interaction) => {
			if (!interaction.isChatInputCommand()) return;
			if (interaction.commandName === 'echo') now += 3500;
			await interaction.reply('first').catch((error: { code: number }) => errors.push(error.code));
			if (interaction.commandName === 'ping') {
				await interaction.followUp('ok');
				await harness.client.rest
					.post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false })
					.catch((error: { code: number }) => errors.push(error.code));
			}
		});
		await harness.discord.runCommand('peter', 'ping');
		await expectRejection(harness.discord.runCommand('peter', 'echo', { options: { text: 'late' }, timeoutMs: 300 }), /\/echo text:late by @peter .*never acknowledged within 300 ms/);
		expect(errors).to.have.members([40060, 10062]);
	});
});

async function expectRejection(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
	let error: Error | undefined;
	await promise.catch((caught: Error) => (error = caught));
	expect(error?.message).to.match(pattern);
}
