// zod schemas for the parts of pretix's REST payloads usher reads. Unknown fields are stripped, never rejected.
import { z } from 'zod';
import { maskOrderCode } from '#lib/registration/privacy';

/** pretix sends translatable strings as `{ "en": "…", "de": "…" }`; older or single-language setups may send a plain string. */
export const I18nStringSchema = z.union([z.string(), z.record(z.string(), z.string().nullable())]);
export type I18nString = z.infer<typeof I18nStringSchema>;

export const VariationSchema = z.object({
	id: z.number().int(),
	value: I18nStringSchema
});

export const ItemSchema = z.object({
	id: z.number().int(),
	name: I18nStringSchema,
	admission: z.boolean(),
	variations: z.array(VariationSchema).optional().default([])
});
export type PretixItem = z.infer<typeof ItemSchema>;

export const PositionSchema = z.object({
	id: z.number().int(),
	positionid: z.number().int().optional(),
	item: z.number().int(),
	variation: z.number().int().nullable().optional().default(null),
	attendee_name: z.string().nullable().optional().default(null),
	// The attendee's own address when pretix asks for one; never the buyer's, which is one person's for a whole group.
	attendee_email: z.string().nullable().optional().default(null),
	canceled: z.boolean().optional().default(false),
	// pretix lists the reasons a position is blocked (e.g. ["admin"]); null or [] means usable.
	blocked: z.array(z.string()).nullable().optional().default(null),
	addon_to: z.number().int().nullable().optional().default(null)
});
export type PretixPosition = z.infer<typeof PositionSchema>;

export const OrderStatusSchema = z.enum(['n', 'p', 'e', 'c']);

const OrderEnvelopeSchema = z.object({
	code: z.string().min(1),
	status: OrderStatusSchema,
	testmode: z.boolean().optional().default(false),
	valid_if_pending: z.boolean().optional().default(false),
	require_approval: z.boolean().optional().default(false),
	last_modified: z.string().nullable().optional().default(null),
	invoice_address: z
		.object({ name: z.string().nullable().optional().default(null) })
		.nullable()
		.optional()
		.default(null),
	positions: z.array(z.unknown())
});

export interface PretixOrder extends Omit<z.infer<typeof OrderEnvelopeSchema>, 'positions'> {
	positions: PretixPosition[];
}

/** One page of a DRF list endpoint; results are validated one by one so a single bad record cannot spoil a page. */
export const PageSchema = z.object({
	count: z.number().int().optional(),
	next: z.string().nullable(),
	results: z.array(z.unknown())
});

/** A record pretix sent that usher could not use; order codes are masked because reports go to logs. */
export interface SkipReport {
	order: string | null;
	positionId: number | null;
	reason: string;
}

function firstIssue(error: z.ZodError): string {
	const issue = error.issues[0];
	return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** Validates an order; a malformed position is dropped and reported, a malformed order is reported whole. */
export function parseOrder(raw: unknown): { order: PretixOrder | null; skipped: SkipReport[] } {
	const envelope = OrderEnvelopeSchema.safeParse(raw);
	if (!envelope.success) {
		const code = typeof (raw as { code?: unknown } | null)?.code === 'string' ? maskOrderCode((raw as { code: string }).code) : null;
		return { order: null, skipped: [{ order: code, positionId: null, reason: `malformed order (${firstIssue(envelope.error)})` }] };
	}
	const skipped: SkipReport[] = [];
	const positions: PretixPosition[] = [];
	for (const rawPosition of envelope.data.positions) {
		const position = PositionSchema.safeParse(rawPosition);
		if (position.success) positions.push(position.data);
		else {
			const id = (rawPosition as { id?: unknown } | null)?.id;
			skipped.push({
				order: maskOrderCode(envelope.data.code),
				positionId: typeof id === 'number' ? id : null,
				reason: `malformed position (${firstIssue(position.error)})`
			});
		}
	}
	return { order: { ...envelope.data, positions }, skipped };
}

/** Validates an item; a malformed one is reported and left out of the catalog. */
export function parseItem(raw: unknown): { item: PretixItem | null; skipped: SkipReport[] } {
	const item = ItemSchema.safeParse(raw);
	if (item.success) return { item: item.data, skipped: [] };
	return { item: null, skipped: [{ order: null, positionId: null, reason: `malformed item (${firstIssue(item.error)})` }] };
}

export const WebhookBodySchema = z.object({
	notification_id: z.number().int().optional(),
	organizer: z.string().min(1),
	event: z.string().min(1),
	code: z.string().min(1),
	action: z.string().min(1)
});
export type PretixWebhookBody = z.infer<typeof WebhookBodySchema>;
