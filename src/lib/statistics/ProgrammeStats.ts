import { errorText } from '#lib/errorText';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import type { ProgrammeLogger } from '#lib/programme/ProgrammeLogger';
import type { InterestedEvent } from '#lib/programme/ScheduledEventMirror';
import type { Session } from '#lib/programme/Session';
import { programmeReport, type InterestedCounts, type ProgrammeReport, type ReminderCounts } from './programmeReport';
import { statisticsTexts } from './text';

export interface ProgrammeStatsOptions {
	sessions: () => readonly Session[];
	bookmarks: { counts(): { sessionCode: string; count: number }[]; members(): number };
	/** The mirrored events' "Interested" counts; absent when scheduled events are off. */
	scheduledEvents?: { interested(): Promise<InterestedEvent[]> };
	/** The DM reminders' ledger: how many were sent and how many Discord refused. */
	reminders: { counts(): ReminderCounts };
	roomCapacity: Readonly<Record<string, number>>;
	timezone: string;
	logger: ProgrammeLogger;
}

/** Gathers what `/stats programme` shows: bookmarks, "Interested" counts, seats and reminders, as counts only. */
export class ProgrammeStats {
	public constructor(private readonly options: ProgrammeStatsOptions) {}

	/** The report in the organizer's `language`. */
	public async report(language: Language = fallbackLanguage): Promise<ProgrammeReport> {
		const { bookmarks, roomCapacity, timezone, reminders } = this.options;
		const sessions = this.options.sessions();
		if (sessions.length === 0) return { content: statisticsTexts(language)('programmeNotLoaded'), embeds: [], files: [] };
		return programmeReport({
			sessions,
			bookmarks: new Map(bookmarks.counts().map((row) => [row.sessionCode, row.count])),
			members: bookmarks.members(),
			interested: await this.interested(),
			roomCapacity,
			timezone,
			reminders: reminders.counts(),
			language
		});
	}

	/** A Discord that does not answer costs the report its "Interested" counts, not the whole report. */
	private async interested(): Promise<InterestedCounts> {
		const { scheduledEvents } = this.options;
		if (!scheduledEvents) return { kind: 'off' };
		try {
			return { kind: 'counts', bySession: new Map((await scheduledEvents.interested()).map((event) => [event.sessionCode, event.userCount])) };
		} catch (error) {
			this.options.logger.warn(`/stats programme: Discord did not list the scheduled events: ${errorText(error)}`);
			return { kind: 'unavailable' };
		}
	}
}
