import { Listener } from '@sapphire/framework';
import { UsherEvents } from '../../lib/discord/events';
import { onReconnect } from '../../lib/programme/NotificationJobs';

export class UserListener extends Listener<typeof UsherEvents.GuildReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: UsherEvents.GuildReady, once: true, enabled: context.store.container.config.programme.enabled });
	}

	public override async run() {
		const { programme, tasks, shutdown, logger } = this.container;
		// A Redis that restarts empty loses the delayed posts and the repeated refresh: put both back.
		const stopWatching = onReconnect(
			await tasks.client.client,
			async () => {
				await tasks.createRepeated();
				await programme.resync();
			},
			(error) => logger.warn(`Programme jobs not restored after the Redis reconnect: ${error instanceof Error ? error.message : String(error)}`)
		);
		shutdown.add('programme', async () => {
			stopWatching();
			await programme.stop();
		});
		await programme.start();
	}
}
