import { Listener } from '@sapphire/framework';
import { UsherEvents } from '#lib/discord/events';
import { startProgramme } from '#lib/programme/programmeStartup';

export class UserListener extends Listener<typeof UsherEvents.GuildReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: UsherEvents.GuildReady, once: true, enabled: context.store.container.config.programme.enabled });
	}

	public override run() {
		return startProgramme();
	}
}
