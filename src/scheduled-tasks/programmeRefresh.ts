import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';

export class ProgrammeRefreshTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		const { programme } = context.store.container.config;
		super(context, { ...options, interval: programme.refresh_minutes * 60_000, enabled: programme.enabled });
	}

	public override run() {
		// Not awaited: the plugin's worker runs one job at a time, and a slow pretalx must not hold back a due post.
		void this.container.programme.refresh.runAndLog();
	}
}
