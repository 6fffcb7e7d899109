import { DateTime } from 'luxon';
import { escapeLine } from '#lib/discord/escape';
import type { Texts } from '#lib/i18n/texts';
import { englishOrganizerTexts } from '#lib/registration/organizerReplies';
import { fitLines, MESSAGE_LIMIT } from '#lib/discord/limits';
import { formatScheduleChange, type ScheduleChange } from './diff';
import { escapedWithin } from './format';
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

/** `Wed 15 Jul 09:55` in the conference zone: rehearsal-safe, unlike Discord timestamps that follow the real clock. */
export function localTime(instant: Date, timezone: string): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm');
}

export function refreshReply(summary: RefreshSummary, timezone: string): string {
	const lines: string[] = [];
	if (summary.fromCache) lines.push(`⚠️ The schedule source did not answer (${summary.error ?? 'unknown error'}). I keep using the saved schedule, version ${summary.version}.`);
	else lines.push(`Fetched schedule version ${summary.version}: ${summary.sessionCount} sessions${summary.changed ? '' : ', nothing changed'}.`);
	if (summary.skippedSlots) lines.push(`${summary.skippedSlots} slot${summary.skippedSlots === 1 ? ' was' : 's were'} unreadable and skipped (details in the bot log).`);
	const shown = summary.changes.slice(0, MAX_CHANGES_SHOWN).map((change) => formatScheduleChange(change, timezone));
	if (shown.length) lines.push(`Changes in the next hours:`, ...shown);
	if (summary.changes.length > shown.length) lines.push(`… and ${summary.changes.length - shown.length} more.`);
	const { created, moved, removed, late } = summary.jobs;
	lines.push(`Scheduled posts: ${created} new, ${moved} moved, ${removed} removed${late ? `, ${late} sent late` : ''}.`);
	return clip(lines.join('\n'));
}

/** Reply when there is no programme at all: nothing fetched yet and no saved copy. `t`: organizers texts. */
export function noProgrammeReply(reason: string, refreshMinutes: number, t: Texts = englishOrganizerTexts()): string {
	return clip(t('programmeUnloaded', { reason: reason.replace(/\.$/, ''), count: refreshMinutes }));
}

export function statusReply(
	status: ProgrammeStatus,
	counts: LedgerCounts,
	scheduled: number,
	context: { timezone: string; now: Date; rehearsal: boolean }
): string {
	const { timezone } = context;
	const lines = ['**Programme status**'];
	lines.push(`Source: ${status.source}, ${status.version ? `version ${status.version}` : 'nothing fetched yet'} (${status.sessionCount} sessions).`);
	if (status.fetchedAt) lines.push(`Last good fetch: ${localTime(status.fetchedAt, timezone)}.`);
	if (status.lastError) lines.push(`⚠️ Last attempt ${status.lastAttemptAt ? localTime(status.lastAttemptAt, timezone) : ''} failed: ${status.lastError}${status.fromCache ? ' (using the saved copy)' : ''}.`);
	if (status.skippedSlots) lines.push(`${status.skippedSlots} unreadable slot${status.skippedSlots === 1 ? '' : 's'} skipped.`);
	lines.push(`Posts: ${counts.sent} sent (${counts.late} late), ${scheduled} scheduled, ${counts.skipped} skipped${counts.pending ? `, ${counts.pending} in progress` : ''}.`);
	lines.push(`Clock: ${context.rehearsal ? 'rehearsal, showing' : 'now'} ${localTime(context.now, timezone)} (${timezone}).`);
	return clip(lines.join('\n'));
}

/** The next posts; the list itself stays English, the sentence when there is none is in the organizer's language (`t`). */
export function nextReply(upcoming: readonly UpcomingNotification[], context: { timezone: string; channelMention: (key: string) => string }, t: Texts = englishOrganizerTexts()): string {
	if (!upcoming.length) return t('programmeNothingNext');
	const lines = ['**Next programme posts**'];
	for (const { notification, sessions } of upcoming) {
		const first = sessions[0];
		const title = first ? `“${escapedWithin(first.title, 80)}”` : 'no session';
		const more = sessions.length > 1 ? ` and ${sessions.length - 1} more` : '';
		const what = notification.kind === 'morning' ? `Today's programme (${sessions.length} sessions)` : `${title}${more}`;
		lines.push(`• ${localTime(notification.notifyAt, context.timezone)} in ${context.channelMention(notification.channelKey)}: ${what}`);
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
		[`**${events.length} scheduled events** (Interested · start · name):`],
		events,
		({ spec, userCount }) => `${userCount} · ${localTime(spec.start, timezone)} · ${escapeLine(spec.name)}`,
		(rest) => `… and ${rest.length} more.`
	);
}
