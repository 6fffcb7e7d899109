import { expect } from 'chai';
import { PermissionFlagsBits as P, REST, Routes } from 'discord.js';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGuildCli } from '../../src/cli/guild';
import { DiscordStandIn, demoGuild, emptyGuild, type DiscordStandInOptions, type GuildSeed } from '../standins/discord';

describe('cli/guild', function () {
	this.timeout(20_000);
	let dir: string;
	let discord: DiscordStandIn;
	let out: string[];
	let err: string[];

	const start = async (seed: GuildSeed, options: Omit<DiscordStandInOptions, 'seed'> = {}) => {
		discord = await DiscordStandIn.start({ seed, ...options });
	};
	const run = async (...argv: string[]) => {
		out = [];
		err = [];
		const env = { DISCORD_API_URL: discord.restUrl, DISCORD_BOT_TOKEN: discord.token };
		return createGuildCli({ env, rootDir: dir })([...argv, '--config', join(dir, 'config.toml')], (line) => out.push(line), (line) => err.push(line));
	};
	const changes = () => out.filter((line) => /^[+~-] /.test(line));

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'usher-guild-cli-'));
		copyFileSync(join(__dirname, '..', '..', 'config', 'config.toml'), join(dir, 'config.toml'));
	});
	afterEach(async () => {
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
		await discord.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('finds nothing to change in the seeded EuroPython guild: the example layout describes it (exit 0)', async () => {
		await start(demoGuild());
		expect(await run('plan')).to.equal(0);
		expect(changes()).to.deep.equal([]);
		expect(out.at(-1)).to.equal('Plan: 0 to create, 0 to change, 0 to delete, 28 left alone.');
	});

	it('plans the whole server for an empty guild (exit 2), applies it, and then has nothing left to do (exit 0)', async () => {
		await start(emptyGuild());
		expect(await run('plan')).to.equal(2);
		expect(changes()).to.have.length(28);
		expect(changes()[0]).to.equal('+ create role "Organisers" (colour #e74c3c, shown separately, mentionable, permissions ManageMessages): not in the guild');
		expect(out).to.include('+ create text channel #registration-form in "Information", permissions for @everyone, usher: not in the guild');
		expect(out).to.include('+ create text channel #forum-hall in "Rooms", permissions for @everyone, Participants, usher: not in the guild');
		expect(discord.requests.filter((request) => request.method !== 'GET')).to.deep.equal([]);

		expect(await run('apply')).to.equal(0);
		expect(out.at(-1)).to.equal('Applied 28 changes to EuroPython 2026.');
		expect(discord.roles().map((role) => role.name)).to.deep.equal([
			'usher',
			'Organisers',
			'Volunteers',
			'Speakers',
			'Sponsors',
			'Participants',
			'Onsite Participants',
			'Remote Participants',
			'Beginners Day',
			'@everyone'
		]);
		const form = discord.channels().find((channel) => channel.name === 'registration-form')!;
		expect(form.category).to.equal('Information');
		expect(form.overwrites['@everyone']).to.deep.equal({ allow: P.ViewChannel | P.ReadMessageHistory, deny: P.SendMessages | P.AddReactions });
		expect(discord.channels().find((channel) => channel.name === 'keynote-stage')?.type).to.equal(13);

		expect(await run('plan')).to.equal(0);
		expect(changes()).to.deep.equal([]);
	});

	it('paces itself by Discord’s rate-limit headers: the whole server under the real limits (time-lapsed), without one 429', async () => {
		await start(emptyGuild(), { rateLimits: { model: 'discord', scale: 20 } });
		expect(await run('apply')).to.equal(0);
		expect(discord.rateModel!.stats.limited).to.equal(0);
		expect(discord.rateModel!.stats.byFamily.other!.allowed).to.be.greaterThan(28);
		expect(await run('plan')).to.equal(0);
	});

	it('shows a changed colour and a changed permission as one change each', async () => {
		await start(demoGuild());
		const rest = new REST({ api: discord.restUrl }).setToken(discord.token);
		await rest.patch(Routes.guildRole(discord.guild.id, discord.role('Speakers').id), { body: { color: 0x123456 } });
		const hallway = discord.channels().find((channel) => channel.name === 'hallway')!;
		const overwrites = Object.entries(hallway.overwrites).map(([name, o]) => ({
			id: name === '@everyone' ? discord.guild.id : discord.role(name).id,
			type: 0,
			allow: Number(o.allow),
			deny: Number(name === '@everyone' ? 0n : o.deny)
		}));
		await rest.patch(Routes.channel(hallway.id), { body: { permission_overwrites: overwrites } });
		expect(await run('plan')).to.equal(2);
		expect(changes()).to.deep.equal([
			'~ change role "Speakers": colour #123456 → #e67e22',
			'~ change #hallway: permissions for @everyone: allow nothing; deny nothing → allow nothing; deny ViewChannel'
		]);
		expect(await run('apply')).to.equal(0);
		expect(await run('plan')).to.equal(0);
	});

	it('deletes only with --prune, and lists what it would delete', async () => {
		const seed = demoGuild();
		seed.channels.push({ name: 'old-chat', category: 'Information' });
		await start(seed);
		expect(await run('plan')).to.equal(0);
		expect(await run('plan', '--prune')).to.equal(2);
		expect(changes()).to.deep.equal(['- delete #old-chat: not in the layout (--prune)']);
	});

	it('exits 1 with the reason, changing nothing, when the bot lacks Manage Roles', async () => {
		const seed = emptyGuild();
		seed.roles[0]!.permissions = P.ViewChannel | P.SendMessages | P.ManageChannels | P.ManageMessages;
		await start(seed);
		expect(await run('apply')).to.equal(1);
		expect(out[0]).to.equal('! the bot lacks Manage Roles, so it cannot create, change or order roles');
		expect(discord.requests.filter((request) => request.method !== 'GET')).to.deep.equal([]);
	});

	it('exits 1 and points to the example when the config has no [guild]', async () => {
		await start(demoGuild());
		const example = readFileSync(join(dir, 'config.toml'), 'utf8');
		writeFileSync(join(dir, 'config.toml'), example.slice(0, example.indexOf('\n[guild]')));
		expect(await run('plan')).to.equal(1);
		expect(err).to.deep.equal(['Config error: there is no [guild] table, so there is no layout to plan; see config/config.toml for an example.']);
	});
});
