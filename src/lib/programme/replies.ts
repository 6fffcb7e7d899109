import { escapeLine } from '#lib/discord/escape';
import type { Texts } from '#lib/i18n/texts';
import { englishOrganizerTexts } from '#lib/registration/organizerReplies';
import { fitLines, MESSAGE_LIMIT } from '#lib/discord/limits';
import { formatScheduleChange, type ScheduleChange } from './diff';
import { escapedWithin } from './format';
import { localTimeText, programmeTextsBeside } from './programmeTexts';
import type { LedgerCounts } from './NotificationLedger';
import type { EventSpec } from './scheduledEvents';
import type { ProgrammeStatus, UpcomingNotification } from './ScheduleSync';
import type { JobSyncSummary } from './syncJobs';

/** What one refresh did, for logs and the `/programme refresh` reply. */
export interface RefreshSummary {
	version: string;
	sessionCount: number;
	changed: boolean;
	changes: ScheduleChange[];
	fromCache: boolean;
	error?: string;
	skippedSlots: number;
	jobs: JobSyncSummary;
}

const MAX_CHANGES_SHOWN = 8;

/**
 * `Wed 15 Jul 09:55` in the conference zone, in the language of `t` (any namespace): rehearsal-safe, unlike Discord
 * timestamps that follow the real clock.
 */
export function localTime(instant: Date, timezone: string, t: Texts = englishOrganizerTexts()): string {
	return localTimeText(instant, timezone, 'dateTimeFormat', t);
}

/** `/programme refresh`, in the organizer's language (`t`: organizers texts), the changes included. */
export function refreshReply(summary: RefreshSummary, timezone: string, t: Texts = englishOrganizerTexts()): string {
	const lines: string[] = [];
	const { version, sessionCount: count } = summary;
	if (summary.fromCache) lines.push(t('refreshFromCache', { error: summary.error ?? t('unknownError'), version }));
	else lines.push(t(summary.changed ? 'refreshFetched' : 'refreshUnchanged', { version, count }));
	if (summary.skippedSlots) lines.push(t('refreshSkipped', { count: summary.skippedSlots }));
	const shown = summary.changes.slice(0, MAX_CHANGES_SHOWN).map((change) => formatScheduleChange(change, timezone, programmeTextsBeside(t)));
	if (shown.length) lines.push(t('refreshChanges'), ...shown);
	if (summary.changes.length > shown.length) lines.push(t('andMore', { count: summary.changes.length - shown.length }));
	const { created, moved, removed, late } = summary.jobs;
	lines.push(t(late ? 'refreshJobsLate' : 'refreshJobs', { created, moved, removed, late }));
	return clip(lines.join('\n'));
}

/** Reply when there is no programme at all: nothing fetched yet and no saved copy. `t`: organizers texts. */
export function noProgrammeReply(reason: string, refreshMinutes: number, t: Texts = englishOrganizerTexts()): string {
	return clip(t('programmeUnloaded', { reason: reason.replace(/\.$/, ''), count: refreshMinutes }));
}

/** `/programme status`, in the organizer's language (`t`: organizers texts). */
export function statusReply(
	status: ProgrammeStatus,
	counts: LedgerCounts,
	scheduled: number,
	context: { timezone: string; now: Date; rehearsal: boolean },
	t: Texts = englishOrganizerTexts()
): string {
	const { timezone } = context;
	const time = (instant: Date) => localTime(instant, timezone, t);
	const lines = [t('statusHeading')];
	const { source, sessionCount: count } = status;
	lines.push(status.version ? t('statusSource', { source, version: status.version, count }) : t('statusNothingFetched', { source, count }));
	if (status.fetchedAt) lines.push(t('statusFetched', { time: time(status.fetchedAt) }));
	if (status.lastError)
		lines.push(t(status.fromCache ? 'statusFailedCached' : 'statusFailed', { time: status.lastAttemptAt ? time(status.lastAttemptAt) : '', error: status.lastError }));
	if (status.skippedSlots) lines.push(t('statusSkipped', { count: status.skippedSlots }));
	const { sent, late, skipped, pending } = counts;
	lines.push(t(pending ? 'statusPostsPending' : 'statusPosts', { sent, late, scheduled, skipped, pending }));
	lines.push(t(context.rehearsal ? 'statusClockRehearsal' : 'statusClockNow', { time: time(context.now), timezone }));
	return clip(lines.join('\n'));
}

/** The next posts, in the organizer's language (`t`: organizers texts); session titles stay as pretalx has them. */
export function nextReply(upcoming: readonly UpcomingNotification[], context: { timezone: string; channelMention: (key: string) => string }, t: Texts = englishOrganizerTexts()): string {
	if (!upcoming.length) return t('programmeNothingNext');
	const lines = [t('nextHeading')];
	for (const { notification, sessions } of upcoming) {
		const first = sessions[0];
		const title = first ? escapedWithin(first.title, 80) : '';
		const session = !first ? t('nextNoSession') : sessions.length > 1 ? t('nextSessions', { title, count: sessions.length - 1 }) : t('nextSession', { title });
		const what = notification.kind === 'morning' ? t('nextMorning', { count: sessions.length }) : session;
		lines.push(t('nextLine', { time: localTime(notification.notifyAt, context.timezone, t), channel: context.channelMention(notification.channelKey), what }));
	}
	return clip(lines.join('\n'));
}

function clip(text: string): string {
	return text.length <= MESSAGE_LIMIT ? text : `${text.slice(0, MESSAGE_LIMIT - 1)}…`;
}

/** `/programme events`: the mirrored scheduled events with how many members clicked "Interested". */
export function scheduledEventsReply(events: ReadonlyArray<{ spec: EventSpec; userCount: number }> | undefined, timezone: string, t: Texts = englishOrganizerTexts()): string {
	if (!events) return t('eventsOff');
	if (events.length === 0) return t('eventsNone');
	return fitLines(
		[t('eventsHeading', { count: events.length })],
		events,
		({ spec, userCount }) => `${userCount} · ${localTime(spec.start, timezone, t)} · ${escapeLine(spec.name)}`,
		(rest) => t('andMore', { count: rest.length })
	);
}
