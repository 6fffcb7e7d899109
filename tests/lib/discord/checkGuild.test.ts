import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { loadConfig } from '#lib/config/loadConfig';
import { ChannelKeys, checkGuild } from '#lib/discord/checkGuild';
import { createClient, createGuild, createTextChannel, FakeDiscord } from '../../mocks/discord';

const exampleConfig = join(__dirname, '..', '..', '..', 'config', 'config.toml');
const env = { DISCORD_BOT_TOKEN: 'discord-secret-value', PRETIX_TOKEN: 'pretix-secret-value' };

describe('discord/checkGuild: the speakers’ channels and role', () => {
	let root: string;
	let client: Client;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'usher-check-'));
		mkdirSync(join(root, 'config'));
		copyFileSync(exampleConfig, join(root, 'config', 'config.toml'));
		client = createClient(new FakeDiscord());
	});
	afterEach(async () => {
		await client.destroy();
		rmSync(root, { recursive: true, force: true });
	});
	const config = (speakers: string) => {
		writeFileSync(join(root, 'config', 'config.local.toml'), `[registration]\nenabled = false\n[speakers]\n${speakers}\n`);
		return loadConfig({ rootDir: root, env });
	};
	const speakerProblems = (problems: readonly string[]) => problems.filter((problem) => problem.startsWith('speakers.'));

	it('names each missing speakers channel and role in the startup report when the feature is on', () => {
		const guild = createGuild(client, { roles: [{ id: '2001', name: 'Participants' }] });
		const directory = checkGuild(guild, config('enabled = true\nchannel = "speakers-lounge"'));
		expect(speakerProblems(directory.problems)).to.deep.equal([
			'speakers.channel: no channel "speakers-lounge" in Test Conference',
			'speakers.desk_channel: no channel "speaker-desk" in Test Conference',
			'speakers.role: no role "Speakers" in Test Conference'
		]);
	});

	it('finds them when they exist, and checks nothing when the feature is off', () => {
		const guild = createGuild(client, { roles: [{ id: '2002', name: 'Speakers' }] });
		const lounge = createTextChannel(guild, { name: 'speakers' });
		createTextChannel(guild, { name: 'speaker-desk' });
		const directory = checkGuild(guild, config('enabled = true'));
		expect(speakerProblems(directory.problems)).to.deep.equal([]);
		expect(directory.channel(ChannelKeys.speakers)?.id).to.equal(lounge.id);
		expect(speakerProblems(checkGuild(createGuild(client), config('enabled = false')).problems)).to.deep.equal([]);
	});

	it('refuses check-in minutes that do not go from the largest down', () => {
		expect(() => config('checkin_minutes = [15, 30]')).to.throw(/speakers\.checkin_minutes.*largest down/);
	});
});
