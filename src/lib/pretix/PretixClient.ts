import ky from 'ky';
import { maskOrderCode } from '#lib/registration/privacy';
import { PretixAuthError, PretixResponseError, PretixUnavailableError } from './errors';
import { PageSchema, parseItem, parseOrder, type PretixItem, type PretixOrder, type SkipReport } from './schemas';

export interface PretixClientOptions {
	/** Event API root, e.g. `https://pretix.eu/api/v1/organizers/europython/events/ep2026`. */
	baseUrl: string;
	token: string;
	/** Per request, body included. */
	timeoutMs?: number;
	/** Extra attempts after the first one for timeouts, network errors, 429 and 5xx. */
	retries?: number;
	/** First backoff step for 5xx and network errors; doubles on each attempt. */
	backoffMs?: number;
	/** A `Retry-After` longer than this is not waited out: the call fails as unavailable instead. */
	maxRetryAfterMs?: number;
	sleep?: (ms: number) => Promise<void>;
	now?: () => Date;
}

export interface OrderList {
	orders: PretixOrder[];
	/** `X-Page-Generated` of the first page: pretix's own clock, to pass as the next `modified_since`. */
	generatedAt: string;
	skipped: SkipReport[];
}

export interface ItemList {
	items: PretixItem[];
	skipped: SkipReport[];
}

/** What the sync needs from pretix; the stand-in tests and the CLI use the same client. */
export interface PretixSource {
	listItems(): Promise<ItemList>;
	listOrders(options?: { modifiedSince?: string }): Promise<OrderList>;
	getOrder(code: string): Promise<PretixOrder | null>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Read-only pretix REST client: follows pagination, honours rate limits, retries transient failures. */
export class PretixClient implements PretixSource {
	private readonly baseUrl: string;
	private readonly origin: string;
	private readonly token: string;
	private readonly timeoutMs: number;
	private readonly retries: number;
	private readonly backoffMs: number;
	private readonly maxRetryAfterMs: number;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly now: () => Date;

	public constructor(options: PretixClientOptions) {
		this.baseUrl = options.baseUrl.replace(/\/+$/, '');
		this.origin = new URL(this.baseUrl).origin;
		this.token = options.token;
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.retries = options.retries ?? 3;
		this.backoffMs = options.backoffMs ?? 500;
		this.maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
		this.sleep = options.sleep ?? defaultSleep;
		this.now = options.now ?? (() => new Date());
	}

	public async listItems(): Promise<ItemList> {
		const items: PretixItem[] = [];
		const skipped: SkipReport[] = [];
		await this.paginate(`${this.baseUrl}/items/`, (raw) => {
			const parsed = parseItem(raw);
			if (parsed.item) items.push(parsed.item);
			skipped.push(...parsed.skipped);
		});
		return { items, skipped };
	}

	public async listOrders(options: { modifiedSince?: string } = {}): Promise<OrderList> {
		const params = new URLSearchParams({ testmode: 'false', include_canceled_positions: 'true' });
		if (options.modifiedSince) params.set('modified_since', options.modifiedSince);
		const orders: PretixOrder[] = [];
		const skipped: SkipReport[] = [];
		const generatedAt = await this.paginate(`${this.baseUrl}/orders/?${params}`, (raw) => {
			const parsed = parseOrder(raw);
			if (parsed.order) orders.push(parsed.order);
			skipped.push(...parsed.skipped);
		});
		return { orders, generatedAt, skipped };
	}

	/** One order by code, or null when pretix does not know it. A malformed order also yields null. */
	public async getOrder(code: string): Promise<PretixOrder | null> {
		const url = `${this.baseUrl}/orders/${encodeURIComponent(code)}/?include_canceled_positions=true`;
		const response = await this.request(url, true);
		if (!response) return null;
		return parseOrder(response.body).order;
	}

