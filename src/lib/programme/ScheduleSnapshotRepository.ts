import type { SqliteDatabase } from '#lib/store/Database';
import type { Session } from './Session';

export interface ScheduleSnapshot {
	source: string;
	version: string;
	etag?: string;
	sessions: Session[];
	fetchedAt: Date;
}

type StoredSession = Omit<Session, 'start' | 'end'> & { start: string; end: string };

/** The last good schedule per source, used while pretalx is down and right after a restart. */
export class ScheduleSnapshotRepository {
	private readonly saveStatement;
	private readonly loadStatement;

	public constructor(db: SqliteDatabase) {
		this.saveStatement = db.prepare<[string, string, string | null, string, string]>(
			`INSERT INTO programme_snapshots (source, version, etag, sessions, fetched_at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (source) DO UPDATE SET version = excluded.version, etag = excluded.etag, sessions = excluded.sessions, fetched_at = excluded.fetched_at`
		);
		this.loadStatement = db.prepare<[string], { source: string; version: string; etag: string | null; sessions: string; fetched_at: string }>(
			'SELECT * FROM programme_snapshots WHERE source = ?'
		);
	}

	public save(snapshot: ScheduleSnapshot): void {
		this.saveStatement.run(snapshot.source, snapshot.version, snapshot.etag ?? null, JSON.stringify(snapshot.sessions), snapshot.fetchedAt.toISOString());
	}

	public load(source: string): ScheduleSnapshot | undefined {
		const row = this.loadStatement.get(source);
		if (!row) return undefined;
		// Written only by save() above, so the JSON is trusted; only the dates need reviving.
		const sessions = (JSON.parse(row.sessions) as StoredSession[]).map((session) => ({ ...session, start: new Date(session.start), end: new Date(session.end) }));
		return { source: row.source, version: row.version, ...(row.etag ? { etag: row.etag } : {}), sessions, fetchedAt: new Date(row.fetched_at) };
	}
}
