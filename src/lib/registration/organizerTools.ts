import { PretixError } from '../pretix/errors';
import type { ApplyResult } from './applyToMember';
import { fitNickname } from './applyToMember';
import type { ClaimLedger, Registration } from './ClaimLedger';
import { normalizeName, normalizeOrderCode } from './normalize';
import type { ResolvedRoles, TicketFinder } from './RegistrationFlow';
import { toLedgerTicket } from './RegistrationFlow';
import type { Ticket } from './Ticket';

/** Any combination narrows the search; an empty query finds nothing. */
export interface LookupQuery {
	userId?: string;
	order?: string;
	name?: string;
}

export interface LookupResult {
	registrations: Registration[];
	/** The order code searched for, normalised, and whether pretix knows it (the index holds its valid tickets). */
	order: { code: string; known: boolean } | null;
}

export interface UnlinkTarget {
	userId?: string;
	order?: string;
	/** Narrows an order to one attendee (several people may share a group order). */
	name?: string;
}

export interface UnlinkResult {
	released: Registration[];
	/** Per account: role ids the released tickets gave that no remaining ticket still gives. */
	rolesNoLongerGranted: Map<string, string[]>;
}

export interface ManualRegistrationRequest {
	userId: string;
	orderInput: string;
	nameInput: string;
	actor: string;
	reason: string;
	apply(roleIds: string[], nickname: string | null): Promise<ApplyResult>;
}

export type ManualRegistrationOutcome =
	| { kind: 'registered'; tickets: Ticket[]; roleNames: string[]; again: boolean }
	| { kind: 'bad-input' }
	| { kind: 'not-found'; orderCode: string; orderKnown: boolean }
	| { kind: 'held-by-other'; tickets: Ticket[]; holderId: string }
	| { kind: 'roles-missing'; unresolved: string[] }
	| { kind: 'no-roles'; tickets: Ticket[] }
	| { kind: 'discord-refused'; reason: string }
	| { kind: 'pretix-unavailable'; orderCode: string };

export interface OrganizerRegistrationsDeps {
	// Organizers see the raw lookup; only members need the reason behind a miss.
	finder: Omit<TicketFinder, 'explainMiss'>;
	ledger: ClaimLedger;
	rolesFor(tickets: readonly Ticket[]): ResolvedRoles;
	now(): Date;
}

/** Help-desk operations on the claim ledger: who holds what, freeing tickets, and registering someone by hand. */
export class OrganizerRegistrations {
	public constructor(private readonly deps: OrganizerRegistrationsDeps) {}

	/** Registrations matching every given criterion, ordered by order code and position. */
	public lookup(query: LookupQuery): LookupResult {
		const orderCode = query.order === undefined ? null : normalizeOrderCode(query.order);
		const nameKey = query.name === undefined ? null : normalizeName(query.name);
		const order = orderCode ? { code: orderCode, known: this.deps.finder.hasOrder(orderCode) } : null;
		if ((query.order !== undefined && !orderCode) || (query.name !== undefined && !nameKey)) return { registrations: [], order };
		const { ledger } = this.deps;
		const sources: Registration[][] = [];
		if (query.userId !== undefined) sources.push(ledger.ticketsOf(query.userId));
		if (orderCode) sources.push(ledger.findByOrder(orderCode));
		if (nameKey) sources.push(ledger.findByName(nameKey));
		if (sources.length === 0) return { registrations: [], order };
		const key = (registration: Registration) => `${registration.orderCode}-${registration.positionId}`;
		const [first, ...rest] = sources;
		const inAll = first!.filter((candidate) => rest.every((source) => source.some((other) => key(other) === key(candidate))));
		inAll.sort((a, b) => a.orderCode.localeCompare(b.orderCode) || a.positionId - b.positionId);
		return { registrations: inAll, order };
	}

	/** Frees the targeted tickets (all of an account's, or an order's, optionally one attendee's) and says which roles they gave. */
	public unlink(target: UnlinkTarget, options: { actor: string; reason: string }): UnlinkResult {
		const { ledger, now } = this.deps;
		const matches = this.lookup(target).registrations;
		if (matches.length === 0) return { released: [], rolesNoLongerGranted: new Map() };
		const released = ledger.release([...new Set(matches.map((registration) => registration.ticketKey))], {
			actor: options.actor,
			reason: options.reason,
			now: now(),
			kind: 'organizer-unlink'
		});
		const rolesNoLongerGranted = new Map<string, string[]>();
		for (const userId of new Set(released.map((registration) => registration.userId))) {
			const kept = new Set(ledger.ticketsOf(userId).flatMap((registration) => registration.roles));
			const freed = new Set(released.filter((registration) => registration.userId === userId).flatMap((registration) => registration.roles));
			rolesNoLongerGranted.set(userId, [...freed].filter((roleId) => !kept.has(roleId)));
		}
		return { released, rolesNoLongerGranted };
	}

	/**
	 * Registers an account by hand with the same lookup and atomic claim as the form, minus the attempt limit; the claim
	 * is recorded with the organizer and reason, and rolled back if Discord refuses the roles.
	 */
	public async register(request: ManualRegistrationRequest): Promise<ManualRegistrationOutcome> {
		const { finder, ledger, now } = this.deps;
		const orderCode = normalizeOrderCode(request.orderInput);
		if (!orderCode || !normalizeName(request.nameInput) || !request.reason.trim()) return { kind: 'bad-input' };
		let tickets: Ticket[];
		try {
			tickets = await finder.lookupOrFetch(request.orderInput, request.nameInput);
		} catch (error) {
			if (error instanceof PretixError) return { kind: 'pretix-unavailable', orderCode };
			throw error;
		}
		if (tickets.length === 0) return { kind: 'not-found', orderCode, orderKnown: finder.hasOrder(orderCode) };
		const roles = this.deps.rolesFor(tickets);
		if (roles.unresolved.length) return { kind: 'roles-missing', unresolved: roles.unresolved };
		if (!roles.roleIds.length) return { kind: 'no-roles', tickets };
		const ledgerTickets = tickets.map(toLedgerTicket);
		const claim = ledger.claim(request.userId, ledgerTickets, { source: 'organizer', actor: request.actor, reason: request.reason.trim(), now: now() });
		if (!claim.ok) return { kind: 'held-by-other', tickets, holderId: claim.holderId };
		const nickname = fitNickname(tickets[0]!.attendeeName) || null;
		const applied = await request.apply(roles.roleIds, nickname);
		if (!applied.ok) {
			if (claim.claimed.length) ledger.release(claim.claimed, { actor: request.actor, reason: `Discord refused: ${applied.detail}`, now: now() });
			return { kind: 'discord-refused', reason: applied.reason };
		}
		ledger.setAppliedRoles(request.userId, ledgerTickets.map((ticket) => ticket.key), roles.roleIds, applied.nicknameSet ? nickname : null, now());
		return { kind: 'registered', tickets, roleNames: roles.roleNames, again: claim.alreadyRegistered };
	}
}
