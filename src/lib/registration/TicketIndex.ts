import type { PretixOrder, SkipReport } from '#lib/pretix/schemas';
import { Catalog } from './Catalog';
import { normalizeName, normalizeOrderCode } from './normalize';
import { attendeeKey, ticketsFromOrder, ticketTypeLabel, type Ticket, type TicketRefusal } from './Ticket';

/** The original bot's bound: at most 5 name parts, so at most 120 orderings per lookup. */
const MAX_NAME_PARTS = 5;

/** Why a lookup found no ticket: what pretix says about the matching position, or what did not match. */
export type TicketMiss = TicketRefusal | 'unknown-order' | 'unknown-name';

export interface TicketTypeCount {
	type: string;
	count: number;
}

export interface TicketStats {
	orders: number;
	tickets: number;
	/** Distinct ticket keys, i.e. people who could register. */
	people: number;
	soldByTicketType: TicketTypeCount[];
}

/** In-memory tickets keyed by order code + normalised name; all reads are map lookups. */
export class TicketIndex {
	private byKey = new Map<string, Ticket[]>();
	private keysByOrder = new Map<string, string[]>();
	/** Per order, the named positions that grant nothing and why; never looked up as tickets. */
	private refusalsByOrder = new Map<string, Map<string, TicketRefusal>>();
	private ticketCount = 0;
	private currentCatalog: Catalog;

	public constructor(catalog: Catalog = new Catalog([])) {
		this.currentCatalog = catalog;
	}

	public get catalog(): Catalog {
		return this.currentCatalog;
	}

	/** Number of tickets (usable positions) held. */
	public get size(): number {
		return this.ticketCount;
	}

	/** True when the order grants at least one ticket. */
	public hasOrder(orderCode: string): boolean {
		return this.keysByOrder.has(orderCode.toUpperCase());
	}

	/** Full resync: whatever is not in `orders` any more (cancelled, renamed, blocked) disappears. Swaps in atomically. */
	public replaceAll(orders: Iterable<PretixOrder>, catalog: Catalog): SkipReport[] {
		const next = new TicketIndex(catalog);
		const skipped: SkipReport[] = [];
		for (const order of orders) skipped.push(...next.upsertOrder(order));
		this.byKey = next.byKey;
		this.keysByOrder = next.keysByOrder;
		this.refusalsByOrder = next.refusalsByOrder;
		this.ticketCount = next.ticketCount;
		this.currentCatalog = catalog;
		return skipped;
	}

	/** Replaces everything known about one order with its current state. */
	public upsertOrder(order: PretixOrder): SkipReport[] {
		const { tickets, refused, skipped } = ticketsFromOrder(order, this.currentCatalog);
		const orderCode = order.code.toUpperCase();
		this.removeOrder(orderCode);
		if (refused.length > 0) {
			const refusals = new Map<string, TicketRefusal>();
			for (const { key, refusal } of refused) if (!refusals.has(key)) refusals.set(key, refusal);
			this.refusalsByOrder.set(orderCode, refusals);
		}
		if (tickets.length === 0) return skipped;
		const keys: string[] = [];
		for (const ticket of tickets) {
			const list = this.byKey.get(ticket.key);
			if (list) list.push(ticket);
			else {
				this.byKey.set(ticket.key, [ticket]);
				keys.push(ticket.key);
			}
		}
		this.keysByOrder.set(orderCode, keys);
		this.ticketCount += tickets.length;
		return skipped;
	}

	public removeOrder(orderCode: string): void {
		const code = orderCode.toUpperCase();
		this.refusalsByOrder.delete(code);
		const keys = this.keysByOrder.get(code);
		if (!keys) return;
		for (const key of keys) {
			this.ticketCount -= this.byKey.get(key)?.length ?? 0;
			this.byKey.delete(key);
		}
		this.keysByOrder.delete(code);
	}

	/** How many people (an order and a name) hold tickets under each normalised name. */
	public peopleByName(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const key of this.byKey.keys()) {
			// Order codes have no dash: the name is everything after the first one.
			const name = key.slice(key.indexOf('-') + 1);
			counts.set(name, (counts.get(name) ?? 0) + 1);
		}
		return counts;
	}

	/**
	 * All tickets of the person named in that order. Accepts order codes as typed (`#abc12-1`) and names in any word
	 * order, accents and case; returns [] when nothing matches.
	 */
	public lookup(orderInput: string, nameInput: string): Ticket[] {
		const orderCode = normalizeOrderCode(orderInput);
		if (!orderCode || !this.keysByOrder.has(orderCode)) return [];
		for (const candidate of nameCandidates(nameInput)) {
			const tickets = this.byKey.get(attendeeKey(orderCode, candidate));
			if (tickets) return [...tickets];
		}
		return [];
	}

	/** Why `lookup` found nothing for this input: the refusal pretix's data gives for that name, or what did not match. */
	public explainMiss(orderInput: string, nameInput: string): TicketMiss {
		const orderCode = normalizeOrderCode(orderInput);
		const refusals = orderCode ? this.refusalsByOrder.get(orderCode) : undefined;
		if (orderCode && refusals) {
			for (const candidate of nameCandidates(nameInput)) {
				const refusal = refusals.get(attendeeKey(orderCode, candidate));
				if (refusal) return refusal;
			}
		}
		return orderCode && (refusals || this.keysByOrder.has(orderCode)) ? 'unknown-name' : 'unknown-order';
	}

	/** Admission tickets per ticket type (`Item` or `Item / Variation`), most sold first. */
	public soldByTicketType(): TicketTypeCount[] {
		const counts = new Map<string, number>();
		for (const tickets of this.byKey.values()) {
			for (const ticket of tickets) {
				if (!ticket.admission) continue;
				const type = ticketTypeLabel(ticket);
				counts.set(type, (counts.get(type) ?? 0) + 1);
			}
		}
		return [...counts].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
	}

	public stats(): TicketStats {
		return { orders: this.keysByOrder.size, tickets: this.ticketCount, people: this.byKey.size, soldByTicketType: this.soldByTicketType() };
	}
}

/** Normalised spellings of a typed name in every word order (the original bot's rule), most likely first, no repeats. */
export function nameCandidates(nameInput: string): string[] {
	const words = nameInput.trim().split(/\s+/);
	const parts = [...words.slice(0, MAX_NAME_PARTS - 1), words.slice(MAX_NAME_PARTS - 1).join('')].map(normalizeName).filter(Boolean);
	if (parts.length === 0) return [];
	const seen = new Set<string>();
	const permute = (prefix: string, rest: string[]) => {
		if (rest.length === 0) {
			seen.add(prefix);
			return;
		}
		rest.forEach((part, i) => permute(prefix + part, [...rest.slice(0, i), ...rest.slice(i + 1)]));
	};
	permute('', parts);
	return [...seen];
}
