import type { SqliteDatabase } from '#lib/store/Database';
import type { DmChannelStore } from './DirectMessages';

/** Every member's DM channel id once opened, whichever feature opened it: one slow bucket call per member, ever. */
export class DmChannels implements DmChannelStore {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			get: db.prepare<[string], { channel_id: string }>('SELECT channel_id FROM dm_channels WHERE user_id = ?'),
			set: db.prepare<[string, string]>('INSERT INTO dm_channels (user_id, channel_id) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET channel_id = excluded.channel_id'),
			forget: db.prepare<[string]>('DELETE FROM dm_channels WHERE user_id = ?')
		};
	}

	public dmChannel(userId: string): string | undefined {
		return this.statements.get.get(userId)?.channel_id;
	}

	public rememberDmChannel(userId: string, channelId: string): void {
		this.statements.set.run(userId, channelId);
	}

	/** The kept channel is gone (Unknown Channel), or the member asked to be forgotten. */
	public forgetDmChannel(userId: string): void {
		this.statements.forget.run(userId);
	}
}
