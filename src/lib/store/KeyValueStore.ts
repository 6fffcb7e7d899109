import type { SqliteDatabase } from './Database';

/** Small typed key/value rows for state that needs no table of its own (message ids, channel topics, sync marks). */
export class KeyValueStore {
	private readonly getStatement;
	private readonly setStatement;
	private readonly deleteStatement;

	public constructor(db: SqliteDatabase, private readonly now: () => Date = () => new Date()) {
		this.getStatement = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
		this.setStatement = db.prepare(
			'INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
		);
		this.deleteStatement = db.prepare('DELETE FROM kv WHERE key = ?');
	}

	public get<T>(key: string): T | undefined {
		const row = this.getStatement.get(key);
		return row ? (JSON.parse(row.value) as T) : undefined;
	}

	public set(key: string, value: unknown): void {
		this.setStatement.run(key, JSON.stringify(value), this.now().toISOString());
	}

	public delete(key: string): void {
		this.deleteStatement.run(key);
	}
}
