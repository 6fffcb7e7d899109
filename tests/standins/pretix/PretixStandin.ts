// A loopback pretix: the REST paths, auth, pagination and filters usher uses, plus fault injection and mutations.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawEvent, RawItem, RawOrder, RawPosition } from './types';

export interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The full URL as requested, to check that `next` links are followed verbatim. */
	url: string;
	authorized: boolean;
}

export interface Fault {
	status: 429 | 500 | 502 | 503;
	retryAfter?: string;
	times?: number;
}

export interface PretixStandinOptions {
	token?: string;
	now?: () => Date;
	pageSize?: number;
}

const PAGE_SIZE = 50;
const BOOLEAN = new Set(['true', 'false']);
const STATUSES = new Set(['n', 'p', 'e', 'c']);

export class PretixStandin {
	public readonly requests: LoggedRequest[] = [];
	public readonly token: string;
	private readonly items: RawItem[];
	private readonly orders = new Map<string, RawOrder>();
	private readonly now: () => Date;
	private readonly pageSize: number;
	private faults: Fault[] = [];
	private delays: number[] = [];
	private holds: { path: RegExp; released: Promise<void> }[] = [];
	private garbage = 0;
	private notificationId = 1000;
	private port = 0;

	private constructor(
		private readonly server: Server,
		private readonly data: RawEvent,
		options: PretixStandinOptions
	) {
		this.token = options.token ?? 'standin-token-0123456789abcdef';
		this.now = options.now ?? (() => new Date());
		this.pageSize = options.pageSize ?? PAGE_SIZE;
		this.items = structuredClone(data.items);
		for (const order of structuredClone(data.orders)) this.orders.set(order.code, order);
	}

	public static async start(event: RawEvent, options: PretixStandinOptions = {}): Promise<PretixStandin> {
		const server = createServer();
		const standin = new PretixStandin(server, event, options);
		server.on('request', (req, res) => standin.handle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		standin.port = (server.address() as AddressInfo).port;
		return standin;
	}

	public get origin(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** The event API root a PretixClient is configured with. */
	public get baseUrl(): string {
		return `${this.origin}/api/v1/organizers/${this.data.organizer}/events/${this.data.event}`;
	}

	public close(): Promise<void> {
		this.server.closeAllConnections();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}

	// Fault injection: each applies to the next requests, in order of injection.
	public failNext(fault: Fault): void {
		for (let i = 0; i < (fault.times ?? 1); i++) this.faults.push(fault);
	}

	/** pretix is back: drops every fault, delay and garbage answer still queued. */
	public recover(): void {
		this.faults = [];
		this.delays = [];
		this.garbage = 0;
	}

	public slowNext(ms: number, times = 1): void {
		for (let i = 0; i < times; i++) this.delays.push(ms);
	}

	/** The next request whose path matches waits, unanswered, until the returned function is called. */
	public holdNext(path: RegExp): () => void {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		this.holds.push({ path, released });
		return release;
	}

	public garbageNext(times = 1): void {
		this.garbage += times;
	}

	public order(code: string): RawOrder {
		const order = this.orders.get(code);
		if (!order) throw new Error(`stand-in has no order ${code}`);
		return order;
	}

	public addOrder(order: RawOrder): void {
		this.orders.set(order.code, structuredClone({ ...order, last_modified: this.now().toISOString() }));
	}

	/** Deletes an order outright, as pretix does with a test-mode order: afterwards it answers 404 for it. */
	public deleteOrder(code: string): void {
		if (!this.orders.delete(code)) throw new Error(`stand-in has no order ${code}`);
	}

	/** A new product in the catalog, as an organizer adding one in pretix's backend. */
	public addItem(item: RawItem): void {
		this.items.push(structuredClone(item));
	}

	public markPaid(code: string): void {
		this.touch(code, (order) => {
			order.status = 'p';
		});
	}

	public cancelOrder(code: string): void {
		this.touch(code, (order) => {
			order.status = 'c';
			for (const position of order.positions) position.canceled = true;
		});
	}

	public cancelPosition(code: string, positionId: number): void {
		this.touchPosition(code, positionId, (position) => {
			position.canceled = true;
		});
	}

	public renameAttendee(code: string, positionId: number, name: string): void {
		this.touchPosition(code, positionId, (position) => {
			position.attendee_name = name;
		});
	}

	public setBlocked(code: string, positionId: number, blocked: string[] | null): void {
		this.touchPosition(code, positionId, (position) => {
			position.blocked = blocked;
		});
	}

	/** POSTs a notification the way pretix does and returns the HTTP status the receiver answered. */
	public async sendWebhook(targetUrl: string, code: string, action = 'pretix.event.order.changed', headers: Record<string, string> = {}): Promise<number> {
		const body = { notification_id: this.notificationId++, organizer: this.data.organizer, event: this.data.event, code, action };
		const response = await fetch(targetUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
		await response.arrayBuffer();
		return response.status;
	}

	private touch(code: string, change: (order: RawOrder) => void): void {
		const order = this.order(code);
		change(order);
		order.last_modified = this.now().toISOString();
	}

	private touchPosition(code: string, positionId: number, change: (position: RawPosition) => void): void {
		this.touch(code, (order) => {
			const position = order.positions.find((candidate) => candidate.id === positionId);
			if (!position) throw new Error(`order ${code} has no position ${positionId}`);
			change(position);
		});
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', this.origin);
		const authorized = req.headers.authorization === `Token ${this.token}`;
		this.requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), url: url.toString(), authorized });
		const hold = this.holds.findIndex((candidate) => candidate.path.test(url.pathname));
		if (hold >= 0) await this.holds.splice(hold, 1)[0]!.released;
		const delay = this.delays.shift();
		if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
		if (res.destroyed) return;
		const fault = this.faults.shift();
		if (fault) {
			const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
			const detail = fault.status === 429 ? 'Request was throttled.' : 'Server error.';
			return this.json(res, fault.status, { detail }, headers);
		}
		if (this.garbage > 0) {
			this.garbage--;
			res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
			return;
		}
		if (!req.headers.authorization) return this.json(res, 401, { detail: 'Authentication credentials were not provided.' });
		if (!authorized) return this.json(res, 401, { detail: 'Invalid token.' });
		if (req.method !== 'GET') return this.json(res, 405, { detail: `Method "${req.method}" not allowed.` });
		const match = /^\/api\/v1\/organizers\/([^/]+)\/events\/([^/]+)\/(items|orders)\/(?:([^/]+)\/)?$/.exec(url.pathname);
		if (!match) return this.json(res, 404, { detail: 'Not found.' });
		const [, organizer, event, resource, id] = match;
		if (organizer !== this.data.organizer || event !== this.data.event) {
			return this.json(res, 403, { detail: 'You do not have permission to perform this action.' });
		}
		const includeCanceled = url.searchParams.get('include_canceled_positions') === 'true';
		if (resource === 'items') {
			if (id) {
				const item = this.items.find((candidate) => String(candidate.id) === id);
				return item ? this.json(res, 200, item) : this.json(res, 404, { detail: 'Not found.' });
			}
			return this.page(res, url, this.items);
		}
		if (id) {
			const order = this.orders.get(id);
			return order ? this.json(res, 200, this.present(order, includeCanceled)) : this.json(res, 404, { detail: 'Not found.' });
		}
		const filtered = this.filterOrders(url.searchParams);
		if ('error' in filtered) return this.json(res, 400, filtered.error);
		return this.page(
			res,
			url,
			filtered.orders.map((order) => this.present(order, includeCanceled))
		);
	}

