import { expect } from 'chai';
import { PermissionFlagsBits as P } from 'discord.js';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#lib/config/ConfigError';
import { loadConfigFiles } from '#lib/config/loadConfig';
import { guildLayoutFrom } from '#lib/guild/layout';

const exampleConfig = join(__dirname, '..', '..', '..', 'config', 'config.toml');

describe('guild/layout from [guild]', () => {
	let root: string;
	const file = () => join(root, 'config', 'config.toml');
	const load = (localText = '') => {
		writeFileSync(join(root, 'config', 'config.local.toml'), localText);
		return loadConfigFiles({ configFile: file(), env: {} });
	};
	const refusal = (localText: string) => {
		try {
			load(localText);
		} catch (error) {
			expect(error).to.be.instanceOf(ConfigError);
			return (error as Error).message;
		}
		throw new Error('expected a ConfigError');
	};

	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'usher-layout-'));
		mkdirSync(join(root, 'config'));
		copyFileSync(exampleConfig, file());
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('reads the example: roles highest first, every channel the rest of the config names, a room channel per programme room', () => {
		const config = load();
		const layout = guildLayoutFrom(config)!;
		expect(layout.roles.map((role) => role.name)).to.deep.equal([
			'Organisers',
			'Volunteers',
			'Speakers',
			'Sponsors',
			'Participants',
			'Onsite Participants',
			'Remote Participants',
			'Beginners Day'
		]);
		const mapped = new Set([...Object.values(config.registration.roles.items), ...Object.values(config.registration.roles.variations)].flat());
		expect([...mapped].filter((name) => !layout.roles.some((role) => role.name === name))).to.deep.equal([]);
		expect(config.discord.organizer_roles.every((name) => layout.roles.some((role) => role.name === name))).to.equal(true);
		const names = layout.channels.map((channel) => channel.name);
		const referenced = [config.discord.log_channel, config.registration.form_channel, config.registration.help_channel, config.programme.main_channel, ...Object.values(config.programme.rooms)];
		expect(referenced.filter((name) => !names.includes(name))).to.deep.equal([]);
		const room = layout.channels.find((channel) => channel.name === 'forum-hall')!;
		expect(room).to.deep.include({ kind: 'text', category: 'Rooms' });
		expect(room.topic).to.equal(undefined);
		expect(room.overwrites.get('Participants')).to.deep.equal({ allow: P.ViewChannel, deny: 0n });
		expect(layout.channels.find((channel) => channel.name === 'registration-form')!.overwrites.get('@everyone')).to.deep.equal({
			allow: P.ViewChannel | P.ReadMessageHistory,
			deny: P.SendMessages | P.AddReactions
		});
	});

	it('is optional: a config without [guild] loads and has no layout', () => {
		const example = readFileSync(file(), 'utf8');
		writeFileSync(file(), example.slice(0, example.indexOf('\n[guild]')));
		expect(guildLayoutFrom(load())).to.equal(undefined);
	});

	it('refuses an unknown category, a name listed twice, a text channel name Discord would store otherwise, an unknown permission', () => {
		expect(refusal('[[guild.channels]]\nname = "hallway"\ncategory = "Hallways"\n')).to.contain('no category "Hallways" in [[guild.categories]]');
		expect(refusal('[[guild.roles]]\nname = "Speakers"\n[[guild.roles]]\nname = "Speakers"\n')).to.contain('"Speakers" is listed twice');
		expect(refusal('[[guild.channels]]\nname = "Job Board"\ntype = "forum"\n')).to.contain('Discord names a forum channel "job-board"; write it that way');
		expect(refusal('[[guild.roles]]\nname = "Mods"\npermissions = ["BanEveryone"]\n')).to.match(/^Config error: guild\.roles\.0\.permissions\.0 in .*config\.local\.toml: expected one of "CreateInstantInvite", .* \(got "BanEveryone"\)\.$/);
	});
});
