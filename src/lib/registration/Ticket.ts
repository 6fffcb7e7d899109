import type { PretixOrder, PretixPosition, SkipReport } from '#lib/pretix/schemas';
import type { Catalog } from './Catalog';
import { normalizeName } from './normalize';
import { maskOrderCode } from './privacy';

export type TicketStatus = 'paid' | 'pending';

/** One usable order position, as the registration flow sees it. */
export interface Ticket {
	/** All of one person's tickets in an order share it, so one lookup finds them together. */
	key: AttendeeKey;
	orderCode: string;
	positionId: number;
	itemId: number;
	variationId: number | null;
	itemName: string;
	variationName: string | null;
	attendeeName: string;
	admission: boolean;
	status: TicketStatus;
	/** The attendee's email when pretix has one (kept with the order's snapshot); only ever compared, to tell a speaker from a namesake. */
	email?: string;
}

/** What is said about a ticket once it is claimed: in replies, log entries and the role queue. */
export type TicketSummary = Pick<Ticket, 'orderCode' | 'positionId' | 'itemName' | 'variationName' | 'attendeeName'>;

/** A ticket type as pretix names it and config keys it: `Item / Variation`, or the item alone. */
export type TicketType = Pick<Ticket, 'itemName' | 'variationName'>;

const TYPE_SEPARATOR = ' / ';

/** The one spelling of a ticket type, in replies, logs, statistics and `[registration.roles.variations]` keys. */
export function ticketTypeLabel(type: TicketType): string {
	return type.variationName ? type.itemName + TYPE_SEPARATOR + type.variationName : type.itemName;
}

declare const attendeeKeyBrand: unique symbol;
/** `ORDER-normalisedname`: the ticket index's key for one person in one order (the ledger's key is `PositionKey`). */
export type AttendeeKey = string & { readonly [attendeeKeyBrand]: true };

export function attendeeKey(orderCode: string, normalizedName: string): AttendeeKey {
	return `${orderCode}-${normalizedName}` as AttendeeKey;
}

/** Why pretix's data says a position that matches a member's name cannot be registered. */
export type TicketRefusal =
	| 'test-mode'
	| 'order-canceled'
	| 'order-expired'
	| 'order-awaiting-approval'
	| 'order-pending'
	| 'ticket-canceled'
	| 'ticket-blocked';

/** A named position that grants nothing, kept so the member can be told the true reason. */
export interface RefusedTicket {
	key: AttendeeKey;
	refusal: TicketRefusal;
}

function orderTicketStatus(order: PretixOrder): { status: TicketStatus } | { refusal: TicketRefusal } {
	if (order.testmode) return { refusal: 'test-mode' };
	if (order.status === 'p') return { status: 'paid' };
	if (order.status === 'n' && order.valid_if_pending) return { status: 'pending' };
	if (order.status === 'n') return { refusal: order.require_approval ? 'order-awaiting-approval' : 'order-pending' };
	return { refusal: order.status === 'c' ? 'order-canceled' : 'order-expired' };
}

function positionRefusal(position: PretixPosition): TicketRefusal | null {
	if (position.canceled) return 'ticket-canceled';
	return position.blocked && position.blocked.length > 0 ? 'ticket-blocked' : null;
}

/**
 * The tickets an order grants: paid orders, and pending ones pretix marks valid_if_pending; never cancelled or blocked
 * positions, which come back as `refused` with the reason. A nameless admission ticket belongs to the invoice-address
 * name; nameless add-ons belong to nobody.
 */
export function ticketsFromOrder(order: PretixOrder, catalog: Catalog): { tickets: Ticket[]; refused: RefusedTicket[]; skipped: SkipReport[] } {
	const standing = orderTicketStatus(order);
	const tickets: Ticket[] = [];
	const refused: RefusedTicket[] = [];
	const skipped: SkipReport[] = [];
	const orderCode = order.code.toUpperCase();
	const nameOf = (position: PretixPosition, admission: boolean) => position.attendee_name?.trim() || (admission ? order.invoice_address?.name?.trim() : '') || '';
	const refuse = (position: PretixPosition, refusal: TicketRefusal) => {
		const normalized = normalizeName(nameOf(position, catalog.item(position.item)?.admission ?? false));
		if (normalized) refused.push({ key: attendeeKey(orderCode, normalized), refusal });
	};
	if ('refusal' in standing) {
		for (const position of order.positions) refuse(position, standing.refusal);
		return { tickets, refused, skipped };
	}
	for (const position of order.positions) {
		const refusal = positionRefusal(position);
		if (refusal) {
			refuse(position, refusal);
			continue;
		}
		const item = catalog.item(position.item);
		if (!item) {
			skipped.push({ order: maskOrderCode(orderCode), positionId: position.id, reason: `unknown item ${position.item}` });
			continue;
		}
		const variation = position.variation === null ? undefined : catalog.variation(position.item, position.variation);
		if (position.variation !== null && !variation) {
			skipped.push({ order: maskOrderCode(orderCode), positionId: position.id, reason: `unknown variation ${position.variation} of item ${item.id}` });
			continue;
		}
		const attendeeName = nameOf(position, item.admission);
		const normalized = normalizeName(attendeeName);
		if (!normalized) continue;
		tickets.push({
			key: attendeeKey(orderCode, normalized),
			orderCode,
			positionId: position.id,
			itemId: item.id,
			variationId: variation?.id ?? null,
			itemName: item.name,
			variationName: variation?.name ?? null,
			attendeeName,
			admission: item.admission,
			status: standing.status,
			...(position.attendee_email?.trim() ? { email: position.attendee_email.trim() } : {})
		});
	}
	return { tickets, refused, skipped };
}
