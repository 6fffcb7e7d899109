import type { APIEmbed } from 'discord.js';
import type { TextChannel } from 'discord.js';
import type { Texts } from '#lib/i18n/texts';
import { morningContentAfter } from '#lib/agenda/morningPost';
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
	/** The `programme` texts of `[bot] language` for public posts; English by default. */
	texts?: Texts;
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
		const { timezone, logger, texts } = this.options;
		const main = this.options.channel(ChannelKeys.programmeMain);
		for (const content of splitIntoMessages(changes.map((change) => formatScheduleChange(change, timezone, texts)))) {
			await main?.send({ content, allowedMentions: { parse: [] } }).catch((error: unknown) => logger.warn(`Could not post a schedule change: ${errorText(error)}`));
		}
		// One edit per message with all its changes: two sessions of one post may change in the same refresh.
		const edits = new Map<string, { channel: TextChannel; messageId: string; postId: string; changes: { old: Session; change: ScheduleChange }[] }>();
		for (const change of changes) {
			const old = before.get(change.code);
			if (!old) continue;
			for (const entry of this.options.ledger.postedFor(change.code)) {
				const channel = this.options.channel(entry.channelKey);
				if (!channel) continue;
				for (const messageId of entry.messageIds) {
					const key = `${channel.id}/${messageId}`;
					const edit = edits.get(key) ?? { channel, messageId, postId: entry.id, changes: [] };
					edit.changes.push({ old, change });
					edits.set(key, edit);
				}
			}
		}
		for (const { channel, messageId, postId, changes: those } of edits.values()) {
			await this.annotatePost(channel, messageId, those).catch((error: unknown) =>
				logger.warn(`Could not mark post ${postId} with the change to ${those.map(({ change }) => change.code).join(', ')}: ${errorText(error)}`)
			);
		}
	}

	/**
	 * Marks each changed session's embed (or its line in a morning post); a cancelled session also loses its 🔔.
	 * Components not given to an edit stay as they are, so every other button and menu keeps working.
	 */
	private async annotatePost(channel: TextChannel, messageId: string, changes: readonly { old: Session; change: ScheduleChange }[]): Promise<void> {
		const { timezone, texts } = this.options;
		// Fresh, not cached: discord.js does not update its cached copy with our own earlier edits.
		const message = await channel.messages.fetch({ message: messageId, force: true });
		const embeds = message.embeds.map((embed) => embed.toJSON() as APIEmbed);
		let content = message.content;
		let components = message.components.map((row) => row.toJSON() as ComponentRow);
		const edited = { embeds: false, content: false, components: false };
		for (const { old, change } of changes) {
			const index = embeds.findIndex((embed) => isEmbedOf(embed, old));
			if (index >= 0) {
				embeds[index] = annotateEmbed(embeds[index]!, change, timezone, texts);
				edited.embeds = true;
			} else {
				const marked = morningContentAfter(content, old, change, timezone);
				if (marked !== undefined) [content, edited.content] = [marked, true];
			}
			const remaining = change.kind === 'cancelled' ? withoutSession(components, change.code) : undefined;
			if (remaining) [components, edited.components] = [remaining, true];
		}
		if (!edited.embeds && !edited.content && !edited.components) return;
		await message.edit({ ...(edited.embeds ? { embeds } : {}), ...(edited.content ? { content } : {}), ...(edited.components ? { components } : {}), allowedMentions: { parse: [] } });
	}
}

/** Finds a session's embed in a posted message: by talk URL, else by the title as it was rendered. */
function isEmbedOf(embed: APIEmbed, session: Session): boolean {
	if (session.url) return embed.url === session.url;
	return embed.title === escapedWithin(session.title, EMBED_LIMITS.title);
}
