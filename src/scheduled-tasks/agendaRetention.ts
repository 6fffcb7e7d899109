import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';

export class AgendaRetentionTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		// Retention is counted in days, so a daily check is often enough.
		super(context, { ...options, interval: 86_400_000, enabled: context.store.container.config.programme.enabled });
	}

	public override run() {
		this.container.agendaRetention.run();
	}
}
