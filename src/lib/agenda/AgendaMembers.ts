import { DmChannels } from '#lib/discord/DmChannels';
import type { SqliteDatabase } from '#lib/store/Database';

/** Per-member agenda settings: the reminder lead, whether Discord refused a DM, the member's locale; and their DM channel, in the shared table. */
export class AgendaMembers {
	private readonly statements;
	private readonly dmChannels: DmChannels;

	public constructor(
		db: SqliteDatabase,
		/** `[agenda] reminder_minutes`: the lead of members who never chose one. */
		private readonly defaultLeadMinutes: number
	) {
		this.dmChannels = new DmChannels(db);
		const upsert = (column: string) =>
			db.prepare<[string, number | string | null]>(`INSERT INTO agenda_members (user_id, ${column}) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET ${column} = excluded.${column}`);
		this.statements = {
			get: db.prepare<[string], { reminder_minutes: number | null; dms_closed_at: string | null; locale: string | null }>(
				'SELECT reminder_minutes, dms_closed_at, locale FROM agenda_members WHERE user_id = ?'
			),
			setLocale: upsert('locale'),
			forgetLocale: db.prepare<[string]>('UPDATE agenda_members SET locale = NULL WHERE user_id = ? AND locale IS NOT NULL'),
			setLead: upsert('reminder_minutes'),
			setClosed: upsert('dms_closed_at'),
			takeClosed: db.prepare<[string]>('UPDATE agenda_members SET dms_closed_at = NULL WHERE user_id = ? AND dms_closed_at IS NOT NULL'),
			forget: db.prepare<[string]>('DELETE FROM agenda_members WHERE user_id = ?'),
			withoutChannel: db.prepare<[number], { user_id: string }>(
				`SELECT DISTINCT b.user_id FROM agenda_bookmarks b LEFT JOIN agenda_members m ON m.user_id = b.user_id LEFT JOIN dm_channels d ON d.user_id = b.user_id
				 WHERE d.user_id IS NULL AND COALESCE(m.reminder_minutes, ?) > 0 ORDER BY b.created_at`
			)
		};
	}

	/** Minutes before a session the member's reminder comes; 0 = no reminders. */
	public leadMinutes(userId: string): number {
		return this.statements.get.get(userId)?.reminder_minutes ?? this.defaultLeadMinutes;
	}

	public setLeadMinutes(userId: string, minutes: number): void {
		this.statements.setLead.run(userId, minutes);
	}

	public dmChannel(userId: string): string | undefined {
		return this.dmChannels.dmChannel(userId);
	}

	/** Deletes the member's setting, DM channel and locale (`/agenda clear`). */
	public forget(userId: string): void {
		this.statements.forget.run(userId);
		this.dmChannels.forgetDmChannel(userId);
	}

	public markDMsClosed(userId: string, at: Date): void {
		this.statements.setClosed.run(userId, at.toISOString());
	}

	public dmsClosed(userId: string): boolean {
		return !!this.statements.get.get(userId)?.dms_closed_at;
	}

	/** True once after a refused DM: the caller tells the member, and the next reminder tries their DMs again. */
	public takeClosedNotice(userId: string): boolean {
		return this.statements.takeClosed.run(userId).changes > 0;
	}

	/** The Discord locale the member last used /agenda or a 🔔 in; undefined before. */
	public locale(userId: string): string | undefined {
		return this.statements.get.get(userId)?.locale ?? undefined;
	}

	/** null forgets it (and writes no row for a member who has none). */
	public rememberLocale(userId: string, locale: string | null): void {
		if (locale === null) this.statements.forgetLocale.run(userId);
		// Most interactions repeat the locale: no write then.
		else if (this.locale(userId) !== locale) this.statements.setLocale.run(userId, locale);
	}

	/** Members with bookmarks and reminders on whose DM channel is not open yet, longest waiting first. */
	public withoutDmChannel(): string[] {
		return this.statements.withoutChannel.all(this.defaultLeadMinutes).map((row) => row.user_id);
	}
}
