import './lib/setup';
import { container } from '@sapphire/framework';
import { ConfigError } from './lib/config/ConfigError';
import { loadConfig } from './lib/config/loadConfig';
import { UsherClient } from './lib/UsherClient';

/** What the normal shutdown leaves of the deadline for the process to exit. */
const exitMarginMs = 250;

async function main(): Promise<void> {
	const client = new UsherClient({ config: loadConfig(), restApi: process.env.DISCORD_API_URL });
	const stop = async (signal: string) => {
		const timeoutMs = container.config.bot.shutdown_timeout_seconds * 1000;
		container.logger.info(`${signal} received: shutting down (at most ${timeoutMs / 1000} s)`);
		// A backstop in case a step ignores its deadline; the margin lets the normal path exit first.
		setTimeout(() => {
			console.error('Shutdown overran its deadline: exiting anyway.');
			process.exit(1);
		}, timeoutMs).unref();
		const failed = await client.stop(Math.max(0, timeoutMs - exitMarginMs));
		if (failed.length) container.logger.warn(`Shutdown steps that did not finish: ${failed.join('; ')}`);
		process.exit(0);
	};
	process.once('SIGTERM', () => void stop('SIGTERM'));
	process.once('SIGINT', () => void stop('SIGINT'));
	await client.login(container.config.secrets.discordBotToken);
}

main().catch((error: unknown) => {
	// Config problems are one line for the operator; anything else keeps its stack.
	console.error(error instanceof ConfigError ? error.message : error);
	process.exit(1);
});