	private filterOrders(params: URLSearchParams): { orders: RawOrder[] } | { error: Record<string, string[]> } {
		const testmode = params.get('testmode');
		if (testmode !== null && !BOOLEAN.has(testmode)) return { error: { testmode: ['Enter a valid boolean.'] } };
		const status = params.get('status');
		if (status !== null && !STATUSES.has(status)) return { error: { status: [`Select a valid choice. ${status} is not one of the available choices.`] } };
		const modifiedSinceRaw = params.get('modified_since');
		const modifiedSince = modifiedSinceRaw === null ? null : Date.parse(modifiedSinceRaw);
		if (modifiedSince !== null && Number.isNaN(modifiedSince)) return { error: { modified_since: ['Enter a valid date/time.'] } };
		const code = params.get('code');
		const search = params.get('search')?.toLowerCase();
		const orders = [...this.orders.values()].filter((order) => {
			if (testmode !== null && order.testmode !== (testmode === 'true')) return false;
			if (status !== null && order.status !== status) return false;
			if (modifiedSince !== null && Date.parse(order.last_modified) < modifiedSince) return false;
			if (code !== null && order.code !== code) return false;
			if (search) {
				const haystack = [order.code, order.email, order.invoice_address?.name, ...order.positions.map((position) => position.attendee_name)];
				if (!haystack.some((value) => value?.toLowerCase().includes(search))) return false;
			}
			return true;
		});
		return { orders };
	}

	private present(order: RawOrder, includeCanceled: boolean): RawOrder {
		return includeCanceled ? order : { ...order, positions: order.positions.filter((position) => !position.canceled) };
	}

	/** DRF PageNumberPagination: absolute `next`/`previous` carrying the original query, 404 for pages past the end. */
	private page(res: ServerResponse, url: URL, all: unknown[]): void {
		const pageParam = url.searchParams.get('page') ?? '1';
		const page = /^\d+$/.test(pageParam) ? Number(pageParam) : NaN;
		const requestedSize = Number(url.searchParams.get('page_size') ?? this.pageSize);
		const size = Math.min(Number.isInteger(requestedSize) && requestedSize > 0 ? requestedSize : this.pageSize, this.pageSize);
		const pages = Math.max(1, Math.ceil(all.length / size));
		if (!(page >= 1 && page <= pages)) return this.json(res, 404, { detail: 'Invalid page.' });
		const link = (target: number) => {
			const next = new URL(url);
			next.searchParams.set('page', String(target));
			return next.toString();
		};
		const body = {
			count: all.length,
			next: page < pages ? link(page + 1) : null,
			previous: page > 1 ? link(page - 1) : null,
			results: all.slice((page - 1) * size, page * size)
		};
		this.json(res, 200, body, { 'X-Page-Generated': this.now().toISOString() });
	}

	private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
		res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
	}
}
