import { Catalog } from '#lib/registration/Catalog';
import { normalizeOrderCode } from '#lib/registration/normalize';
import type { RoleMapping } from '#lib/registration/RoleMapping';
import type { Ticket, TicketType } from '#lib/registration/Ticket';
import { nameCandidates, type TicketIndex } from '#lib/registration/TicketIndex';
import type { PretixSource } from './PretixClient';
import type { PretixOrder, SkipReport } from './schemas';
import type { TicketSnapshotRepository } from './TicketSnapshotRepository';

export type SyncKind = 'snapshot' | 'full' | 'incremental' | 'order';

export interface SyncReport {
	kind: SyncKind;
	/** Orders received from pretix (or the snapshot) in this run. */
	orders: number;
	/** Tickets in the index afterwards. */
	positions: number;
	skipped: SkipReport[];
	/** Admission ticket types that grant no role; listed on full syncs when a role mapping is known. */
	unmapped: TicketType[];
	durationMs: number;
	at: string;
}

export interface TicketSyncOptions {
	source: PretixSource;
	index: TicketIndex;
	snapshots: TicketSnapshotRepository;
	roleMapping?: RoleMapping;
	/** Language for item and variation names, matching the role mapping's keys. */
	locale?: string;
	/** A full resync catches what `modified_since` misses; default every 6 h. */
	fullSyncIntervalMs?: number;
	/** A missed order code is fetched from pretix at most this often, so guessing cannot hammer pretix. */
	missThrottleMs?: number;
	now?: () => Date;
	onReport?: (report: SyncReport) => void;
	/** For a member waiting on a lookup: a client with a short timeout and few retries (default: `source`). */
	lookupSource?: PretixSource;
}

const MISS_MEMORY_LIMIT = 10_000;

/** Keeps the TicketIndex and its SQLite snapshot in step with pretix: full and incremental syncs, single-order refreshes. */
export class TicketSync {
	private readonly now: () => Date;
	private readonly fullSyncIntervalMs: number;
	private readonly missThrottleMs: number;
	private lastGeneratedAt: string | null = null;
	private lastFullSyncAt: string | null = null;
	private queue: Promise<unknown> = Promise.resolve();
	/** Orders refreshed while a list sync is in flight; they are newer than what that sync's pages may say. */
	private refreshedDuringSync: Map<string, PretixOrder | null> | null = null;
	private readonly lastMissFetch = new Map<string, number>();

	public constructor(private readonly options: TicketSyncOptions) {
		this.now = options.now ?? (() => new Date());
		this.fullSyncIntervalMs = options.fullSyncIntervalMs ?? 6 * 3_600_000;
		this.missThrottleMs = options.missThrottleMs ?? 30_000;
	}

	/** Loads the stored snapshot into the index so lookups work before pretix answers; null when there is none. */
	public restore(): SyncReport | null {
		const started = this.now().getTime();
		const snapshot = this.options.snapshots.load();
		if (!snapshot) return null;
		const skipped = this.options.index.replaceAll(snapshot.orders, snapshot.catalog);
		this.lastGeneratedAt = snapshot.lastGeneratedAt;
		this.lastFullSyncAt = snapshot.lastFullSyncAt;
		return this.report('snapshot', snapshot.orders.length, skipped, started);
	}

	/** The periodic entry point: full when due (or nothing synced yet), incremental otherwise. */
	public sync(): Promise<SyncReport> {
		return this.exclusive(() => (this.fullSyncDue() ? this.runFull() : this.runIncremental()));
	}

	/** Re-fetches one order (webhook, cache miss) without waiting for a running list sync. */
	public async refreshOrder(orderCode: string, source: PretixSource = this.options.source): Promise<SyncReport> {
		const started = this.now().getTime();
		const code = orderCode.toUpperCase();
		const order = await source.getOrder(code);
		this.refreshedDuringSync?.set(code, order);
		const skipped = order ? this.options.index.upsertOrder(order) : [];
		if (order) this.options.snapshots.upsertOrders([order]);
		else this.options.index.removeOrder(code);
		return this.report('order', order ? 1 : 0, skipped, started);
	}

