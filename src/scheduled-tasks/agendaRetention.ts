import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';

export class PersonalDataRetentionTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		// Retention is counted in days, so a daily check is often enough. The name stays: the repeatable job in Redis keeps it.
		super(context, { ...options, interval: 86_400_000, enabled: context.store.container.config.programme.enabled });
	}

	public override run() {
		this.container.personalDataRetention.run();
	}
}
