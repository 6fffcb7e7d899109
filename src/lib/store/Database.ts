import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './schema';

export type SqliteDatabase = BetterSqlite3.Database;

/** Opens (creating if needed) the bot's SQLite file in WAL mode and applies pending migrations. */
export function openDatabase(file: string, migrations: readonly Migration[] = defaultMigrations): SqliteDatabase {
	if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
	const db = new BetterSqlite3(file);
	db.pragma('journal_mode = WAL');
	// NORMAL is durable across process crashes in WAL mode; only power loss can drop the last commit.
	db.pragma('synchronous = NORMAL');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	applyMigrations(db, migrations);
	return db;
}

export function applyMigrations(db: SqliteDatabase, migrations: readonly Migration[]): string[] {
	db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
	const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
	const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
	const newlyApplied: string[] = [];
	for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
		if (applied.has(migration.id)) continue;
		db.transaction(() => {
			db.exec(migration.sql);
			record.run(migration.id, new Date().toISOString());
		})();
		newlyApplied.push(migration.id);
	}
	return newlyApplied;
}
