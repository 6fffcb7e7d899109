import type { SqliteDatabase } from '#lib/store/Database';
import type { BookmarkGroup } from './reminderWaves';

/** Who bookmarked which session: personal data, cleared by `/agenda clear` and by the retention after the conference. */
export class Bookmarks {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			add: db.prepare('INSERT OR IGNORE INTO agenda_bookmarks (user_id, session_code, created_at) VALUES (?, ?, ?)'),
			remove: db.prepare('DELETE FROM agenda_bookmarks WHERE user_id = ? AND session_code = ?'),
			byUser: db.prepare<[string], { session_code: string }>('SELECT session_code FROM agenda_bookmarks WHERE user_id = ? ORDER BY created_at, session_code'),
			clear: db.prepare('DELETE FROM agenda_bookmarks WHERE user_id = ?'),
			groups: db.prepare<[number], { session_code: string; lead: number; members: number }>(
				`SELECT b.session_code, COALESCE(m.reminder_minutes, ?) AS lead, COUNT(*) AS members
				 FROM agenda_bookmarks b LEFT JOIN agenda_members m ON m.user_id = b.user_id GROUP BY 1, 2 HAVING lead > 0`
			),
			recipients: db.prepare<[number, number, string], { user_id: string }>(
				`SELECT b.user_id FROM agenda_bookmarks b LEFT JOIN agenda_members m ON m.user_id = b.user_id
				 WHERE COALESCE(m.reminder_minutes, ?) = ? AND b.session_code = ? ORDER BY b.created_at, b.user_id`
			),
			bookmarkers: db.prepare<[string], { user_id: string }>('SELECT user_id FROM agenda_bookmarks WHERE session_code = ? ORDER BY created_at, user_id'),
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

	/** Members per session and reminder lead (`defaultLead` for those who never chose), leaving out reminders turned off. */
	public reminderGroups(defaultLead: number): BookmarkGroup[] {
		return this.statements.groups.all(defaultLead).map((row) => ({ sessionCode: row.session_code, leadMinutes: row.lead, members: row.members }));
	}

	/** Who gets a session's reminder `leadMinutes` before it, earliest bookmark first. */
	public reminderRecipients(sessionCode: string, leadMinutes: number, defaultLead: number): string[] {
		return this.statements.recipients.all(defaultLead, leadMinutes, sessionCode).map((row) => row.user_id);
	}

	/** Everyone who bookmarked a session: told when it moves or is cancelled. */
	public bookmarkersOf(sessionCode: string): string[] {
		return this.statements.bookmarkers.all(sessionCode).map((row) => row.user_id);
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
