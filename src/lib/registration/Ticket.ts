import type { PretixOrder, SkipReport } from '../pretix/schemas';
import type { Catalog } from './Catalog';
import { normalizeName } from './normalize';
import { maskOrderCode } from './privacy';

export type TicketStatus = 'paid' | 'pending';

/** One usable order position, as the registration flow sees it. */
export interface Ticket {
	/** `ORDER-normalisedname`: all of one person's tickets in an order share it, so it is the unit that gets claimed. */
	key: string;
	orderCode: string;
	positionId: number;
	itemId: number;
	variationId: number | null;
	itemName: string;
	variationName: string | null;
	attendeeName: string;
	admission: boolean;
	status: TicketStatus;
}

export function ticketKey(orderCode: string, normalizedName: string): string {
	return `${orderCode}-${normalizedName}`;
}

function orderTicketStatus(order: PretixOrder): TicketStatus | null {
	if (order.testmode) return null;
	if (order.status === 'p') return 'paid';
	if (order.status === 'n' && order.valid_if_pending) return 'pending';
	return null;
}

/**
 * The tickets an order grants: paid orders, and pending ones pretix marks valid_if_pending; never cancelled or blocked
 * positions. A nameless admission ticket belongs to the invoice-address name; nameless add-ons belong to nobody.
 */
export function ticketsFromOrder(order: PretixOrder, catalog: Catalog): { tickets: Ticket[]; skipped: SkipReport[] } {
	const status = orderTicketStatus(order);
	const tickets: Ticket[] = [];
	const skipped: SkipReport[] = [];
	if (!status) return { tickets, skipped };
	const orderCode = order.code.toUpperCase();
	for (const position of order.positions) {
		if (position.canceled || (position.blocked && position.blocked.length > 0)) continue;
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
		const attendeeName = position.attendee_name?.trim() || (item.admission ? order.invoice_address?.name?.trim() : '') || '';
		const normalized = normalizeName(attendeeName);
		if (!normalized) continue;
		tickets.push({
			key: ticketKey(orderCode, normalized),
			orderCode,
			positionId: position.id,
			itemId: item.id,
			variationId: variation?.id ?? null,
			itemName: item.name,
			variationName: variation?.name ?? null,
			attendeeName,
			admission: item.admission,
			status
		});
	}
	return { tickets, skipped };
}
