import { container } from '@sapphire/framework';
import { onRedisReconnect } from '#lib/lifecycle/onRedisReconnect';
import { errorText } from '#lib/errorText';

/**
 * Brings the programme up at guild ready. Nothing here waits for Redis: the shutdown step is registered first and the
 * reconnect watch is attached whenever the connection exists, so a Redis that is down at start delays no step.
 */
export async function startProgramme(): Promise<void> {
	const { programme, agendaReminders, tasks, shutdown, logger } = container;
	let stopWatching: () => void = () => undefined;
	shutdown.add('programme', async () => {
		stopWatching();
		await Promise.allSettled([programme.stop(), agendaReminders.stop()]);
	});
	// A Redis that restarts empty loses the delayed posts and the repeated refresh: put both back.
	void tasks.client.client.then(
		(connection) => {
			stopWatching = onRedisReconnect(
				connection,
				async () => {
					await tasks.createRepeated();
					await programme.refresh.resync();
					await agendaReminders.sync();
					if (container.config.speakers.enabled) await container.speakerCheckin.sync();
				},
				(error) => logger.warn(`Programme jobs not restored after the Redis reconnect: ${errorText(error)}`)
			);
		},
		(error: unknown) => logger.warn(`Programme: no Redis connection to watch (${errorText(error)}); jobs are restored at the next start.`)
	);
	// Logs its own outcome and never throws: a schedule that cannot be read now is retried by the periodic refresh.
	await programme.start();
	agendaReminders.start();
}
