import BetterSqlite3 from 'better-sqlite3';

/**
 * True when SQLite could not write (read-only file, disk full, I/O error, locked past the busy timeout): the bot must
 * then refuse anything it would have to record, instead of acting on Discord and forgetting it.
 */
export function isStorageFailure(error: unknown): boolean {
	return error instanceof BetterSqlite3.SqliteError;
}
