import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';

export class ProgrammeNotifyTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		super(context, { ...options, enabled: context.store.container.config.programme.enabled });
	}

	public override async run(payload: NotifyPayload) {
		const outcome = await this.container.programme.poster.notify(payload.id);
		this.container.logger.debug(`programme notification ${payload.id}: ${outcome.kind}`);
	}
}
