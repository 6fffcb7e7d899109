import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';

export class AttemptLogPruneTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		// Retention is counted in days, so once a day is often enough.
		super(context, { ...options, interval: 86_400_000, enabled: context.store.container.config.registration.enabled });
	}

	public override run() {
		const pruned = this.container.attempts.pruneExpired(this.container.now());
		this.container.logger.info(`attempt log pruned: ${pruned} older than ${this.container.config.registration.attempt_log_retention_days} days`);
	}
}
