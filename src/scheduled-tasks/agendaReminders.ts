import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';

/** One wave of DM reminders: every member due one for a session, at one lead. */
export class AgendaRemindersTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		super(context, { ...options, enabled: context.store.container.config.programme.enabled });
	}

	public override async run(payload: NotifyPayload) {
		const outcome = await this.container.agendaReminders.runWave(payload.id);
		this.container.logger.debug(`agenda reminders ${payload.id}: ${JSON.stringify(outcome)}`);
	}
}
