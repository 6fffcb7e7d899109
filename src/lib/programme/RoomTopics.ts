import type { TextChannel } from 'discord.js';
import type { Texts } from '#lib/i18n/texts';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { ChannelTopicKeeper } from './ChannelTopicKeeper';
import type { Clock } from './Clock';
import { topicFor, type LivestreamWatcher } from './livestreams';
import { errorText } from '#lib/errorText';
import type { ProgrammeLogger } from './ProgrammeLogger';

export interface RoomTopicsOptions {
	/** Configured room names, whose channels carry the livestream topic. */
	rooms: readonly string[];
	livestreams?: LivestreamWatcher;
	timezone: string;
	clock: Clock;
	/** Resolves a channel key (`ChannelKeys.*`) to the channel found at startup. */
	channel: (key: string) => TextChannel | undefined;
	logger: ProgrammeLogger;
	/** The `programme` texts of `[bot] language` for room topics; English by default. */
	texts?: Texts;
}

/** Room channel topics follow the livestream file; the keeper edits each only when its text changes, within Discord's limit. */
export class RoomTopics {
	private readonly keeper: ChannelTopicKeeper;
	private lastLivestreamError: string | undefined;

	public constructor(private readonly options: RoomTopicsOptions) {
		this.keeper = new ChannelTopicKeeper({
			reason: 'usher: livestream links',
			onError: (channel, error) => options.logger.warn(`Could not set the topic of #${channel.name}: ${errorText(error)}`)
		});
	}

	/** Asks for each room's current topic; returns at once. */
	public update(): void {
		const { livestreams, timezone, clock, logger, texts } = this.options;
		if (!livestreams) return;
		const table = livestreams.table();
		if (livestreams.lastError !== this.lastLivestreamError) {
			this.lastLivestreamError = livestreams.lastError;
			if (livestreams.lastError) logger.warn(`Livestream links not updated: ${livestreams.lastError}; the previous links stay.`);
		}
		for (const room of this.options.rooms) {
			const channel = this.options.channel(ChannelKeys.room(room));
			if (!channel) continue;
			this.keeper.want(channel, topicFor(room, table, clock.now(), timezone, texts));
		}
	}

	public stop(): Promise<void> {
		return this.keeper.stop();
	}
}
