import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';
import { qaEnabled } from '#lib/qa/qaEnabled';

/** One step of a session's Q&A thread: opening it, or its summary and archive. */
export class QaThreadsTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		const { config } = context.store.container;
		super(context, { ...options, enabled: qaEnabled(config) });
	}

	public override async run(payload: NotifyPayload) {
		const outcome = await this.container.qaThreads.runJob(payload.id);
		this.container.logger.debug(`Q&A ${payload.id}: ${JSON.stringify(outcome)}`);
	}
}
