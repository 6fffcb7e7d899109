import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';

/** One step of a session's Q&A thread: opening it, or its summary and archive. */
export class QaThreadsTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		const { config } = context.store.container;
		super(context, { ...options, enabled: config.programme.enabled && config.qa.enabled });
	}

	public override async run(payload: NotifyPayload) {
		const outcome = await this.container.qaThreads.runJob(payload.id);
		this.container.logger.debug(`Q&A ${payload.id}: ${JSON.stringify(outcome)}`);
	}
}
