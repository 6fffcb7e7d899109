import { isDiscordError } from './apiErrors';
import { RESTJSONErrorCodes, Routes, type Client, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';

/** Where a member's DM channel id is kept once opened. */
export interface DmChannelStore {
	dmChannel(userId: string): string | undefined;
	rememberDmChannel(userId: string, channelId: string): void;
	forgetDmChannel(userId: string): void;
}

/** `closed`: Discord refused it (403 50007: DMs from server members off, or no server shared any more). */
export type DmOutcome = 'sent' | 'closed';

/**
 * DMs to members. Opening a DM channel spends one slow bot-wide bucket, so each channel is opened once and its id kept;
 * a DM then costs a single message post in the channel's own bucket.
 */
export class DirectMessages {
	public constructor(
		private readonly client: () => Client,
		private readonly store: DmChannelStore
	) {}

	/** Opens (or finds) the member's DM channel and keeps its id; sends nothing. */
	public async open(userId: string): Promise<string> {
		const known = this.store.dmChannel(userId);
		if (known) return known;
		const channel = await this.client().users.createDM(userId, { cache: false });
		this.store.rememberDmChannel(userId, channel.id);
		return channel.id;
	}

	public async send(userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<DmOutcome> {
		const message = { ...body, allowed_mentions: { parse: [] } };
		try {
			await this.client().rest.post(Routes.channelMessages(await this.open(userId)), { body: message });
			return 'sent';
		} catch (error) {
			if (isDiscordError(error, RESTJSONErrorCodes.CannotSendMessagesToThisUser)) return 'closed';
			if (!isDiscordError(error, RESTJSONErrorCodes.UnknownChannel)) throw error;
			// The kept channel is gone: open a fresh one, once.
			this.store.forgetDmChannel(userId);
			try {
				await this.client().rest.post(Routes.channelMessages(await this.open(userId)), { body: message });
				return 'sent';
			} catch (retryError) {
				if (isDiscordError(retryError, RESTJSONErrorCodes.CannotSendMessagesToThisUser)) return 'closed';
				throw retryError;
			}
		}
	}
}
