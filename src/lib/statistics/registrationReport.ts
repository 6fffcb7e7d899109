import { DateTime } from 'luxon';
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
import { formatCount, plural } from './text';

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

const failureLabels: Record<AttemptResult, string> = {
	'success': 'registered',
	'unknown-ticket': 'unknown ticket',
	'wrong-name': 'wrong name',
	'held-by-other': 'ticket already held by another account',
	'rate-limited': 'rate-limited or sent again while checking',
	'not-valid': 'ticket not usable (unpaid, cancelled, blocked, test mode) or gives no role',
	'discord-refused': 'Discord refused the roles',
	'error': 'our side failed (pretix down, roles missing)'
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
	const tail = [roleQueueSummary(input.roleQueue), hourlySummary(input.perHour, input.timeZone), '', failureSummary(input.failureReasons)];
	const budget = MESSAGE_LIMIT - tail.join('\n').length - 1;
	const content = [formatFunnel(funnel).slice(0, budget), ...tail].join('\n');
	const [overTime, byType] = await Promise.all([
		renderRegistrationsChart(input.perHour, { tz: input.timeZone }),
		renderFunnelChart(funnel.byType)
	]);
	return { funnel, content, files: [{ name: 'registrations-per-hour.png', data: overTime }, { name: 'funnel-by-ticket-type.png', data: byType }] };
}

function roleQueueSummary({ waiting, etaSeconds }: RoleQueueStatus): string {
	if (waiting === 0) return '\n**Waiting for roles**: nobody.';
	return `\n**Waiting for roles**: ${formatCount(waiting)} (Discord lets a bot update about 10 members every 10 seconds); the last one in ${formatWait(etaSeconds)}.`;
}

function hourlySummary(perHour: readonly HourlyCount[], timeZone: string): string {
	const total = perHour.reduce((sum, hour) => sum + hour.count, 0);
	if (total === 0) return `\n**Registrations over time**: none in the last ${plural(perHour.length, 'hour', 'hours')}.`;
	const busiest = perHour.reduce((best, hour) => (hour.count > best.count ? hour : best));
	const at = DateTime.fromJSDate(busiest.start, { zone: timeZone }).toFormat('ccc d LLL, HH:mm');
	return `\n**Registrations over time**: ${formatCount(total)} in the last ${plural(perHour.length, 'hour', 'hours')}; busiest hour ${at} (${formatCount(busiest.count)}).`;
}

function failureSummary(reasons: readonly { result: AttemptResult; count: number }[]): string {
	if (reasons.length === 0) return '**Failed attempts** (last 7 days): none.';
	return ['**Failed attempts** (last 7 days), most frequent first', ...reasons.slice(0, 5).map((row) => `• ${failureLabels[row.result]}: ${formatCount(row.count)}`)].join('\n');
}
