import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { formatCount, formatPercent, plural } from './text';

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

export function formatFunnel(funnel: RegistrationFunnel): string {
	const head = [
		'**Registration funnel**',
		`Tickets sold: ${formatCount(funnel.sold)} → registered on Discord: ${formatCount(funnel.registered)} (${formatPercent(funnel.registered, funnel.sold)}) → not yet: ${formatCount(funnel.notRegistered)}`,
		`People on the server who never registered: ${formatCount(funnel.membersNeverRegistered)}`,
		`Registered accounts no longer on the server: ${formatCount(funnel.registeredButLeft)}`,
		'',
		'**Per ticket type** (sold → registered)'
	];
	return fitLines(
		head,
		funnel.byType,
		(row) => `• ${escapeLine(row.ticketType)}: ${formatCount(row.sold)} → ${formatCount(row.registered)} (${formatPercent(row.registered, row.sold)})`,
		(rest) => `…and ${plural(rest.length, 'more ticket type', 'more ticket types')} (${formatCount(rest.reduce((sum, row) => sum + row.sold, 0))} sold)`
	);
}
