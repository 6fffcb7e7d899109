import { Listener } from '@sapphire/framework';
import { ScheduledTaskEvents, type ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import { errorText } from '#lib/errorText';

export class UserListener extends Listener<typeof ScheduledTaskEvents.ScheduledTaskError> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: ScheduledTaskEvents.ScheduledTaskError });
	}

	public override run(error: unknown, task: ScheduledTask) {
		// BullMQ retries the job; the log says which task failed and why, without a payload that may hold personal data.
		this.container.logger.error(`Scheduled task "${task.name}" failed: ${errorText(error)}`);
	}
}
