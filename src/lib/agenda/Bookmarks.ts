import type { SqliteDatabase } from '#lib/store/Database';

/** Who bookmarked which session: personal data, cleared by `/agenda clear` and by the retention after the conference. */
export class Bookmarks {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			add: db.prepare('INSERT OR IGNORE INTO agenda_bookmarks (user_id, session_code, created_at) VALUES (?, ?, ?)'),
			remove: db.prepare('DELETE FROM agenda_bookmarks WHERE user_id = ? AND session_code = ?'),
			byUser: db.prepare<[string], { session_code: string }>('SELECT session_code FROM agenda_bookmarks WHERE user_id = ? ORDER BY created_at, session_code'),
			clear: db.prepare('DELETE FROM agenda_bookmarks WHERE user_id = ?'),
			members: db.prepare<[], number>('SELECT COUNT(DISTINCT user_id) FROM agenda_bookmarks').pluck(),
			counts: db.prepare<[], { session_code: string; count: number }>(
				'SELECT session_code, COUNT(*) AS count FROM agenda_bookmarks GROUP BY session_code ORDER BY count DESC, session_code'
			)
		};
	}

	/** False when the member had it bookmarked already. */
	public add(userId: string, sessionCode: string, now: Date): boolean {
		return this.statements.add.run(userId, sessionCode, now.toISOString()).changes > 0;
	}

	/** False when there was nothing to remove. */
	public remove(userId: string, sessionCode: string): boolean {
		return this.statements.remove.run(userId, sessionCode).changes > 0;
	}

	public of(userId: string): string[] {
		return this.statements.byUser.all(userId).map((row) => row.session_code);
	}

	/** Deletes every bookmark of the member; returns how many there were. */
	public clear(userId: string): number {
		return this.statements.clear.run(userId).changes;
	}

	/** Bookmarks per session, most bookmarked first (for organizers' statistics). */
	public counts(): { sessionCode: string; count: number }[] {
		return this.statements.counts.all().map((row) => ({ sessionCode: row.session_code, count: row.count }));
	}

	/** How many members bookmarked anything (a count, for organizers' statistics). */
	public members(): number {
		return this.statements.members.get() ?? 0;
	}
}
