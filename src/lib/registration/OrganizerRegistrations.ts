import type { ClaimLedger, Registration } from './ClaimLedger';
import type { MemberRoles } from './MemberRoles';
import { normalizeName, normalizeOrderCode } from './normalize';
import type { TicketFinder } from './RegistrationFlow';

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
	/** Per account: role ids the released tickets gave that neither a remaining ticket nor another feature (Speakers) still gives. */
	rolesNoLongerGranted: Map<string, string[]>;
}

export interface OrganizerRegistrationsDeps {
	// Organizers see the raw lookup; only members need the reason behind a miss.
	finder: Pick<TicketFinder, 'hasOrder'>;
	ledger: ClaimLedger;
	/** Roles other features want a member to hold (a linked speaker's): never listed as no longer granted. */
	memberRoles?: Pick<MemberRoles, 'extras'>;
	now(): Date;
}

/** Help-desk operations on the claim ledger: who holds what, and freeing tickets (registering by hand is `RegistrationFlow.registerFor`). */
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
			const kept = new Set([...ledger.ticketsOf(userId).flatMap((registration) => registration.roles), ...(this.deps.memberRoles?.extras(userId) ?? [])]);
			const freed = new Set(released.filter((registration) => registration.userId === userId).flatMap((registration) => registration.roles));
			rolesNoLongerGranted.set(userId, [...freed].filter((roleId) => !kept.has(roleId)));
		}
		return { released, rolesNoLongerGranted };
	}
}