	/**
	 * Index lookup; on a miss, one direct pretix fetch of that order (at most once per order code per throttle window)
	 * and a second lookup. Covers tickets bought or renamed since the last sync. Throws PretixError when pretix fails.
	 */
	public async lookupOrFetch(orderInput: string, nameInput: string): Promise<Ticket[]> {
		// On a very first start nothing is known yet, not even the ticket types: let the first sync finish.
		if (this.options.index.catalog.items.length === 0) await this.queue.catch(() => undefined);
		const found = this.options.index.lookup(orderInput, nameInput);
		if (found.length > 0) return found;
		const code = normalizeOrderCode(orderInput);
		if (!code || nameCandidates(nameInput).length === 0) return [];
		const now = this.now().getTime();
		const last = this.lastMissFetch.get(code);
		if (last !== undefined && now - last < this.missThrottleMs) return [];
		this.rememberMiss(code, now);
		try {
			await this.refreshOrder(code, this.options.lookupSource);
		} catch (error) {
			// Only an answer is worth throttling: after a failure the member's retry must ask pretix again, not hear "no such order".
			this.lastMissFetch.delete(code);
			throw error;
		}
		return this.options.index.lookup(orderInput, nameInput);
	}

	private rememberMiss(code: string, now: number): void {
		if (this.lastMissFetch.size >= MISS_MEMORY_LIMIT) {
			for (const [known, at] of this.lastMissFetch) if (now - at >= this.missThrottleMs) this.lastMissFetch.delete(known);
		}
		this.lastMissFetch.set(code, now);
	}

	private fullSyncDue(): boolean {
		if (!this.lastGeneratedAt || !this.lastFullSyncAt) return true;
		return this.now().getTime() - Date.parse(this.lastFullSyncAt) >= this.fullSyncIntervalMs;
	}

	private async runFull(): Promise<SyncReport> {
		const started = this.now().getTime();
		const startedAt = this.now().toISOString();
		this.refreshedDuringSync = new Map();
		try {
			const { catalog, skipped } = await this.fetchCatalog();
			const list = await this.options.source.listOrders();
			const orders = this.mergeRefreshed(list.orders, true);
			skipped.push(...list.skipped, ...this.options.index.replaceAll(orders, catalog));
			this.options.snapshots.replaceAll({ catalog, orders, generatedAt: list.generatedAt, fullSyncAt: startedAt });
			this.lastGeneratedAt = list.generatedAt;
			this.lastFullSyncAt = startedAt;
			return this.report('full', list.orders.length, skipped, started, this.options.roleMapping?.unmappedItems(catalog) ?? []);
		} finally {
			this.refreshedDuringSync = null;
		}
	}

	private async runIncremental(): Promise<SyncReport> {
		const started = this.now().getTime();
		this.refreshedDuringSync = new Map();
		try {
			const { catalog, skipped } = await this.fetchCatalog();
			// Changed items or variations can change every order's tickets: only a full pass gets that right.
			if (!catalog.equals(this.options.index.catalog)) {
				this.refreshedDuringSync = null;
				return await this.runFull();
			}
			const list = await this.options.source.listOrders({ modifiedSince: this.lastGeneratedAt! });
			const orders = this.mergeRefreshed(list.orders, false);
			skipped.push(...list.skipped);
			for (const order of orders) skipped.push(...this.options.index.upsertOrder(order));
			this.options.snapshots.upsertOrders(orders, list.generatedAt);
			this.lastGeneratedAt = list.generatedAt;
			return this.report('incremental', list.orders.length, skipped, started);
		} finally {
			this.refreshedDuringSync = null;
		}
	}

	private async fetchCatalog(): Promise<{ catalog: Catalog; skipped: SkipReport[] }> {
		const { items, skipped } = await this.options.source.listItems();
		return { catalog: Catalog.fromPretix(items, this.options.locale), skipped: [...skipped] };
	}

	/** Orders refreshed one by one during the list sync win over the listed copy when at least as new. */
	private mergeRefreshed(listed: PretixOrder[], complete: boolean): PretixOrder[] {
		const refreshed = this.refreshedDuringSync;
		if (!refreshed || refreshed.size === 0) return listed;
		const merged = listed.map((order) => {
			const code = order.code.toUpperCase();
			const fresher = refreshed.get(code);
			refreshed.delete(code);
			return fresher && modifiedTime(fresher) >= modifiedTime(order) ? fresher : order;
		});
		if (complete) for (const fresher of refreshed.values()) if (fresher) merged.push(fresher);
		return merged;
	}

	private exclusive<T>(run: () => Promise<T>): Promise<T> {
		const result = this.queue.then(run, run);
		this.queue = result.catch(() => undefined);
		return result;
	}

	private report(kind: SyncKind, orders: number, skipped: SkipReport[], started: number, unmapped: TicketType[] = []): SyncReport {
		const at = this.now();
		const report: SyncReport = { kind, orders, positions: this.options.index.size, skipped, unmapped, durationMs: at.getTime() - started, at: at.toISOString() };
		this.options.onReport?.(report);
		return report;
	}
}

function modifiedTime(order: PretixOrder): number {
	return order.last_modified ? Date.parse(order.last_modified) : 0;
}
