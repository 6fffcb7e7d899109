import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeOrderCode } from '../registration/normalize';
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

export interface WebhookHandlerOptions extends WebhookTarget {
	/** Shared secret, put in the webhook URL configured in pretix (`?secret=`) or sent as `X-Usher-Secret`. */
	secret: string;
	onOrderChanged: (code: string, action: string) => Promise<void> | void;
	/** Failures of onOrderChanged happen after the answer was sent, so they are only reported here. */
	onError?: (error: unknown) => void;
	maxBodyBytes?: number;
}

export function sameSecret(given: string, expected: string): boolean {
	// Hashing first gives equal lengths, so timingSafeEqual never leaks the secret's length either.
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

function answer(res: ServerResponse, status: number, body: Record<string, string>): void {
	res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** A `node:http` handler for pretix webhooks: checks the secret, answers at once, then triggers the re-fetch. */
export function createPretixWebhookHandler(options: WebhookHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
	if (!options.secret) throw new Error('pretix webhook secret must not be empty');
	const maxBodyBytes = options.maxBodyBytes ?? 16_384;
	return (req, res) => {
		if (req.method !== 'POST') {
			res.setHeader('Allow', 'POST');
			answer(res, 405, { detail: 'Method not allowed.' });
			req.resume();
			return;
		}
		const querySecret = new URL(req.url ?? '/', 'http://localhost').searchParams.get('secret');
		const headerSecret = req.headers['x-usher-secret'];
		const given = querySecret ?? (typeof headerSecret === 'string' ? headerSecret : '');
		if (!sameSecret(given, options.secret)) {
			answer(res, 401, { detail: 'Invalid secret.' });
			req.resume();
			return;
		}
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBodyBytes) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooLarge) return answer(res, 413, { detail: 'Body too large.' });
			let body: unknown;
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				return answer(res, 400, { detail: 'Body is not JSON.' });
			}
			const outcome = parseWebhook(body, options);
			if (outcome.kind === 'invalid') return answer(res, 400, { detail: outcome.reason });
			answer(res, 200, { status: outcome.kind === 'refetch' ? 'accepted' : 'ignored' });
			if (outcome.kind === 'refetch') {
				Promise.resolve()
					.then(() => options.onOrderChanged(outcome.code, outcome.action))
					.catch((error: unknown) => options.onError?.(error));
			}
		});
	};
}
