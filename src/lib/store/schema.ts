// The one module that owns the SQLite schema. Migrations are append-only and applied in order by id;
// never edit one that has shipped: add a new one instead.
export interface Migration {
	/** Unique, sortable id such as `001-core`; recorded in `schema_migrations` once applied. */
	id: string;
	sql: string;
}

export const migrations: Migration[] = [
	{
		id: '001-core',
		sql: `
			CREATE TABLE kv (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL,
				updated_at TEXT NOT NULL
			);
		`
	}
	// MIGRATIONS-END: append new migrations above this line.
];
