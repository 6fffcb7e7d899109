import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiscordStandIn } from '../standins/discord';
import { ThrowawayRedis } from '../helpers/redisServer';
import { startBot } from '../e2e/support/startBot';

const repoRoot = join(__dirname, '..', '..');

describe('deploy: the compiled bot, as `npm run build && npm start` and the Docker image run it', function () {
	this.timeout(90_000);

	it('builds with tsc and boots from dist/, loading every piece and answering /ping', async () => {
		// The steps of `npm run build`, into a throwaway folder (tests leave dist/ alone); node_modules is linked beside it.
		const buildRoot = mkdtempSync(join(tmpdir(), 'usher-compiled-'));
		const outDir = join(buildRoot, 'dist');
		symlinkSync(join(repoRoot, 'node_modules'), join(buildRoot, 'node_modules'));
		execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(repoRoot, 'tsconfig.json'), '--outDir', outDir], { stdio: 'pipe' });
		execFileSync(process.execPath, [join(outDir, 'build', 'finishDist.js')], { cwd: repoRoot, stdio: 'pipe' });
		const redis = await ThrowawayRedis.start();
		const discord = await DiscordStandIn.start();
		const bot = await startBot({ discord, redisUrl: redis.url, compiledEntry: join(outDir, 'index.js'), overrides: { programme: { enabled: false } } });
		try {
			for (let waited = 0; discord.commands('guild').length < 3 && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
			expect(discord.commands('guild').map((command) => command.name).sort()).to.deep.equal(['ping', 'registration', 'stats']);
			expect((await discord.runCommand(discord.user('peter'), 'ping')).content).to.match(/^Pong!/);
		} finally {
			await bot.stop();
			await discord.close();
			await redis.kill();
			rmSync(buildRoot, { recursive: true, force: true });
		}
	});
});
