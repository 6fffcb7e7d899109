import { expect } from 'chai';
import { REST, Routes } from 'discord.js';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../helpers/eventually';
import { ThrowawayRedis } from '../helpers/redisServer';
import { fixtureEvent } from '../fixtures/pretix/event';
import { DiscordStandIn, emptyGuild } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { register } from './support/registration';
import { startBot, type RunningBot } from './support/startBot';

const repoRoot = join(__dirname, '..', '..');

interface CliRun {
	code: Promise<number | null>;
	output: () => string;
	kill: () => void;
}

/** `npm run cli -- guild …` in its own process (so kill -9 is real), over the documented example config. */
function guildCli(discord: DiscordStandIn, workDir: string, ...argv: string[]): CliRun {
	const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(repoRoot, 'src', 'cli', 'main.ts'), 'guild', ...argv], {
		cwd: workDir,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', DISCORD_API_URL: discord.restUrl, DISCORD_BOT_TOKEN: discord.token },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return { code: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => output, kill: () => child.kill('SIGKILL') };
}

const changeLines = (output: string) => output.split('\n').filter((line) => /^[+~-] /.test(line));
const duplicates = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);

describe('e2e: from an empty server to a ready one', function () {
	this.timeout(90_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let bot: RunningBot | undefined;
	let workDir: string;

	before(async () => {
		const seed = emptyGuild();
		seed.members.push({ username: 'ada', globalName: 'Ada' });
		[redis, discord, pretix] = await Promise.all([ThrowawayRedis.start(), DiscordStandIn.start({ seed }), PretixStandin.start(fixtureEvent(), { token: 'pretix-guild-e2e-token' })]);
		workDir = mkdtempSync(join(tmpdir(), 'usher-guild-e2e-'));
		mkdirSync(join(workDir, 'config'));
		copyFileSync(join(repoRoot, 'config', 'config.toml'), join(workDir, 'config', 'config.toml'));
	});
	after(async () => {
		await bot?.kill();
		await Promise.all([discord?.close(), pretix?.close()]);
		await redis?.kill();
		rmSync(workDir, { recursive: true, force: true });
	});

	it('plans every role and channel of the example layout, changing nothing (exit 2)', async () => {
		const plan = guildCli(discord, workDir, 'plan');
		expect(await plan.code, plan.output()).to.equal(2);
		expect(changeLines(plan.output())).to.have.length(28);
		expect(plan.output()).to.contain('Plan: 28 to create, 0 to change, 0 to delete, 0 left alone.');
		expect(discord.requests.filter((request) => request.method !== 'GET')).to.deep.equal([]);
	});

	it('applies it; killed (-9) half-way with a request in flight, the next apply finishes without duplicates', async () => {
		// The first channel create is held; Discord carries it out after the CLI is dead, as a real in-flight request may be.
		const held = discord.holdNext('POST /guilds/{guild_id}/channels');
		const first = guildCli(discord, workDir, 'apply');
		await held.arrived;
		first.kill();
		expect(await first.code).to.equal(null);
		held.release();
		await eventually(() => discord.channels().some((channel) => channel.name === 'Information'), 'the held category create to be carried out');
		expect(discord.roles()).to.have.length(10);

		const second = guildCli(discord, workDir, 'apply');
		expect(await second.code, second.output()).to.equal(0);
		expect(second.output()).not.to.contain('create role');
		expect(second.output()).not.to.contain('create category "Information"');
		expect(duplicates(discord.roles().map((role) => role.name))).to.deep.equal([]);
		expect(duplicates(discord.channels().map((channel) => channel.name))).to.deep.equal([]);
		expect(discord.channels()).to.have.length(20);
	});

	it('a second plan shows no change (exit 0)', async () => {
		const plan = guildCli(discord, workDir, 'plan');
		expect(await plan.code, plan.output()).to.equal(0);
		expect(changeLines(plan.output())).to.deep.equal([]);
	});

	it('the bot then starts with a clean startup report, and registration works', async () => {
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: { programme: { enabled: false }, pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' } }
		});
		await bot.waitForOutput(/Startup check: all configured channels and roles found in EuroPython 2026\./);
		await bot.waitForOutput(/pretix full sync: /);
		const result = await register(discord, discord.user('ada'), 'ABC12', 'Ada Lovelace');
		expect(result.content).to.include('You are registered');
		expect(discord.member('ada').roles).to.include.members(['Participants', 'Onsite Participants', 'Beginners Day']);
	});

	it('a changed colour shows as one change, in the plan and in the bot’s startup report alike', async () => {
		await bot!.stop();
		bot = undefined;
		const speakers = discord.role('Speakers');
		await new REST({ api: discord.restUrl }).setToken(discord.token).patch(Routes.guildRole(discord.guild.id, speakers.id), { body: { color: 0x123456 } });
		const plan = guildCli(discord, workDir, 'plan');
		expect(await plan.code).to.equal(2);
		expect(changeLines(plan.output())).to.deep.equal(['~ change role "Speakers": colour #123456 → #e67e22']);
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: { programme: { enabled: false }, pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' } }
		});
		await bot.waitForOutput(/Startup check: 1 problem in EuroPython 2026:/);
		expect(bot.output()).to.contain('- guild layout: ~ change role "Speakers": colour #123456 → #e67e22 (npm run cli -- guild apply)');
	});

	it('sent Discord only requests its OpenAPI spec accepts, and the stand-in answered the layout routes as the spec says', () => {
		expect(discord.specViolations).to.deep.equal([]);
		const layoutRoutes = new Set(['/guilds/{guild_id}/roles', '/guilds/{guild_id}/roles/{role_id}', '/guilds/{guild_id}/channels', '/channels/{channel_id}']);
		expect(discord.responseViolations.filter((issue) => issue.route && layoutRoutes.has(issue.route))).to.deep.equal([]);
		expect(discord.specReport().byRoute['POST /guilds/{guild_id}/channels']?.validated).to.equal(20);
	});
});
