import { Listener } from '@sapphire/framework';
import { RESTEvents, type RateLimitData } from 'discord.js';

/** Counts rate-limit hits discord.js waited out, for /metrics. */
export class UserListener extends Listener {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, emitter: 'rest', event: RESTEvents.RateLimited });
	}

	public override run(data: RateLimitData) {
		this.container.metrics.discordRateLimited(data.global);
	}
}
