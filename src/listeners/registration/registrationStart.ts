import { Listener } from '@sapphire/framework';
import { UsherEvents } from '../../lib/discord/events';

export class UserListener extends Listener<typeof UsherEvents.GuildReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: UsherEvents.GuildReady, once: true, enabled: context.store.container.config.registration.enabled });
	}

	public override async run() {
		const { ticketSync, registrationDesk, shutdown, logger } = this.container;
		// Serve lookups from the last snapshot first, so the form works even when pretix is down right now.
		ticketSync.restore();
		await registrationDesk.showForm(true);
		shutdown.add('registration offline notice', () => registrationDesk.showForm(false));
		try {
			await ticketSync.sync();
		} catch (error) {
			logger.warn(`pretix did not answer at start (${error instanceof Error ? error.message : String(error)}): serving ${this.container.tickets.size} tickets from the snapshot.`);
		}
	}
}
