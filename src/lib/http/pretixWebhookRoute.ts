import { parseWebhook, sameSecret, type WebhookTarget } from '#lib/pretix/webhook';
import { jsonResponse, type RouteHandler } from './BotHttpServer';

export interface PretixWebhookRouteOptions extends WebhookTarget {
	/** Shared secret, put in the webhook URL configured in pretix (`?secret=`) or sent as `X-Usher-Secret`. */
	secret: string;
	onOrderChanged: (code: string, action: string) => Promise<unknown>;
	/** The re-fetch runs after pretix got its answer, so its failures are only reported here. */
	onError: (error: unknown) => void;
}

/** The pretix webhook as a BotHttpServer route: checks the secret, answers at once, then triggers the order re-fetch. */
export function pretixWebhookRoute(options: PretixWebhookRouteOptions): RouteHandler {
	if (!options.secret) throw new Error('pretix webhook secret must not be empty');
	return ({ query, headers, body }) => {
		const headerSecret = headers['x-usher-secret'];
		const given = query.get('secret') ?? (typeof headerSecret === 'string' ? headerSecret : '');
		if (!sameSecret(given, options.secret)) return jsonResponse(401, { detail: 'Invalid secret.' });
		let payload: unknown;
		try {
			payload = JSON.parse(body.toString('utf8'));
		} catch {
			return jsonResponse(400, { detail: 'Body is not JSON.' });
		}
		const outcome = parseWebhook(payload, options);
		if (outcome.kind === 'invalid') return jsonResponse(400, { detail: outcome.reason });
		if (outcome.kind === 'refetch') void options.onOrderChanged(outcome.code, outcome.action).catch(options.onError);
		return jsonResponse(200, { status: outcome.kind === 'refetch' ? 'accepted' : 'ignored' });
	};
}
