import type { ScheduledTaskHandler } from '@sapphire/plugin-scheduled-tasks';

/**
 * Closes the scheduled-tasks plugin's BullMQ queue and worker (the plugin has no destroy hook). With Redis gone there is
 * nothing to flush, and a graceful close would wait for a reconnect forever (`maxRetriesPerRequest: null`): drop the
 * connection instead; the process exit takes the worker's sockets with it.
 */
export async function closeTaskQueue(tasks: ScheduledTaskHandler): Promise<void> {
	const redis = await tasks.client.client;
	if (redis.status !== 'ready') {
		redis.disconnect();
		return;
	}
	await tasks.close();
}
