import type { APIEmbed } from 'discord.js';
import type { TextChannel } from 'discord.js';
import { withoutSession, type ComponentRow } from '#lib/agenda/remindComponents';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { annotateEmbed, formatScheduleChange, type ScheduleChange } from './diff';
import { EMBED_LIMITS, splitIntoMessages } from '#lib/discord/limits';
import { escapedWithin } from './format';
import { errorText } from '#lib/errorText';
import type { ProgrammeLogger } from './ProgrammeLogger';
import type { NotificationLedger } from './NotificationLedger';
import type { Session } from './Session';

export interface ChangeAnnouncerOptions {
	ledger: NotificationLedger;
	timezone: string;
	/** Resolves a channel key (`ChannelKeys.*`) to the channel found at startup. */
	channel: (key: string) => TextChannel | undefined;
	logger: ProgrammeLogger;
}

/** Tells the main channel what moved or was cancelled, and marks the notices already posted for those sessions. */
export class ChangeAnnouncer {
	/** Announcements of past refreshes, in order; refreshes never wait for them. */
	private announcing: Promise<void> = Promise.resolve();

	public constructor(private readonly options: ChangeAnnouncerOptions) {}

	/** Queues the announcement of `changes` (against the sessions as they were `before`) and returns at once. */
	public announce(changes: readonly ScheduleChange[], before: ReadonlyMap<string, Session>): void {
		this.announcing = this.announcing
			.then(() => this.post(changes, before))
			.catch((error: unknown) => this.options.logger.warn(`Schedule changes not announced: ${errorText(error)}`));
	}

	/** Waits for the queued announcements. */
	public async stop(): Promise<void> {
		await this.announcing;
	}

	private async post(changes: readonly ScheduleChange[], before: ReadonlyMap<string, Session>): Promise<void> {
		if (!changes.length) return;
		const { timezone, logger } = this.options;
		const main = this.options.channel(ChannelKeys.programmeMain);
		for (const content of splitIntoMessages(changes.map((change) => formatScheduleChange(change, timezone)))) {
			await main?.send({ content, allowedMentions: { parse: [] } }).catch((error: unknown) => logger.warn(`Could not post a schedule change: ${errorText(error)}`));
		}
		for (const change of changes) {
			const old = before.get(change.code);
			if (!old) continue;
			for (const entry of this.options.ledger.postedFor(change.code)) {
				// A morning post has no embed to mark: only a cancellation changes it (its menus), so only then is it fetched.
				if (entry.kind === 'morning' && change.kind !== 'cancelled') continue;
				const channel = this.options.channel(entry.channelKey);
				if (!channel) continue;
				for (const messageId of entry.messageIds) {
					await this.annotatePost(channel, messageId, old, change).catch((error: unknown) =>
						logger.warn(`Could not mark post ${entry.id} with the change to ${change.code}: ${errorText(error)}`)
					);
				}
			}
		}
	}

	/** Marks the session's embed; a cancelled session also loses its 🔔 (other components stay: an edit without them keeps them). */
	private async annotatePost(channel: TextChannel, messageId: string, old: Session, change: ScheduleChange): Promise<void> {
		const message = await channel.messages.fetch(messageId);
		const embeds = message.embeds.map((embed) => embed.toJSON() as APIEmbed);
		const index = embeds.findIndex((embed) => isEmbedOf(embed, old));
		if (index >= 0) embeds[index] = annotateEmbed(embeds[index]!, change, this.options.timezone);
		const components = change.kind === 'cancelled' ? withoutSession(message.components.map((row) => row.toJSON() as ComponentRow), change.code) : undefined;
		if (index < 0 && !components) return;
		await message.edit({ ...(index >= 0 ? { embeds } : {}), ...(components ? { components } : {}), allowedMentions: { parse: [] } });
	}
}

/** Finds a session's embed in a posted message: by talk URL, else by the title as it was rendered. */
function isEmbedOf(embed: APIEmbed, session: Session): boolean {
	if (session.url) return embed.url === session.url;
	return embed.title === escapedWithin(session.title, EMBED_LIMITS.title);
}
