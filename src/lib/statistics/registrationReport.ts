import type { AttemptResult } from '#lib/registration/AttemptLimiter';
import type { Registration } from '#lib/registration/ClaimLedger';
import type { HourlyCount } from './registrationsPerHour';
import { formatWait } from '#lib/registration/messages';
import type { RoleQueueStatus } from '#lib/registration/RoleGrants';
import { ticketTypeLabel } from '#lib/registration/Ticket';
import type { TicketTypeCount } from '#lib/registration/TicketIndex';
import { renderFunnelChart, renderRegistrationsChart } from './charts';
import { formatFunnel, registrationFunnel, type RegistrationFunnel } from './registrationFunnel';
import { MESSAGE_LIMIT } from '#lib/discord/limits';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { statisticsTexts, statsTime } from './text';

export interface RegistrationReportInput {
	/** Admission tickets per ticket type (`Item` or `Item / Variation`), from the ticket index. */
	sold: readonly TicketTypeCount[];
	/** Every current claim in the ledger. */
	registrations: readonly Registration[];
	members: readonly { id: string; bot: boolean }[];
	failureReasons: readonly { result: AttemptResult; count: number }[];
	perHour: readonly HourlyCount[];
	timeZone: string;
	/** Members whose ticket is confirmed and who wait for Discord to take their roles. */
	roleQueue: RoleQueueStatus;
	/** The organizer's language; English when not given. */
	language?: Language;
}

export interface ChartFile {
	name: string;
	data: Buffer;
}

export interface RegistrationReport {
	funnel: RegistrationFunnel;
	content: string;
	files: ChartFile[];
}

// Keys in statistics.json: the reasons organizers read, one per attempt result.
const failureLabels: Record<AttemptResult, string> = {
	'success': 'failureSuccess',
	'unknown-ticket': 'failureUnknownTicket',
	'wrong-name': 'failureWrongName',
	'held-by-other': 'failureHeldByOther',
	'rate-limited': 'failureRateLimited',
	'not-valid': 'failureNotValid',
	'discord-refused': 'failureDiscordRefused',
	'error': 'failureError'
};

/** Funnel text, failure reasons and the two charts (registrations per hour, funnel by ticket type). */
export async function registrationReport(input: RegistrationReportInput): Promise<RegistrationReport> {
	const soldByTicketType = new Map(input.sold.map((row) => [row.type, row.count]));
	const registeredByTicketType = new Map<string, number>();
	for (const registration of input.registrations) {
		const type = ticketTypeLabel(registration);
		// Add-ons (a T-shirt, a workshop) are claimed with the admission ticket but are not admissions sold: left out.
		if (soldByTicketType.has(type)) registeredByTicketType.set(type, (registeredByTicketType.get(type) ?? 0) + 1);
	}
	const funnel = registrationFunnel({
		soldByTicketType,
		registeredByTicketType,
		members: input.members,
		registeredUserIds: new Set(input.registrations.map((registration) => registration.userId))
	});
	const language = input.language ?? fallbackLanguage;
	const t = statisticsTexts(language);
	const tail = [roleQueueSummary(input.roleQueue, t, language), hourlySummary(input.perHour, input.timeZone, t, language), '', failureSummary(input.failureReasons, t)];
	const budget = MESSAGE_LIMIT - tail.join('\n').length - 1;
	const content = [formatFunnel(funnel, language).slice(0, budget), ...tail].join('\n');
	const [overTime, byType] = await Promise.all([
		renderRegistrationsChart(input.perHour, { tz: input.timeZone, language }),
		renderFunnelChart(funnel.byType, { language })
	]);
	return { funnel, content, files: [{ name: 'registrations-per-hour.png', data: overTime }, { name: 'funnel-by-ticket-type.png', data: byType }] };
}

function roleQueueSummary({ waiting, etaSeconds }: RoleQueueStatus, t: Texts, language: Language): string {
	if (waiting === 0) return `\n${t('waitingNobody')}`;
	return `\n${t('waitingRoles', { waiting, wait: formatWait(etaSeconds, textsFor(language, 'registration')) })}`;
}

function hourlySummary(perHour: readonly HourlyCount[], timeZone: string, t: Texts, language: Language): string {
	const total = perHour.reduce((sum, hour) => sum + hour.count, 0);
	const hours = t('lastHours', { count: perHour.length });
	if (total === 0) return `\n${t('hourlyNone', { hours })}`;
	const busiest = perHour.reduce((best, hour) => (hour.count > best.count ? hour : best));
	const at = statsTime(busiest.start, timeZone, t('busiestHourFormat'), language);
	return `\n${t('hourlyBusiest', { total, hours, at, busiest: busiest.count })}`;
}

function failureSummary(reasons: readonly { result: AttemptResult; count: number }[], t: Texts): string {
	if (reasons.length === 0) return t('failuresNone');
	return [t('failuresHeading'), ...reasons.slice(0, 5).map((row) => t('countLine', { label: t(failureLabels[row.result]), count: row.count }))].join('\n');
}
