import './lib/setup';
import { container } from '@sapphire/framework';
import { ConfigError } from './lib/config/ConfigError';
import { loadConfig } from './lib/config/loadConfig';
import { UsherClient } from './lib/UsherClient';

async function main(): Promise<void> {
	const client = new UsherClient({ config: loadConfig(), restApi: process.env.DISCORD_API_URL });
	const stop = async (signal: string) => {
		container.logger.info(`${signal} received: shutting down`);
		const failed = await client.stop();
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
