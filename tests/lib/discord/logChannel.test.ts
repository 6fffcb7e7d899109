import { container } from '@sapphire/framework';
import { expect } from 'chai';
import type { Client, Guild, TextChannel } from 'discord.js';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { GuildDirectory } from '#lib/discord/GuildDirectory';
import { ChannelLog, drainLogs, entriesThatFit, postToLog } from '#lib/discord/logChannel';
import { overrideContainer, RecordingLogger } from '../../mocks/container';
import { apiError, createClient, createGuild, createTextChannel, FakeDiscord } from '../../mocks/discord';

describe('discord/logChannel entriesThatFit', () => {
	it('packs entries, one per line, into a message up to the limit', () => {
		expect(entriesThatFit(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)], 21)).to.equal(2);
		expect(entriesThatFit(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)], 32)).to.equal(3);
	});

	it('always takes at least one entry, even one longer than a message (it is cut)', () => {
		expect(entriesThatFit(['x'.repeat(5000), 'y'], 2000)).to.equal(1);
		expect(entriesThatFit([], 2000)).to.equal(0);
	});
});

describe('discord/logChannel ChannelLog', () => {
	it('sends the first entry at once and packs what arrives within the interval into one later message', async () => {
		const sent: string[] = [];
		const log = new ChannelLog(async (content) => void sent.push(content), 60_000);
		const first = log.add('one');
		await first;
		const rest = ['two', 'three', 'four'].map((entry) => log.add(entry));
		expect(sent).to.deep.equal(['one']);
		// Shutdown drains without waiting out the interval.
		await log.drain();
		await Promise.all(rest);
		expect(sent).to.deep.equal(['one', 'two\nthree\nfour']);
	});

	it('after the interval, sends the waiting entries by itself', async () => {
		const sent: string[] = [];
		const log = new ChannelLog(async (content) => void sent.push(content), 20);
		await Promise.all(['a', 'b', 'c'].map((entry) => log.add(entry)));
		expect(sent).to.deep.equal(['a', 'b\nc']);
	});
});

describe('discord/logChannel postToLog (real TextChannel, REST recorded)', () => {
	let discord: FakeDiscord;
	let client: Client;
	let guild: Guild;
	let logger: RecordingLogger;
	let restore: () => void;
	let channelName: string;
	beforeEach(() => {
		discord = new FakeDiscord();
		client = createClient(discord);
		guild = createGuild(client);
		logger = new RecordingLogger();
		// postToLog keeps one ChannelLog per channel id for the process: a new channel per test starts it fresh.
		channelName = `log-${guild.id}`;
		restore = overrideContainer({ directory: directoryWith({ [ChannelKeys.log]: createTextChannel(guild, { name: channelName }) }), logger: logger as never });
	});
	afterEach(async () => {
		restore();
		await client.destroy();
	});

	function directoryWith(channels: Record<string, TextChannel>): GuildDirectory {
		const directory = new GuildDirectory(guild);
		for (const [key, channel] of Object.entries(channels)) directory.requireTextChannel({ key, ref: channel.name });
		expect(directory.problems).to.deep.equal([]);
		return directory;
	}

	const posts = () => discord.matching('POST', /^\/channels\/\d+\/messages$/);
	const contents = () => posts().map((request) => (request.body as { content: string }).content);

	it('posts the first entry at once, pinging nobody, and the entries that arrive meanwhile together in one message', async () => {
		const channel = container.directory!.channel(ChannelKeys.log)!;
		const first = postToLog('<@123> registered');
		const rest = [postToLog('two @everyone'), postToLog('three')];
		await first;
		expect(contents()).to.deep.equal(['<@123> registered']);
		await drainLogs();
		await Promise.all(rest);
		expect(contents()).to.deep.equal(['<@123> registered', 'two @everyone\nthree']);
		expect(posts().map((request) => request.path)).to.deep.equal([`/channels/${channel.id}/messages`, `/channels/${channel.id}/messages`]);
		for (const request of posts()) expect((request.body as { allowed_mentions: unknown }).allowed_mentions).to.deep.equal({ parse: [] });
	});

	it('splits a batch at 2,000 characters, a whole entry per line, and cuts an entry longer than a message', async () => {
		const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((letter) => letter.repeat(900));
		const all = [postToLog(a!), postToLog(b!), postToLog(c!), postToLog(d!), postToLog('e'.repeat(2500))];
		await drainLogs();
		await Promise.all(all);
		expect(contents()).to.deep.equal([a, `${b}\n${c}`, d, 'e'.repeat(2000)]);
		for (const content of contents()) expect(content.length).to.be.at.most(2000);
	});

	it("falls back to the bot's log channel when the key names no channel of its own", async () => {
		await postToLog('registration entry', ChannelKeys.registrationLog);
		expect(contents()).to.deep.equal(['registration entry']);
	});

	it('posts to the channel the key names when there is one', async () => {
		const registrationLog = createTextChannel(guild, { name: `registration-${guild.id}` });
		// Over the test's own override; afterEach puts back what was there before the test.
		overrideContainer({ directory: directoryWith({ [ChannelKeys.log]: container.directory!.channel(ChannelKeys.log)!, [ChannelKeys.registrationLog]: registrationLog }) });
		await postToLog('registration entry', ChannelKeys.registrationLog);
		expect(posts().map((request) => request.path)).to.deep.equal([`/channels/${registrationLog.id}/messages`]);
	});

	it('logs a refused post and resolves, so the flow that logged goes on', async () => {
		discord.on((request) => (request.method === 'POST' ? apiError(403, 50001, 'Missing Access') : undefined));
		await postToLog('entry');
		expect(posts()).to.have.length(1);
		expect(logger.at('warn')).to.have.length(1);
		expect(logger.at('warn')[0]).to.include(`Could not post to #${channelName}`).and.include('Missing Access');
	});

	it('sends nothing before the guild is resolved (no directory)', async () => {
		overrideContainer({ directory: null });
		await postToLog('entry');
		expect(discord.requests).to.deep.equal([]);
	});
});
