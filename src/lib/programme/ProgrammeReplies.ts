import type { ProgrammeOptions } from './Programme';
import type { ProgrammeRefresh } from './ProgrammeRefresh';
import { nextReply, noProgrammeReply, refreshReply, statusReply } from './replies';
import { ScheduleUnavailableError } from './sources/errors';
import type { Texts } from '#lib/i18n/texts';
import { englishOrganizerTexts } from '#lib/registration/organizerReplies';

/** The programme's own options, plus the refresh the replies report on. */
export type ProgrammeRepliesOptions = Pick<ProgrammeOptions, 'schedule' | 'ledger' | 'jobs' | 'clock' | 'rehearsal' | 'timezone' | 'refreshMinutes' | 'channel'> & {
	refresh: ProgrammeRefresh;
};

/** What `/programme next|refresh|status` answers, from the live state; the wording is in `replies.ts`. */
export class ProgrammeReplies {
	public constructor(private readonly options: ProgrammeRepliesOptions) {}

	/** `t`: the organizer's texts (organizers namespace); English by default. */
	public async refresh(t?: Texts): Promise<string> {
		try {
			return refreshReply(await this.options.refresh.run(), this.options.timezone, t);
		} catch (error) {
			if (!(error instanceof ScheduleUnavailableError)) throw error;
			return noProgrammeReply(error.message, this.options.refreshMinutes, t);
		}
	}

	public async status(t?: Texts): Promise<string> {
		const { schedule, ledger, jobs, clock, timezone, rehearsal } = this.options;
		const scheduled = (await jobs.list()).length;
		return statusReply(schedule.status(), ledger.counts(), scheduled, { timezone, now: clock.now(), rehearsal }, t);
	}

	public next(count = 5, t?: Texts): string {
		return nextReply(
			this.options.schedule.next(count),
			{
				timezone: this.options.timezone,
				channelMention: (key) => {
					const channel = this.options.channel(key);
					return channel ? `<#${channel.id}>` : (t ?? englishOrganizerTexts())('noChannelFor', { key });
				}
			},
			t
		);
	}
}
