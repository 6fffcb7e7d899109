import ky, { HTTPError, TimeoutError } from 'ky';
import { ScheduleFormatError, ScheduleUnavailableError } from './errors';

export interface HttpOptions {
	timeoutMs?: number;
	/** Retries after the first attempt, for 5xx, 429 and 408. */
	retries?: number;
	/** Base delay of the exponential backoff when the server sends no Retry-After. */
	retryDelayMs?: number;
	/** Longest Retry-After honoured; a longer one fails this attempt and the next refresh tries again. */
	maxRetryAfterMs?: number;
}

export type JsonFetch = { status: 'unchanged' } | { status: 'fresh'; json: unknown; etag?: string };

/** The value to send as If-None-Match: pretalx compares it with the unquoted hash, so quotes (and a weak prefix) go. */
export function ifNoneMatchValue(etag: string): string {
	return etag.replace(/^W\//, '').replaceAll('"', '');
}

/** GET a JSON document with timeout, retries honouring Retry-After and an optional conditional request. */
export async function fetchJson(url: string, headers: Record<string, string>, options: HttpOptions & { etag?: string }): Promise<JsonFetch> {
	const retryDelayMs = options.retryDelayMs ?? 500;
	let response: Response;
	try {
		response = await ky.get(url, {
			headers: { Accept: 'application/json', ...headers, ...(options.etag ? { 'If-None-Match': ifNoneMatchValue(options.etag) } : {}) },
			timeout: options.timeoutMs ?? 20_000,
			retry: {
				limit: options.retries ?? 2,
				statusCodes: [408, 429, 500, 502, 503, 504],
				afterStatusCodes: [429, 503],
				maxRetryAfter: options.maxRetryAfterMs ?? 60_000,
				delay: (attempt) => retryDelayMs * 2 ** (attempt - 1)
			}
		});
	} catch (error) {
		if (error instanceof HTTPError && error.response.status === 304) return { status: 'unchanged' };
		throw toUnavailable(error, url, options.timeoutMs ?? 20_000);
	}
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		throw new ScheduleFormatError(`schedule at ${displayUrl(url)} is not JSON (starts with "${text.slice(0, 40)}")`);
	}
	const etag = response.headers.get('etag') ?? undefined;
	return { status: 'fresh', json, ...(etag ? { etag } : {}) };
}

function toUnavailable(error: unknown, url: string, timeoutMs: number): ScheduleUnavailableError {
	const where = displayUrl(url);
	if (error instanceof HTTPError) return new ScheduleUnavailableError(`${where} answered HTTP ${error.response.status}`, error.response.status, { cause: error });
	if (error instanceof TimeoutError) return new ScheduleUnavailableError(`${where} did not answer within ${timeoutMs} ms`, undefined, { cause: error });
	const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
	return new ScheduleUnavailableError(`could not reach ${where}: ${reason}`, undefined, { cause: error });
}

/** Origin and path only: query strings may carry tokens in some setups and never belong in logs. */
function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.origin}${parsed.pathname}`;
	} catch {
		return 'the schedule URL';
	}
}
