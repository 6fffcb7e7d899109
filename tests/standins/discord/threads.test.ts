import { expect } from 'chai';
import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	ChannelType,
	Client,
	DiscordAPIError,
	Events,
	LabelBuilder,
	MessageFlags,
	MessageType,
	ModalBuilder,
	PermissionFlagsBits as P,
	TextInputBuilder,
	TextInputStyle,
	ThreadAutoArchiveDuration,
	type APIThreadChannel,
	type Guild,
	type NewsChannel,
	type TextChannel,
	type ThreadChannel
} from 'discord.js';
import { eventually } from '../../helpers/eventually';
import { DiscordStandIn } from './DiscordStandIn';
import { demoGuild } from './seed';
import { HAS_THREAD } from './state';
import { clientOptions, registerCommands, startHarness, type Harness } from './harness';

const minutes = (n: number) => n * 60_000;

/** What people wrote in a thread: its messages without the THREAD_STARTER_MESSAGE Discord puts first. */
const said = (discord: DiscordStandIn, threadId: string) =>
	discord
		.messagesInThread(threadId)
		.filter((message) => message.type !== MessageType.ThreadStarterMessage)
		.map((message) => message.content);

describe('Discord stand-in: threads', () => {
	let now: number;
	let harness: Harness;
	let guild: Guild;
	const hall = () => guild.channels.cache.find((channel) => channel.name === 'forum-hall') as TextChannel;
	const startFromPost = async (name = 'Q&A: Taming asyncio', autoArchiveDuration = ThreadAutoArchiveDuration.OneHour) => {
		const post = await hall().send(`Next: ${name}`);
		return { post, thread: await post.startThread({ name, autoArchiveDuration }) };
	};

	beforeEach(async () => {
		now = Date.parse('2026-07-15T09:00:00Z');
		harness = await startHarness({ clock: () => new Date(now) });
		guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
	});
	afterEach(async () => {
		expect(harness.discord.responseViolations).to.deep.equal([]);
		await harness.stop();
	});

	it('discord.js starts a thread from a message, sends into it and archives it; its cache follows THREAD_CREATE and THREAD_UPDATE', async () => {
		const created: Array<{ id: string; newlyCreated: boolean }> = [];
		const archivedSeen: boolean[] = [];
		harness.client.on(Events.ThreadCreate, (thread, newlyCreated) => created.push({ id: thread.id, newlyCreated }));
		harness.client.on(Events.ThreadUpdate, (_old, thread) => archivedSeen.push(thread.archived ?? false));

		const { post, thread } = await startFromPost();
		expect(thread.id).to.equal(post.id);
		expect(thread.type).to.equal(ChannelType.PublicThread);
		expect(thread.parentId).to.equal(hall().id);
		expect(thread.ownerId).to.equal(harness.discord.botUser.id);
		expect(thread.autoArchiveDuration).to.equal(60);
		await eventually(() => created.length === 1, 'THREAD_CREATE');
		expect(created).to.deep.equal([{ id: post.id, newlyCreated: true }]);

		const sent = await thread.send('Ask your questions here.');
		expect(sent.channelId).to.equal(thread.id);
		await sent.edit('Ask your questions here, one per message.');
		const again = await thread.messages.fetch({ message: sent.id, force: true });
		expect(again.content).to.equal('Ask your questions here, one per message.');
		expect(said(harness.discord, thread.id)).to.deep.equal(['Ask your questions here, one per message.']);
		expect(harness.discord.messagesInThread(thread.id).at(-1)!.where).to.equal('#forum-hall › Q&A: Taming asyncio');
		// The parent's history is untouched by what is said in the thread.
		expect(harness.discord.messagesIn('forum-hall').map((message) => message.id)).to.deep.equal([post.id]);

		const starter = await hall().messages.fetch({ message: post.id, force: true });
		expect(starter.flags.bitfield & HAS_THREAD).to.equal(HAS_THREAD);
		expect(starter.hasThread).to.equal(true);
		const raw = (await harness.client.rest.get(`/channels/${hall().id}/messages/${post.id}`)) as { thread?: APIThreadChannel };
		expect(raw.thread).to.include({ id: post.id, type: ChannelType.PublicThread, name: 'Q&A: Taming asyncio' });

		await thread.setArchived(true);
		expect(harness.discord.thread(thread.id)).to.include({ archived: true, locked: false, messageCount: 1, starterMessageId: post.id, parentId: hall().id, autoArchiveMinutes: 60 });
		await eventually(() => harness.client.channels.cache.get(thread.id)?.isThread() === true && (harness.client.channels.cache.get(thread.id) as ThreadChannel).archived === true, 'the archived thread in the cache');
		expect(archivedSeen).to.include(true);
		expect(harness.discord.activeThreadCount()).to.equal(0);
		expect(harness.discord.specViolations).to.deep.equal([]);
		expect(harness.discord.formatTranscript()).to.contain('#forum-hall › Q&A: Taming asyncio  thread created "Q&A: Taming asyncio"').and.contain('thread archived');
	});

	it('answers GET /channels/{thread_id} with the spec\'s ThreadResponse, the bot\'s thread member included', async () => {
		const { thread } = await startFromPost();
		const fetched = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(fetched).to.include({ id: thread.id, type: ChannelType.PublicThread, guild_id: guild.id, parent_id: hall().id, owner_id: harness.discord.botUser.id, message_count: 0, member_count: 1, total_message_sent: 0, rate_limit_per_user: 0 });
		expect(fetched.thread_metadata).to.deep.equal({ archived: false, auto_archive_duration: 60, archive_timestamp: new Date(now).toISOString(), locked: false, create_timestamp: new Date(now).toISOString() });
		expect(fetched.member).to.deep.include({ id: thread.id, user_id: harness.discord.botUser.id, flags: 0 });
		expect(harness.discord.specReport().byRoute['GET /channels/{channel_id}']).to.deep.equal({ validated: 1, violations: 0 });
	});

	it('brings Discord\'s system messages: THREAD_STARTER_MESSAGE first in a thread from a message, THREAD_CREATED in the parent for one without', async () => {
		const { post, thread } = await startFromPost('Q&A: Typing');
		const [starter] = (await harness.client.rest.get(`/channels/${thread.id}/messages`)) as Array<Record<string, any>>;
		expect(starter).to.deep.include({ type: MessageType.ThreadStarterMessage, content: '', channel_id: thread.id, position: 0 });
		expect(starter!.message_reference).to.deep.equal({ type: 0, channel_id: hall().id, message_id: post.id, guild_id: guild.id });
		expect(starter!.referenced_message).to.deep.include({ id: post.id, content: 'Next: Q&A: Typing', flags: HAS_THREAD });
		expect(starter!.referenced_message).to.not.have.property('member');
		expect(harness.discord.thread(thread.id)!.messageCount).to.equal(0);
		// It can be neither edited nor deleted; the starter stays in the parent.
		expect(await refusal(harness.client.rest.patch(`/channels/${thread.id}/messages/${starter!.id}`, { body: { content: 'x' } }))).to.include({ status: 400, code: 50021 });
		expect(await refusal(harness.client.rest.delete(`/channels/${thread.id}/messages/${starter!.id}`))).to.include({ status: 400, code: 50021 });
		// Once the parent's message is gone, the starter points at nothing.
		await post.delete();
		const [orphan] = (await harness.client.rest.get(`/channels/${thread.id}/messages`)) as Array<Record<string, any>>;
		expect(orphan!.referenced_message).to.equal(null);

		const loose = await hall().threads.create({ name: 'Hallway track', type: ChannelType.PublicThread });
		const notice = harness.discord.messagesIn('forum-hall').at(-1)!;
		expect(notice).to.include({ type: MessageType.ThreadCreated, content: 'Hallway track', author: 'usher' });
		const raw = (await harness.client.rest.get(`/channels/${hall().id}/messages/${notice.id}`)) as Record<string, any>;
		expect(raw.message_reference).to.deep.equal({ type: 0, channel_id: loose.id, guild_id: guild.id });
		expect(harness.discord.messagesInThread(loose.id)).to.deep.equal([]);
		expect(harness.discord.formatTranscript()).to.contain('usher: (thread started from message').and.contain('#forum-hall  usher: (started a thread: Hallway track)');
	});

	it('refuses a second thread on the same message with 400 160004 and an unknown message with 404 10008', async () => {
		const { post } = await startFromPost();
		const again = await refusal(harness.client.rest.post(`/channels/${hall().id}/messages/${post.id}/threads`, { body: { name: 'again' } }));
		expect(again).to.include({ status: 400, code: 160004 });
		expect(again.message).to.equal('A thread has already been created for this message');
		const missing = await refusal(harness.client.rest.post(`/channels/${hall().id}/messages/424242/threads`, { body: { name: 'nothing' } }));
		expect(missing).to.include({ status: 404, code: 10008 });
		// The message must be in that channel: the id of one elsewhere is unknown here.
		const elsewhere = await (guild.channels.cache.find((channel) => channel.name === 'south-hall-2a') as TextChannel).send('Other room');
		expect(await refusal(harness.client.rest.post(`/channels/${hall().id}/messages/${elsewhere.id}/threads`, { body: { name: 'x' } }))).to.include({ code: 10008 });
		expect(harness.discord.threadsIn('forum-hall')).to.have.length(1);
	});

	it('refuses names outside 1–100 characters and auto-archive durations Discord does not offer, as the spec does', async () => {
		const post = await hall().send('Session');
		const long = await refusal(harness.client.rest.post(`/channels/${hall().id}/messages/${post.id}/threads`, { body: { name: 'x'.repeat(101) } }));
		expect(long).to.include({ status: 400, code: 50035 });
		const odd = await refusal(harness.client.rest.post(`/channels/${hall().id}/messages/${post.id}/threads`, { body: { name: 'Q&A', auto_archive_duration: 30 } }));
		expect(odd).to.include({ status: 400, code: 50035 });
		expect(harness.discord.threadsIn('forum-hall')).to.deep.equal([]);
	});

	it('starts threads without a message: public in a text channel, announcement threads in an announcement channel; a type is required', async () => {
		const loose = await hall().threads.create({ name: 'Hallway track', type: ChannelType.PublicThread, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
		expect(loose.type).to.equal(ChannelType.PublicThread);
		expect(harness.discord.thread(loose.id)).to.include({ starterMessageId: null, autoArchiveMinutes: 1440, type: ChannelType.PublicThread });
		const noType = await refusal(harness.client.rest.post(`/channels/${hall().id}/threads`, { body: { name: 'no type' } }));
		expect(noType).to.include({ status: 400, code: 50035 });
		// The bot's role has no CREATE_PRIVATE_THREADS.
		const privately = await refusal(harness.client.rest.post(`/channels/${hall().id}/threads`, { body: { name: 'secret', type: ChannelType.PrivateThread } }));
		expect(privately).to.include({ status: 403, code: 50013 });

		const news = guild.channels.cache.find((channel) => channel.name === 'programme-notifications') as NewsChannel;
		const post = await news.send('Keynote in 10 minutes');
		const announcementThread = await post.startThread({ name: 'Keynote chat' });
		expect(announcementThread.type).to.equal(ChannelType.AnnouncementThread);
		expect(harness.discord.threadsIn('programme-notifications').map((thread) => thread.id)).to.deep.equal([post.id]);
		const publicInNews = await refusal(harness.client.rest.post(`/channels/${news.id}/threads`, { body: { name: 'p', type: ChannelType.PublicThread } }));
		expect(publicInNews).to.include({ status: 400, code: 50035 });
		expect(harness.discord.threadsIn('forum-hall').map((thread) => thread.id)).to.deep.equal([loose.id]);
	});

	it('starts threads only in text and announcement channels: 50024 elsewhere, a forum post needs its message', async () => {
		const voice = guild.channels.cache.find((channel) => channel.name === 'open-space')!;
		const inVoice = await refusal(harness.client.rest.post(`/channels/${voice.id}/threads`, { body: { name: 'v', type: ChannelType.PublicThread } }));
		expect(inVoice).to.include({ status: 400, code: 50024 });
		const forum = guild.channels.cache.find((channel) => channel.name === 'job-board')!;
		const bare = await refusal(harness.client.rest.post(`/channels/${forum.id}/threads`, { body: { name: 'Hiring', type: ChannelType.PublicThread } }));
		expect(bare).to.include({ status: 400, code: 50035 });
		const { thread } = await startFromPost();
		const sent = await thread.send('first');
		const inThread = await refusal(harness.client.rest.post(`/channels/${thread.id}/messages/${sent.id}/threads`, { body: { name: 'nested' } }));
		expect(inThread).to.include({ status: 400, code: 50024 });
	});

	it('caps active threads per guild (160006): archiving one makes room, unarchiving at the cap is refused too', async () => {
		harness.discord.setActiveThreadCap(2);
		const first = await startFromPost('Q&A: one');
		await startFromPost('Q&A: two');
		expect(harness.discord.activeThreadCount()).to.equal(2);
		const post = await hall().send('three');
		const full = await refusal(post.startThread({ name: 'Q&A: three' }));
		expect(full).to.include({ status: 400, code: 160006 });
		expect(full.message).to.equal('Maximum number of active threads reached');
		const withoutMessage = await refusal(hall().threads.create({ name: 'loose', type: ChannelType.PublicThread }));
		expect(withoutMessage).to.include({ code: 160006 });

		await first.thread.setArchived(true);
		const third = await post.startThread({ name: 'Q&A: three' });
		expect(harness.discord.activeThreadCount()).to.equal(2);
		const reopen = await refusal(first.thread.setArchived(false));
		expect(reopen).to.include({ status: 400, code: 160006 });
		const sendReopens = await refusal(first.thread.send('anyone?'));
		expect(sendReopens).to.include({ status: 400, code: 160006 });
		expect(harness.discord.thread(first.thread.id)!.archived).to.equal(true);
		expect(harness.discord.threadsIn('forum-hall').map((thread) => thread.name)).to.deep.equal(['Q&A: one', 'Q&A: two', 'Q&A: three']);
		expect(third.id).to.equal(post.id);
	});

	it('a message unarchives an archived, unlocked thread; a locked, archived one refuses it with 50083, and edits in an archived thread too', async () => {
		const { thread } = await startFromPost();
		const question = await thread.send('What about trio?');
		await thread.setArchived(true);
		const archivedAt = harness.discord.thread(thread.id)!;
		expect(archivedAt.archived).to.equal(true);

		const edit = await refusal(question.edit('What about trio and anyio?'));
		expect(edit).to.include({ status: 400, code: 50083 });
		expect(edit.message).to.equal('Thread is archived');
		const rename = await refusal(harness.client.rest.patch(`/channels/${thread.id}`, { body: { name: 'renamed while archived' } }));
		expect(rename).to.include({ status: 400, code: 50083 });

		now += minutes(5);
		await thread.send('The speaker answers later.');
		const reopened = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(reopened.thread_metadata).to.include({ archived: false, archive_timestamp: new Date(now).toISOString() });
		expect(harness.discord.formatTranscript()).to.contain('thread unarchived by a message');

		await harness.client.rest.patch(`/channels/${thread.id}`, { body: { archived: true, locked: true } });
		expect(harness.discord.thread(thread.id)).to.include({ archived: true, locked: true, messageCount: 2 });
		const locked = await refusal(thread.send('Too late'));
		expect(locked).to.include({ status: 400, code: 50083 });
		expect(said(harness.discord, thread.id)).to.deep.equal(['What about trio?', 'The speaker answers later.']);
		expect(() => harness.discord.postMessage('peter', thread.id, 'me too')).to.throw('Thread is archived');
	});

	it('needs SEND_MESSAGES_IN_THREADS to post in a thread, whatever SEND_MESSAGES allows', async () => {
		const { thread } = await startFromPost();
		const overwrites = hall().permissionOverwrites.cache.map((overwrite) => ({ id: overwrite.id, type: overwrite.type, allow: overwrite.allow.bitfield.toString(), deny: overwrite.deny.bitfield.toString() }));
		const usher = guild.roles.cache.find((role) => role.name === 'usher')!;
		const withDeny = overwrites.map((overwrite) => (overwrite.id === usher.id ? { ...overwrite, deny: P.SendMessagesInThreads.toString() } : overwrite));
		await harness.client.rest.patch(`/channels/${hall().id}`, { body: { permission_overwrites: withDeny } });
		const refused = await refusal(thread.send('hello'));
		expect(refused).to.include({ status: 403, code: 50013 });
		await hall().send('The parent still takes messages.');
		expect(said(harness.discord, thread.id)).to.deep.equal([]);
	});

	it('archives a thread after its auto-archive duration without activity, counted from the last message, and announces it', async () => {
		const updates: boolean[] = [];
		harness.client.on(Events.ThreadUpdate, (_old, thread) => updates.push(thread.archived ?? false));
		const { thread } = await startFromPost('Q&A: Packaging', ThreadAutoArchiveDuration.OneHour);
		now += minutes(59);
		expect(harness.discord.thread(thread.id)!.archived).to.equal(false);
		await thread.send('Still going');
		const lastActivity = now;
		now += minutes(59);
		expect(harness.discord.thread(thread.id)!.archived).to.equal(false);
		expect(harness.discord.activeThreadCount()).to.equal(1);
		now += minutes(2);
		expect(harness.discord.thread(thread.id)!.archived).to.equal(true);
		expect(harness.discord.activeThreadCount()).to.equal(0);
		const fetched = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(fetched.thread_metadata).to.include({ archived: true, archive_timestamp: new Date(lastActivity + minutes(60)).toISOString() });
		await eventually(() => updates.includes(true), 'THREAD_UPDATE for the auto-archive');
		expect(harness.discord.formatTranscript()).to.contain('thread archived (inactive)');
	});

	it('changing auto_archive_duration restarts the clock and moves archive_timestamp; renaming and locking follow the PATCH', async () => {
		const { thread } = await startFromPost('Q&A: old name');
		now += minutes(50);
		await thread.setAutoArchiveDuration(ThreadAutoArchiveDuration.OneDay);
		const changed = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(changed.thread_metadata).to.include({ auto_archive_duration: 1440, archive_timestamp: new Date(now).toISOString() });
		now += minutes(120);
		expect(harness.discord.thread(thread.id)!.archived).to.equal(false);
		await thread.setName('Q&A: new name');
		await thread.setLocked(true);
		expect(harness.discord.thread(thread.id)).to.include({ name: 'Q&A: new name', locked: true, archived: false });
		// The bot may manage threads: a locked, active thread still takes its messages.
		await thread.send('Questions are closed.');
		expect(harness.discord.thread(thread.id)!.messageCount).to.equal(1);
		expect(harness.discord.formatTranscript()).to.contain('renamed "Q&A: old name" → "Q&A: new name"').and.contain('thread locked');
	});

	it('lists active threads with the bot\'s thread members as the spec\'s ThreadsResponse', async () => {
		const first = await startFromPost('Q&A: one');
		const second = await startFromPost('Q&A: two');
		await second.thread.setArchived(true);
		const active = (await harness.client.rest.get(`/guilds/${guild.id}/threads/active`)) as { threads: APIThreadChannel[]; members: Array<{ id: string; user_id: string }> };
		expect(active.threads.map((thread) => thread.id)).to.deep.equal([first.thread.id]);
		expect(active.members).to.deep.equal([{ id: first.thread.id, user_id: harness.discord.botUser.id, join_timestamp: new Date(now).toISOString(), flags: 0 }]);
		const fetched = await guild.channels.fetchActiveThreads();
		expect([...fetched.threads.keys()]).to.deep.equal([first.thread.id]);
		expect(harness.discord.specReport().byRoute['GET /guilds/{guild_id}/threads/active']).to.deep.equal({ validated: 2, violations: 0 });
		// Threads are not guild channels.
		const channels = (await harness.client.rest.get(`/guilds/${guild.id}/channels`)) as Array<{ id: string }>;
		expect(channels.map((channel) => channel.id)).to.not.include(first.thread.id);
	});

	it('puts active threads in GUILD_CREATE, so a client that connects later has them; archived ones stay out', async () => {
		const open = await startFromPost('Q&A: open');
		const done = await startFromPost('Q&A: done');
		await done.thread.setArchived(true);
		const late = new Client(clientOptions(harness.discord));
		try {
			const ready = new Promise<void>((resolve) => late.once(Events.ClientReady, () => resolve()));
			await late.login(harness.discord.token);
			await ready;
			const cached = late.channels.cache.get(open.thread.id);
			expect(cached?.isThread()).to.equal(true);
			expect((cached as ThreadChannel).parentId).to.equal(hall().id);
			expect((cached as ThreadChannel).joined).to.equal(true);
			expect(late.channels.cache.has(done.thread.id)).to.equal(false);
		} finally {
			await late.destroy();
		}
	});

	it('a member\'s message in a thread reaches the bot as MESSAGE_CREATE in that thread and makes them a thread member', async () => {
		const { thread } = await startFromPost();
		const seen = new Promise<{ channelId: string; content: string }>((resolve) =>
			harness.client.on(Events.MessageCreate, (message) => message.author.username === 'peter' && resolve({ channelId: message.channelId, content: message.content }))
		);
		const posted = harness.discord.postMessage('peter', thread.id, 'Is there a recording?');
		expect(await seen).to.deep.equal({ channelId: thread.id, content: 'Is there a recording?' });
		const cached = harness.client.channels.cache.get(thread.id) as ThreadChannel;
		await eventually(() => cached.members.cache.has(harness.discord.user('peter').id), 'THREAD_MEMBERS_UPDATE adding peter');
		expect(cached.memberCount).to.equal(2);
		expect(cached.members.cache.has(harness.discord.botUser.id)).to.equal(true);
		expect(posted.channelId).to.equal(thread.id);
		const fetched = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(fetched).to.include({ member_count: 2, message_count: 1, total_message_sent: 1, last_message_id: posted.id });
		// Newest first; the starter message holds place 0.
		const messages = (await harness.client.rest.get(`/channels/${thread.id}/messages`)) as Array<{ id: string; type: number; position?: number }>;
		expect(messages.map((message) => [message.type, message.position])).to.deep.equal([
			[MessageType.Default, 1],
			[MessageType.ThreadStarterMessage, 0]
		]);
		expect(messages[0]!.id).to.equal(posted.id);
	});

	it('deletes a thread with THREAD_DELETE; deleting a message counts down message_count but not total_message_sent', async () => {
		const deleted: string[] = [];
		harness.client.on(Events.ThreadDelete, (thread) => deleted.push(thread.id));
		const { thread } = await startFromPost();
		const first = await thread.send('one');
		await thread.send('two');
		await first.delete();
		const counts = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(counts).to.include({ message_count: 1, total_message_sent: 2 });
		await thread.delete();
		expect(harness.discord.thread(thread.id)).to.equal(undefined);
		expect(await refusal(harness.client.rest.get(`/channels/${thread.id}`))).to.include({ status: 404, code: 10003 });
		await eventually(() => deleted.includes(thread.id), 'THREAD_DELETE');
	});

	it('runs commands, clicks and modals inside a thread: the interaction\'s channel is the thread, and the answers land in it', async () => {
		await registerCommands(harness, [
			{ name: 'ask', description: 'Ask a question' },
			{ name: 'where', description: 'Show a channel', options: [{ type: 7, name: 'channel', description: 'Channel', required: true }] }
		]);
		const { thread } = await startFromPost();
		const seen: Array<{ channelId: string | null; isThread: boolean; parentId: string | null }> = [];
		harness.onInteraction(async (interaction) => {
			seen.push({ channelId: interaction.channelId, isThread: interaction.channel?.isThread() ?? false, parentId: interaction.channel?.isThread() ? interaction.channel.parentId : null });
			if (interaction.isChatInputCommand() && interaction.commandName === 'ask') {
				const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
					new ButtonBuilder().setCustomId('upvote').setLabel('Upvote').setStyle(ButtonStyle.Primary),
					new ButtonBuilder().setCustomId('ask-more').setLabel('Ask a question').setStyle(ButtonStyle.Secondary)
				);
				await interaction.reply({ content: 'Question: is the GIL gone?', components: [row] });
			} else if (interaction.isChatInputCommand()) {
				const picked = interaction.options.getChannel('channel', true);
				await interaction.reply({ content: `thread=${'thread_metadata' in picked || (picked as ThreadChannel).isThread?.() ? 'yes' : 'no'} parent=${(picked as ThreadChannel).parentId}`, flags: MessageFlags.Ephemeral });
			} else if (interaction.isButton() && interaction.customId === 'ask-more') {
				const field = new TextInputBuilder().setCustomId('question').setStyle(TextInputStyle.Paragraph);
				await interaction.showModal(new ModalBuilder().setCustomId('question-modal').setTitle('Your question').addLabelComponents(new LabelBuilder().setLabel('Question').setTextInputComponent(field)));
			} else if (interaction.isButton()) {
				await interaction.update({ content: 'Question: is the GIL gone? (1 vote)' });
			} else if (interaction.isModalSubmit()) {
				await interaction.reply({ content: `Question: ${interaction.fields.getTextInputValue('question')}` });
			}
		});

		const asked = await harness.discord.runCommand('peter', 'ask', { channel: thread.id });
		expect(asked.message!.channelId).to.equal(thread.id);
		expect(said(harness.discord, thread.id)).to.deep.equal(['Question: is the GIL gone?']);
		const clicked = await harness.discord.clickButton('sara', asked, { label: 'Upvote' });
		expect(clicked.content).to.equal('Question: is the GIL gone? (1 vote)');
		const opened = await harness.discord.clickButton('sara', asked, { label: 'Ask a question' });
		const submitted = await harness.discord.submitModal('sara', opened.modal!, ['Will slides be shared?']);
		expect(submitted.message!.channelId).to.equal(thread.id);
		expect(said(harness.discord, thread.id)).to.deep.equal(['Question: is the GIL gone? (1 vote)', 'Question: Will slides be shared?']);
		expect(seen).to.have.length(4);
		expect(seen).to.deep.equal(Array.from({ length: 4 }, () => ({ channelId: thread.id, isThread: true, parentId: hall().id })));

		const where = await harness.discord.runCommand('peter', 'where', { options: { channel: thread.id } });
		expect(where.content).to.equal(`thread=yes parent=${hall().id}`);
		expect(harness.handlerErrors).to.deep.equal([]);

		await thread.setArchived(true);
		expect(() => harness.discord.runCommand('peter', 'ask', { channel: thread.id })).to.throw('archived thread');
	});
});

describe('Discord stand-in: threads for a bot that may not manage them', () => {
	let harness: Harness;
	// demoGuild() shares its role objects between calls: change a copy.
	const seed = structuredClone(demoGuild());
	const usher = seed.roles.find((role) => role.name === 'usher')!;
	usher.permissions = (usher.permissions! & ~P.ManageThreads) | P.CreatePrivateThreads;

	before(async () => {
		harness = await startHarness({ seed });
	});
	after(() => harness.stop());

	it('keeps a private thread to its members, lets its creator rename and archive it, and refuses locking, slowmode and deletion with 50013', async () => {
		await registerCommands(harness, [{ name: 'ping', description: 'Check the bot' }]);
		harness.onInteraction(async (interaction) => interaction.isChatInputCommand() && interaction.reply({ content: 'pong', flags: MessageFlags.Ephemeral }));
		const guild = harness.client.guilds.cache.get(harness.discord.guild.id)!;
		const desk = guild.channels.cache.find((channel) => channel.name === 'organisers') as TextChannel;
		const thread = await desk.threads.create({ name: 'Speaker desk', type: ChannelType.PrivateThread });
		const fetched = (await harness.client.rest.get(`/channels/${thread.id}`)) as APIThreadChannel;
		expect(fetched.type).to.equal(ChannelType.PrivateThread);
		expect(fetched.thread_metadata).to.include({ invitable: true });

		// olivia sees #organisers but is not in the thread and may not manage threads; adam is an Administrator.
		expect(() => harness.discord.runCommand('olivia', 'ping', { channel: thread.id })).to.throw('cannot see thread');
		expect((await harness.discord.runCommand('adam', 'ping', { channel: thread.id })).content).to.equal('pong');

		await thread.setName('Speaker desk (day 1)');
		for (const change of [{ locked: true }, { rate_limit_per_user: 10 }]) {
			expect(await refusal(harness.client.rest.patch(`/channels/${thread.id}`, { body: change }))).to.include({ status: 403, code: 50013 });
		}
		expect(await refusal(thread.delete())).to.include({ status: 403, code: 50013 });
		await thread.setArchived(true);
		expect(harness.discord.thread(thread.id)).to.include({ name: 'Speaker desk (day 1)', archived: true, locked: false, type: ChannelType.PrivateThread });
		expect(harness.discord.responseViolations).to.deep.equal([]);
	});
});

async function refusal(promise: Promise<unknown>): Promise<DiscordAPIError> {
	const error = await promise.then(
		() => undefined,
		(caught: unknown) => caught
	);
	expect(error).to.be.instanceOf(DiscordAPIError);
	return error as DiscordAPIError;
}

describe('Discord stand-in: threads under the rate model', () => {
	it('messages in a thread use the thread\'s own channel bucket (5 per 5 s), apart from the parent\'s', async () => {
		const discord = await DiscordStandIn.start({ rateLimits: { model: 'discord' } });
		try {
			const call = (method: string, path: string, body?: unknown) =>
				fetch(`${discord.restUrl}/v10${path}`, {
					method,
					headers: { authorization: `Bot ${discord.token}`, 'content-type': 'application/json' },
					body: body === undefined ? undefined : JSON.stringify(body)
				});
			const hall = discord.channel('forum-hall');
			const post = (await (await call('POST', `/channels/${hall.id}/messages`, { content: 'Session' })).json()) as { id: string };
			const created = await call('POST', `/channels/${hall.id}/messages/${post.id}/threads`, { name: 'Q&A' });
			expect(created.status).to.equal(201);
			expect(created.headers.get('x-ratelimit-limit')).to.equal('50');
			const inThread: number[] = [];
			for (let i = 0; i < 6; i++) inThread.push((await call('POST', `/channels/${post.id}/messages`, { content: `q${i}` })).status);
			expect(inThread).to.deep.equal([200, 200, 200, 200, 200, 429]);
			// The parent had one message; four more fit in its own bucket.
			const inParent: number[] = [];
			for (let i = 0; i < 4; i++) inParent.push((await call('POST', `/channels/${hall.id}/messages`, { content: `p${i}` })).status);
			expect(inParent).to.deep.equal([200, 200, 200, 200]);
			expect(discord.rateModel!.stats.byFamily['thread creation']).to.deep.equal({ allowed: 1, limited: 0 });
			expect(said(discord, post.id)).to.have.length(5);
			expect(discord.responseViolations).to.deep.equal([]);
		} finally {
			await discord.close();
		}
	});
});
