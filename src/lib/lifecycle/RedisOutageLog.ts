import { container, Listener } from '@sapphire/framework';

const quietMs = 60_000;
let lastLoggedAt = 0;
let suppressed = 0;

/** One line per minute while Redis is unreachable, instead of a stack trace per reconnect attempt. */
export function logRedisError(error: unknown, now = Date.now()): void {
	if (now - lastLoggedAt < quietMs) {
		suppressed++;
		return;
	}
	const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
	const repeats = suppressed ? ` (${suppressed} similar errors in the last minute)` : '';
	container.logger.error(`Redis is not answering: ${detail}. Scheduled posts and syncs wait for it; nothing is lost.${repeats}`);
	lastLoggedAt = now;
	suppressed = 0;
}

/** Base of the listeners for the scheduled-tasks plugin's Redis errors: each names its event, all log alike. */
export abstract class RedisErrorListener extends Listener {
	public override run(error: unknown): void {
		logRedisError(error);
	}
}
