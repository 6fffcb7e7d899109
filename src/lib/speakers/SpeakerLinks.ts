import type { SqliteDatabase } from '#lib/store/Database';

/** `organizer`: `/speaker link`; `automatic`: usher matched the member's ticket name to the speaker. */
export type LinkHow = 'organizer' | 'automatic';

export interface SpeakerLink {
	userId: string;
	speakerKey: string;
	speakerName: string;
	linkedBy: string;
	linkedAt: string;
	how: LinkHow;
}

interface LinkRow {
	user_id: string;
	speaker_key: string;
	speaker_name: string;
	linked_by: string;
	linked_at: string;
	how: LinkHow;
}

/**
 * Members linked to the programme's speakers (by organizers or by matching), the organizers' unlinks that matching
 * must respect, the members usher gave the speakers' role, and the DM channels of linked speakers once opened.
 */
export class SpeakerLinks {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			link: db.prepare<LinkRow>(
				`INSERT INTO speaker_links (user_id, speaker_key, speaker_name, linked_by, linked_at, how)
				 VALUES (@user_id, @speaker_key, @speaker_name, @linked_by, @linked_at, @how) ON CONFLICT DO NOTHING`
			),
			unlinkOne: db.prepare<[string, string]>('DELETE FROM speaker_links WHERE user_id = ? AND speaker_key = ?'),
			unlinkAll: db.prepare<[string]>('DELETE FROM speaker_links WHERE user_id = ?'),
			ofUser: db.prepare<[string], LinkRow>('SELECT * FROM speaker_links WHERE user_id = ? ORDER BY speaker_name'),
			all: db.prepare<[], LinkRow>('SELECT * FROM speaker_links ORDER BY speaker_name, user_id'),
			refuse: db.prepare<[string, string, string, string]>(
				'INSERT INTO speaker_link_refusals (user_id, speaker_key, refused_by, refused_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET refused_by = excluded.refused_by, refused_at = excluded.refused_at'
			),
			forgetRefusal: db.prepare<[string, string]>('DELETE FROM speaker_link_refusals WHERE user_id = ? AND speaker_key = ?'),
			refusals: db.prepare<[], { user_id: string; speaker_key: string }>('SELECT user_id, speaker_key FROM speaker_link_refusals'),
			hold: db.prepare<[string, string]>('INSERT INTO speaker_role_holders (user_id, since) VALUES (?, ?) ON CONFLICT DO NOTHING'),
			letGo: db.prepare<[string]>('DELETE FROM speaker_role_holders WHERE user_id = ?'),
			holders: db.prepare<[], { user_id: string }>('SELECT user_id FROM speaker_role_holders ORDER BY user_id'),
			isHolder: db.prepare<[string], { user_id: string }>('SELECT user_id FROM speaker_role_holders WHERE user_id = ?')
		};
		this.unlinkTransaction = db.transaction((userId: string, speakerKey: string | undefined, refusedBy: string, at: string) => {
			const removed = this.linksOf(userId).filter((link) => speakerKey === undefined || link.speakerKey === speakerKey);
			if (speakerKey === undefined) this.statements.unlinkAll.run(userId);
			else this.statements.unlinkOne.run(userId, speakerKey);
			for (const link of removed) this.statements.refuse.run(userId, link.speakerKey, refusedBy, at);
			return removed;
		});
	}

	private readonly unlinkTransaction: (userId: string, speakerKey: string | undefined, refusedBy: string, at: string) => SpeakerLink[];

	/** False when the member was already linked to that speaker. An organizer's link lifts an earlier unlink of that pair. */
	public link(link: SpeakerLink): boolean {
		if (link.how === 'organizer') this.statements.forgetRefusal.run(link.userId, link.speakerKey);
		return (
			this.statements.link.run({
				user_id: link.userId,
				speaker_key: link.speakerKey,
				speaker_name: link.speakerName,
				linked_by: link.linkedBy,
				linked_at: link.linkedAt,
				how: link.how
			}).changes > 0
		);
	}

	/**
	 * An organizer's unlink: removes one link, or every link of the member without `speakerKey`, and remembers each pair
	 * so that matching never links it again; returns the links removed.
	 */
	public unlink(userId: string, speakerKey: string | undefined, refusal: { by: string; at: Date }): SpeakerLink[] {
		return this.unlinkTransaction(userId, speakerKey, refusal.by, refusal.at.toISOString());
	}

	/** Drops the automatic links to speakers no longer in the programme; returns them. Organizers' links stay. */
	public dropAutomatic(speakerKeysInProgramme: ReadonlySet<string>, registeredUserIds: ReadonlySet<string>): SpeakerLink[] {
		// A match stands on the programme's speaker and the member's ticket: without either, it goes.
		const gone = this.all().filter((link) => link.how === 'automatic' && (!speakerKeysInProgramme.has(link.speakerKey) || !registeredUserIds.has(link.userId)));
		for (const link of gone) this.statements.unlinkOne.run(link.userId, link.speakerKey);
		return gone;
	}

	/** `userId speakerKey` pairs an organizer unlinked. */
	public refusals(): Set<string> {
		return new Set(this.statements.refusals.all().map((row) => refusalKey(row.user_id, row.speaker_key)));
	}

	public linksOf(userId: string): SpeakerLink[] {
		return this.statements.ofUser.all(userId).map(fromRow);
	}

	public all(): SpeakerLink[] {
		return this.statements.all.all().map(fromRow);
	}

	/** Members linked to each speaker key. */
	public membersBySpeaker(): Map<string, string[]> {
		const bySpeaker = new Map<string, string[]>();
		for (const link of this.all()) bySpeaker.set(link.speakerKey, [...(bySpeaker.get(link.speakerKey) ?? []), link.userId]);
		return bySpeaker;
	}

	/** Written before the role is given: a registration computing the member's roles meanwhile keeps it. */
	public hold(userId: string, since: Date): void {
		this.statements.hold.run(userId, since.toISOString());
	}

	/** Written once the role is taken back (or a ticket gives it anyway). */
	public letGo(userId: string): void {
		this.statements.letGo.run(userId);
	}

	/** Members usher gave the speakers' role for speaking. */
	public holders(): string[] {
		return this.statements.holders.all().map((row) => row.user_id);
	}

	public isHolder(userId: string): boolean {
		return this.statements.isHolder.get(userId) !== undefined;
	}
}

/** How `refusals()` names a pair. */
export function refusalKey(userId: string, speakerKey: string): string {
	return `${userId} ${speakerKey}`;
}

function fromRow(row: LinkRow): SpeakerLink {
	return { userId: row.user_id, speakerKey: row.speaker_key, speakerName: row.speaker_name, linkedBy: row.linked_by, linkedAt: row.linked_at, how: row.how };
}
