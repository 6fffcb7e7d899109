import { ScheduledTask } from '@sapphire/plugin-scheduled-tasks';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';

/** One check-in nag of one session: the speakers' DMs, or the speaker desk's message. */
export class SpeakerCheckinTask extends ScheduledTask {
	public constructor(context: ScheduledTask.LoaderContext, options: ScheduledTask.Options) {
		const { config } = context.store.container;
		super(context, { ...options, enabled: config.programme.enabled && config.speakers.enabled });
	}

	public override async run(payload: NotifyPayload) {
		const outcome = await this.container.speakerCheckin.runNag(payload.id);
		this.container.logger.debug(`speaker check-in ${payload.id}: ${JSON.stringify(outcome)}`);
	}
}
