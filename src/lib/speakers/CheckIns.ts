import type { SqliteDatabase } from '#lib/store/Database';

/** Speakers' "I'm here" per session, kept through restarts; a rehearsal keeps its own namespace. */
export class CheckIns {
	private readonly statements;

	public constructor(
		db: SqliteDatabase,
		private readonly namespace = ''
	) {
		this.statements = {
			add: db.prepare<[string, string, string, string]>('INSERT INTO speaker_checkins (namespace, session_code, user_id, checked_in_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
			get: db.prepare<[string, string, string], { checked_in_at: string }>('SELECT checked_in_at FROM speaker_checkins WHERE namespace = ? AND session_code = ? AND user_id = ?'),
			ofSession: db.prepare<[string, string], { user_id: string }>('SELECT user_id FROM speaker_checkins WHERE namespace = ? AND session_code = ?')
		};
	}

	/** True the first time; a second click finds the check-in already there. */
	public checkIn(sessionCode: string, userId: string, at: Date): boolean {
		return this.statements.add.run(this.namespace, sessionCode, userId, at.toISOString()).changes > 0;
	}

	public checkedInAt(sessionCode: string, userId: string): Date | undefined {
		const row = this.statements.get.get(this.namespace, sessionCode, userId);
		return row ? new Date(row.checked_in_at) : undefined;
	}

	public checkedIn(sessionCode: string): Set<string> {
		return new Set(this.statements.ofSession.all(this.namespace, sessionCode).map((row) => row.user_id));
	}
}
