import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordStandIn } from '../standins/discord';
import { ThrowawayRedis } from '../helpers/redisServer';

const repoRoot = join(__dirname, '..', '..');

/** Starts `src/index.ts` in a folder with the example config plus `local`; resolves with what it printed and its exit code. */
function runBot(local: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
	const root = mkdtempSync(join(tmpdir(), 'usher-start-'));
	mkdirSync(join(root, 'config'));
	copyFileSync(join(repoRoot, 'config', 'config.toml'), join(root, 'config', 'config.toml'));
	writeFileSync(join(root, 'config', 'config.local.toml'), local);
	// Asynchronous on purpose: the Discord stand-in the bot talks to runs in this process.
	const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(repoRoot, 'src', 'index.ts')], {
		cwd: root,
		env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
		timeout: 20_000
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	return new Promise((resolve) => child.once('close', (status) => resolve({ status, output: output.trim() })));
}

describe('e2e: the bot process refuses to start on bad configuration', function () {
	this.timeout(30_000);
	const secrets = { DISCORD_BOT_TOKEN: 'MTIz.discord-token-that-must-not-leak', PRETIX_TOKEN: 'pretix-token-that-must-not-leak' };

	it('stops with one line naming the bad key and its file', async () => {
		const { status, output } = await runBot('[programme]\nlead_minutes = -3\n', secrets);
		expect(status).to.equal(1);
		expect(output).to.equal('Config error: programme.lead_minutes in config/config.local.toml: expected a number of minutes above 0 (got -3).');
	});

	it('stops with one line naming a missing secret, and prints no other secret', async () => {
		const { status, output } = await runBot('', { PRETIX_TOKEN: secrets.PRETIX_TOKEN });
		expect(status).to.equal(1);
		expect(output).to.equal('Config error: the secret DISCORD_BOT_TOKEN is not set (set it in the environment or in .secrets).');
		expect(output).to.not.include(secrets.PRETIX_TOKEN);
	});
});

describe('e2e: the bot process stops when it is not in the configured guild', function () {
	this.timeout(30_000);
	it('names the configured guild and the guilds it is in', async () => {
		const redis = await ThrowawayRedis.start();
		const discord = await DiscordStandIn.start();
		try {
			const { status, output } = await runBot('[discord]\nguild = "PyCon Atlantis"\n[registration]\nenabled = false\n[programme]\nenabled = false\n', {
				DISCORD_BOT_TOKEN: discord.token,
				DISCORD_API_URL: discord.restUrl,
				REDIS_URL: redis.url
			});
			expect(status, output).to.equal(1);
			expect(output).to.equal(
				`Config error: discord.guild "PyCon Atlantis": the bot is not in a guild with that name or id (it is in: "EuroPython 2026" (${discord.guild.id})).`
			);
			expect(discord.requests.filter((request) => request.path.includes('/commands'))).to.deep.equal([]);
		} finally {
			await discord.close();
			await redis.kill();
		}
	});
});
