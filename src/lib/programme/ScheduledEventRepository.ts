import type { SqliteDatabase } from '#lib/store/Database';
import type { EventSpec } from './scheduledEvents';

/** One session's mirrored event and what it was last sent. */
export interface MirroredEvent {
	sessionCode: string;
	eventId: string;
	spec: EventSpec;
}

/** The session → scheduled event mapping, written right after each Discord call succeeds. */
export class ScheduledEventRepository {
	public constructor(private readonly db: SqliteDatabase) {}

	public all(): MirroredEvent[] {
		const rows = this.db.prepare<[], { session_code: string; event_id: string; spec: string }>('SELECT * FROM programme_scheduled_events').all();
		// Written only by save() below, so the JSON is trusted; only the dates need reviving.
		return rows.map((row) => {
			const spec = JSON.parse(row.spec) as EventSpec & { start: string; end: string };
			return { sessionCode: row.session_code, eventId: row.event_id, spec: { ...spec, start: new Date(spec.start), end: new Date(spec.end) } };
		});
	}

	public save(event: MirroredEvent): void {
		this.db
			.prepare('INSERT INTO programme_scheduled_events (session_code, event_id, spec) VALUES (?, ?, ?) ON CONFLICT (session_code) DO UPDATE SET event_id = excluded.event_id, spec = excluded.spec')
			.run(event.sessionCode, event.eventId, JSON.stringify(event.spec));
	}

	public remove(sessionCode: string): void {
		this.db.prepare('DELETE FROM programme_scheduled_events WHERE session_code = ?').run(sessionCode);
	}
}
