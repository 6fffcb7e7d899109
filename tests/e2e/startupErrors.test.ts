import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');

/** Starts `src/index.ts` in a folder with the example config plus `local`, and returns what it printed and its exit code. */
function runBot(local: string, env: Record<string, string>) {
	const root = mkdtempSync(join(tmpdir(), 'usher-start-'));
	mkdirSync(join(root, 'config'));
	copyFileSync(join(repoRoot, 'config', 'config.toml'), join(root, 'config', 'config.toml'));
	writeFileSync(join(root, 'config', 'config.local.toml'), local);
	const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(repoRoot, 'src', 'index.ts')], {
		cwd: root,
		env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
		encoding: 'utf8',
		timeout: 20_000
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('e2e: the bot process refuses to start on bad configuration', function () {
	this.timeout(30_000);
	const secrets = { DISCORD_BOT_TOKEN: 'MTIz.discord-token-that-must-not-leak', PRETIX_TOKEN: 'pretix-token-that-must-not-leak' };

	it('stops with one line naming the bad key and its file', () => {
		const { status, output } = runBot('[programme]\nlead_minutes = -3\n', secrets);
		expect(status).to.equal(1);
		expect(output).to.equal('Config error: programme.lead_minutes in config/config.local.toml: expected a number of minutes above 0 (got -3).');
	});

	it('stops with one line naming a missing secret, and prints no other secret', () => {
		const { status, output } = runBot('', { PRETIX_TOKEN: secrets.PRETIX_TOKEN });
		expect(status).to.equal(1);
		expect(output).to.equal('Config error: the secret DISCORD_BOT_TOKEN is not set (set it in the environment or in .secrets).');
		expect(output).to.not.include(secrets.PRETIX_TOKEN);
	});
});
