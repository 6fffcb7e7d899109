import { z } from 'zod';
import { Catalog, CatalogItemSchema } from '#lib/registration/Catalog';
import type { SqliteDatabase } from '#lib/store/Database';
import { parseOrder, type PretixOrder } from './schemas';

export interface TicketSnapshot {
	catalog: Catalog;
	orders: PretixOrder[];
	/** pretix's `X-Page-Generated` of the last sync: the next `modified_since`. */
	lastGeneratedAt: string | null;
	lastFullSyncAt: string | null;
}

const CatalogJsonSchema = z.array(CatalogItemSchema);

/** Persists the last known pretix state (validated orders, catalog, sync marks) in SQLite. */
export class TicketSnapshotRepository {
	private readonly upsertOrder;
	private readonly deleteOrders;
	private readonly selectOrders;
	private readonly selectState;
	private readonly upsertState;
	private readonly updateMark;

	public constructor(private readonly db: SqliteDatabase) {
		this.upsertOrder = db.prepare<[string, string | null, string]>(
			'INSERT INTO pretix_orders (code, last_modified, data) VALUES (?, ?, ?) ' +
				'ON CONFLICT(code) DO UPDATE SET last_modified = excluded.last_modified, data = excluded.data'
		);
		this.deleteOrders = db.prepare('DELETE FROM pretix_orders');
		this.selectOrders = db.prepare<[], { data: string }>('SELECT data FROM pretix_orders');
		this.selectState = db.prepare<[], { catalog: string; last_generated_at: string | null; last_full_sync_at: string | null }>(
			'SELECT catalog, last_generated_at, last_full_sync_at FROM pretix_sync_state WHERE id = 1'
		);
		this.upsertState = db.prepare<[string, string | null, string | null]>(
			'INSERT INTO pretix_sync_state (id, catalog, last_generated_at, last_full_sync_at) VALUES (1, ?, ?, ?) ' +
				'ON CONFLICT(id) DO UPDATE SET catalog = excluded.catalog, last_generated_at = excluded.last_generated_at, ' +
				'last_full_sync_at = excluded.last_full_sync_at'
		);
		this.updateMark = db.prepare<[string]>('UPDATE pretix_sync_state SET last_generated_at = ? WHERE id = 1');
	}

	/** The stored snapshot, or null before the first successful sync. Rows that no longer validate are dropped. */
	public load(): TicketSnapshot | null {
		const state = this.selectState.get();
		if (!state) return null;
		const catalog = CatalogJsonSchema.safeParse(parseJson(state.catalog));
		if (!catalog.success) return null;
		const orders: PretixOrder[] = [];
		for (const row of this.selectOrders.iterate()) {
			const order = parseOrder(parseJson(row.data)).order;
			if (order) orders.push(order);
		}
		return { catalog: new Catalog(catalog.data), orders, lastGeneratedAt: state.last_generated_at, lastFullSyncAt: state.last_full_sync_at };
	}

	/** After a full sync: the stored orders become exactly `orders`, in one transaction. */
	public replaceAll(snapshot: { catalog: Catalog; orders: Iterable<PretixOrder>; generatedAt: string; fullSyncAt: string }): void {
		this.db.transaction(() => {
			this.deleteOrders.run();
			for (const order of snapshot.orders) this.writeOrder(order);
			this.upsertState.run(JSON.stringify(snapshot.catalog.toJSON()), snapshot.generatedAt, snapshot.fullSyncAt);
		})();
	}

	/** After an incremental sync or a single refresh: only the changed orders are written; `generatedAt` moves the mark. */
	public upsertOrders(orders: Iterable<PretixOrder>, generatedAt?: string): void {
		this.db.transaction(() => {
			for (const order of orders) this.writeOrder(order);
			if (generatedAt) this.updateMark.run(generatedAt);
		})();
	}

	private writeOrder(order: PretixOrder): void {
		this.upsertOrder.run(order.code.toUpperCase(), order.last_modified, JSON.stringify(order));
	}
}

/** A corrupt row reads as null, which validation then rejects: a damaged snapshot must not stop the bot starting. */
function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return null;
	}
}
