import { Listener } from '@sapphire/framework';
import { RESTEvents, type APIRequest, type ResponseLike } from 'discord.js';

/** Counts Discord REST answers that failed (4xx and 5xx, 429 included) for /metrics. */
export class UserListener extends Listener {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, emitter: 'rest', event: RESTEvents.Response });
	}

	public override run(_request: APIRequest, response: ResponseLike) {
		if (response.status >= 400) this.container.metrics.discordRestError(response.status);
	}
}
