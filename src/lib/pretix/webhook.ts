import { createHash, timingSafeEqual } from 'node:crypto';
import { normalizeOrderCode } from '#lib/registration/normalize';
import { WebhookBodySchema } from './schemas';

export interface WebhookTarget {
	organizer: string;
	event: string;
}

export type WebhookOutcome =
	| { kind: 'refetch'; code: string; action: string }
	| { kind: 'ignored'; reason: string }
	| { kind: 'invalid'; reason: string };

/**
 * Reads a pretix webhook body. pretix's docs say to treat it only as a trigger, so all it yields is the order code to
 * re-fetch; other organizers' or events' notifications are ignored (one webhook may cover all of an organizer's events).
 */
export function parseWebhook(body: unknown, target: WebhookTarget): WebhookOutcome {
	const parsed = WebhookBodySchema.safeParse(body);
	if (!parsed.success) return { kind: 'invalid', reason: 'not a pretix webhook body' };
	const { organizer, event, code, action } = parsed.data;
	if (organizer !== target.organizer || event !== target.event) return { kind: 'ignored', reason: 'other organizer or event' };
	const orderCode = normalizeOrderCode(code);
	if (!orderCode) return { kind: 'invalid', reason: 'not an order code' };
	return { kind: 'refetch', code: orderCode, action };
}

export function sameSecret(given: string, expected: string): boolean {
	// Hashing first gives equal lengths, so timingSafeEqual never leaks the secret's length either.
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}
