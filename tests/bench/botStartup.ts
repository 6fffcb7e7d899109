import { performance } from 'node:perf_hooks';
import { DiscordStandIn } from '../standins/discord';
import { ThrowawayRedis } from '../helpers/redisServer';
import { startBot } from '../e2e/support/startBot';

/** Time from starting the bot process to "Ready" in the demo guild, median of 5 cold starts (tsx compiling included). */
export async function benchBotStartup(): Promise<Record<string, number>> {
	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start();
	const samples: number[] = [];
	try {
		for (let run = 0; run < 5; run++) {
			const started = performance.now();
			const bot = await startBot({ discord, redisUrl: redis.url, overrides: { programme: { enabled: false } } });
			samples.push(performance.now() - started);
			await bot.stop();
		}
	} finally {
		await discord.close();
		await redis.kill();
	}
	samples.sort((a, b) => a - b);
	return { runs: samples.length, readyMedianMs: Math.round(samples[2]!), readyMinMs: Math.round(samples[0]!), readyMaxMs: Math.round(samples[4]!) };
}
