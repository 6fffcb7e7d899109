import type { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents } from '@sapphire/plugin-scheduled-tasks';
import { RedisErrorListener } from '#lib/lifecycle/RedisOutageLog';

export class UserListener extends RedisErrorListener {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskStrategyClientError });
	}
}
