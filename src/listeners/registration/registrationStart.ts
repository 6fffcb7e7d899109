import { Listener } from '@sapphire/framework';
import { UsherEvents } from '../../lib/discord/events';

export class UserListener extends Listener<typeof UsherEvents.GuildReady> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: UsherEvents.GuildReady, once: true, enabled: context.store.container.config.registration.enabled });
	}

	public override async run() {
		const { ticketSync, registrationDesk, shutdown, logger } = this.container;
		// Claims older than this start were made by a previous run; any without roles were cut short by a crash.
		const startedAt = this.container.now();
		// Serve lookups from the last snapshot first, so the form works even when pretix is down right now.
		ticketSync.restore();
		await registrationDesk.showForm(true);
		shutdown.add('registration offline notice', () => registrationDesk.showForm(false));
		await registrationDesk.repairInterrupted(startedAt).catch((error: unknown) => {
			logger.error(`Could not repair interrupted registrations: ${error instanceof Error ? error.message : String(error)}`);
		});
		try {
			await ticketSync.sync();
		} catch (error) {
			logger.warn(`pretix did not answer at start (${error instanceof Error ? error.message : String(error)}): serving ${this.container.tickets.size} tickets from the snapshot.`);
		}
	}
}
