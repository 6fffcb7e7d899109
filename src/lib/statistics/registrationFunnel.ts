import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { formatPercent, statisticsTexts } from './text';

export interface FunnelInput {
	/** Valid (paid) tickets per ticket type, from the pretix sync. */
	soldByTicketType: ReadonlyMap<string, number>;
	/** Claimed tickets per ticket type, from the claim ledger. */
	registeredByTicketType: ReadonlyMap<string, number>;
	members: readonly { id: string; bot: boolean }[];
	/** Accounts holding at least one ticket in the claim ledger. */
	registeredUserIds: ReadonlySet<string>;
}

export interface FunnelRow {
	ticketType: string;
	sold: number;
	registered: number;
	/** Sold tickets nobody has claimed yet. */
	notRegistered: number;
}

export interface RegistrationFunnel {
	byType: FunnelRow[];
	sold: number;
	registered: number;
	notRegistered: number;
	/** People (not bots) on the server whose account holds no ticket. */
	membersNeverRegistered: number;
	/** Accounts holding a ticket that are no longer on the server. */
	registeredButLeft: number;
}

/** Sold → registered → never registered, per ticket type; types known only from registrations show 0 sold. */
export function registrationFunnel(input: FunnelInput): RegistrationFunnel {
	const types = new Set([...input.soldByTicketType.keys(), ...input.registeredByTicketType.keys()]);
	const byType = [...types]
		.map((ticketType) => {
			const sold = input.soldByTicketType.get(ticketType) ?? 0;
			const registered = input.registeredByTicketType.get(ticketType) ?? 0;
			return { ticketType, sold, registered, notRegistered: Math.max(0, sold - registered) };
		})
		.sort((a, b) => b.sold - a.sold || b.registered - a.registered || a.ticketType.localeCompare(b.ticketType));
	const memberIds = new Set(input.members.map((member) => member.id));
	let registeredButLeft = 0;
	for (const userId of input.registeredUserIds) if (!memberIds.has(userId)) registeredButLeft++;
	const sum = (pick: (row: FunnelRow) => number) => byType.reduce((total, row) => total + pick(row), 0);
	return {
		byType,
		sold: sum((row) => row.sold),
		registered: sum((row) => row.registered),
		notRegistered: sum((row) => row.notRegistered),
		membersNeverRegistered: input.members.filter((member) => !member.bot && !input.registeredUserIds.has(member.id)).length,
		registeredButLeft
	};
}

export function formatFunnel(funnel: RegistrationFunnel, language: Language = fallbackLanguage): string {
	const t = statisticsTexts(language);
	const head = [
		t('funnelHeading'),
		t('funnelTotals', { sold: funnel.sold, registered: funnel.registered, percent: formatPercent(funnel.registered, funnel.sold), notRegistered: funnel.notRegistered }),
		t('funnelNeverRegistered', { people: funnel.membersNeverRegistered }),
		t('funnelRegisteredButLeft', { accounts: funnel.registeredButLeft }),
		'',
		t('funnelPerType')
	];
	return fitLines(
		head,
		funnel.byType,
		(row) => t('funnelTypeLine', { type: escapeLine(row.ticketType), sold: row.sold, registered: row.registered, percent: formatPercent(row.registered, row.sold) }),
		(rest) => t('andMoreTicketTypes', { types: t('moreTicketTypes', { count: rest.length }), sold: rest.reduce((sum, row) => sum + row.sold, 0) })
	);
}
