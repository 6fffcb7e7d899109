import type { DmChannelStore } from '#lib/discord/DirectMessages';
import type { SqliteDatabase } from '#lib/store/Database';

export interface SpeakerLink {
	userId: string;
	speakerKey: string;
	speakerName: string;
	linkedBy: string;
	linkedAt: string;
}

interface LinkRow {
	user_id: string;
	speaker_key: string;
	speaker_name: string;
	linked_by: string;
	linked_at: string;
}

/** Members linked to the programme's speakers by organizers, and the DM channels of linked speakers once opened. */
export class SpeakerLinks implements DmChannelStore {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			link: db.prepare<LinkRow>(
				`INSERT INTO speaker_links (user_id, speaker_key, speaker_name, linked_by, linked_at)
				 VALUES (@user_id, @speaker_key, @speaker_name, @linked_by, @linked_at) ON CONFLICT DO NOTHING`
			),
			unlinkOne: db.prepare<[string, string]>('DELETE FROM speaker_links WHERE user_id = ? AND speaker_key = ?'),
			unlinkAll: db.prepare<[string]>('DELETE FROM speaker_links WHERE user_id = ?'),
			ofUser: db.prepare<[string], LinkRow>('SELECT * FROM speaker_links WHERE user_id = ? ORDER BY speaker_name'),
			all: db.prepare<[], LinkRow>('SELECT * FROM speaker_links ORDER BY speaker_name, user_id'),
			getChannel: db.prepare<[string], { channel_id: string }>('SELECT channel_id FROM speaker_dm_channels WHERE user_id = ?'),
			setChannel: db.prepare<[string, string]>('INSERT INTO speaker_dm_channels (user_id, channel_id) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id'),
			forgetChannel: db.prepare<[string]>('DELETE FROM speaker_dm_channels WHERE user_id = ?')
		};
	}

	/** False when the member was already linked to that speaker. */
	public link(link: SpeakerLink): boolean {
		return (
			this.statements.link.run({ user_id: link.userId, speaker_key: link.speakerKey, speaker_name: link.speakerName, linked_by: link.linkedBy, linked_at: link.linkedAt }).changes > 0
		);
	}

	/** Removes one link, or every link of the member without `speakerKey`; returns the links removed. */
	public unlink(userId: string, speakerKey?: string): SpeakerLink[] {
		const before = this.linksOf(userId).filter((link) => speakerKey === undefined || link.speakerKey === speakerKey);
		if (speakerKey === undefined) this.statements.unlinkAll.run(userId);
		else this.statements.unlinkOne.run(userId, speakerKey);
		return before;
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

	public dmChannel(userId: string): string | undefined {
		return this.statements.getChannel.get(userId)?.channel_id;
	}

	public rememberDmChannel(userId: string, channelId: string): void {
		this.statements.setChannel.run(userId, channelId);
	}

	public forgetDmChannel(userId: string): void {
		this.statements.forgetChannel.run(userId);
	}
}

function fromRow(row: LinkRow): SpeakerLink {
	return { userId: row.user_id, speakerKey: row.speaker_key, speakerName: row.speaker_name, linkedBy: row.linked_by, linkedAt: row.linked_at };
}
