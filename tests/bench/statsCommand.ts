// Bench: /stats members through the real bot against a 20,000-member stand-in guild; budget < 1 s per answer.
import { performance } from 'node:perf_hooks';
import { startBot } from '../e2e/support/startBot';
import { ThrowawayRedis } from '../helpers/redisServer';
import { DiscordStandIn, largeGuild } from '../standins/discord';

const MEMBERS = 20_000;

export async function benchStatsCommand(): Promise<Record<string, number>> {
	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start({ seed: largeGuild(MEMBERS) });
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		overrides: { discord: { guild: 'EuroPython 2026 (large)' }, registration: { enabled: false }, programme: { enabled: false } },
		readyTimeoutMs: 60_000
	});
	try {
		const deadline = Date.now() + 20_000;
		while (!discord.commands('guild').some((command) => command.name === 'stats') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
		const olivia = discord.user('olivia');
		// The first run fetches every member over the gateway; later runs fetch again (counts must be current).
		const timed = async () => {
			const started = performance.now();
			const reply = await discord.runCommand(olivia, 'stats', { subcommand: 'members', channel: 'organisers', timeoutMs: 30_000 });
			const elapsed = performance.now() - started;
			if (!reply.content.startsWith('**Server members:')) throw new Error(`unexpected reply: ${reply.content}`);
			return Math.round(elapsed);
		};
		const firstMs = await timed();
		const runs = [await timed(), await timed(), await timed()];
		return { members: MEMBERS, firstMs, repeatMedianMs: runs.sort((a, b) => a - b)[1]!, budgetMs: 1000 };
	} finally {
		await bot.kill();
		await discord.close();
		await redis.kill();
	}
}

if (require.main === module) void benchStatsCommand().then((result) => console.log(result));
