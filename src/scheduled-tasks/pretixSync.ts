import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { errorText } from '#lib/errorText';

export class PretixSyncTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		const { registration, pretix } = context.store.container.config;
		super(context, { ...options, interval: pretix.refresh_minutes * 60_000, enabled: registration.enabled });
	}

	public override async run() {
		try {
			await this.container.ticketSync.sync();
		} catch (error) {
			// The index keeps serving the last good data; the next run tries again.
			this.container.logger.warn(`Periodic pretix sync failed: ${errorText(error)}`);
		}
	}
}