	/** Walks `next` links as given (they already carry the query) and returns the first page's generation time. */
	private async paginate(firstUrl: string, onResult: (raw: unknown) => void): Promise<string> {
		let url: string | null = firstUrl;
		let generatedAt: string | null = null;
		while (url) {
			const startedAt = this.now().toISOString();
			const response = (await this.request(url, false))!;
			generatedAt ??= response.generatedAt ?? startedAt;
			const page = PageSchema.safeParse(response.body);
			if (!page.success) throw new PretixResponseError(`pretix sent an unexpected page from ${describe(url)}`, response.status);
			for (const raw of page.data.results) onResult(raw);
			url = page.data.next;
			// The token goes wherever `next` points, so only ever follow links back to the same pretix.
			if (url && new URL(url).origin !== this.origin) throw new PretixResponseError(`pretix pagination left ${this.origin}`, response.status);
		}
		return generatedAt!;
	}

	private async request(url: string, allowNotFound: boolean): Promise<{ status: number; body: unknown; generatedAt: string | null } | null> {
		let lastProblem = 'no attempt made';
		let lastStatus: number | null = null;
		for (let attempt = 0; attempt <= this.retries; attempt++) {
			let response: Response;
			let text: string;
			try {
				response = await ky.get(url, {
					headers: { Authorization: `Token ${this.token}`, Accept: 'application/json' },
					retry: 0,
					timeout: false,
					throwHttpErrors: false,
					signal: AbortSignal.timeout(this.timeoutMs)
				});
				text = await response.text();
			} catch (error) {
				lastProblem = isTimeout(error) ? `timed out after ${this.timeoutMs} ms` : `network error (${(error as Error).message})`;
				lastStatus = null;
				if (attempt < this.retries) await this.sleep(this.backoffMs * 2 ** attempt);
				continue;
			}
			const { status } = response;
			if (status === 401 || status === 403) {
				throw new PretixAuthError(`pretix rejected the API token (HTTP ${status}: ${detailOf(text) ?? 'no detail'})`, status);
			}
			if (status === 404 && allowNotFound) return null;
			if (status === 429 || status >= 500) {
				lastStatus = status;
				lastProblem = `HTTP ${status}`;
				if (attempt === this.retries) break;
				if (status === 429) {
					const waitMs = this.retryAfterMs(response.headers.get('retry-after')) ?? this.backoffMs * 2 ** attempt;
					if (waitMs > this.maxRetryAfterMs) {
						throw new PretixUnavailableError(`pretix is rate-limiting us for ${Math.ceil(waitMs / 1000)} s`, status);
					}
					await this.sleep(waitMs);
				} else {
					await this.sleep(this.backoffMs * 2 ** attempt);
				}
				continue;
			}
			if (status !== 200) throw new PretixResponseError(`pretix answered HTTP ${status} for ${describe(url)}`, status);
			try {
				return { status, body: JSON.parse(text) as unknown, generatedAt: response.headers.get('x-page-generated') };
			} catch {
				throw new PretixResponseError(`pretix sent a body that is not JSON for ${describe(url)}`, status);
			}
		}
		throw new PretixUnavailableError(`pretix is unavailable (${lastProblem}) after ${this.retries + 1} attempts`, lastStatus);
	}

	/** `Retry-After` is either delay-seconds or an HTTP date. */
	private retryAfterMs(header: string | null): number | null {
		if (!header) return null;
		if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
		const at = Date.parse(header);
		return Number.isNaN(at) ? null : Math.max(0, at - this.now().getTime());
	}
}

function isTimeout(error: unknown): boolean {
	return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function detailOf(text: string): string | null {
	try {
		const detail = (JSON.parse(text) as { detail?: unknown }).detail;
		return typeof detail === 'string' ? detail.slice(0, 200) : null;
	} catch {
		return null;
	}
}

/** Path only, order code masked: query strings and order paths carry personal data. */
function describe(url: string): string {
	return new URL(url).pathname.replace(/\/orders\/([^/]+)\//, (_match, code: string) => `/orders/${maskOrderCode(decodeURIComponent(code))}/`);
}

/** Builds the event API root from the parts the config names. */
export function pretixEventUrl(baseUrl: string, organizer: string, event: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/api/v1/organizers/${encodeURIComponent(organizer)}/events/${encodeURIComponent(event)}`;
}
