import { container } from '@sapphire/framework';
import { ChannelKeys } from './checkGuild';

/** Posts to an organizers' log channel; a failure here is logged and never breaks the user's flow. */
export async function postToLog(content: string, key: string = ChannelKeys.log): Promise<void> {
	const channel = container.directory?.channel(key) ?? container.directory?.channel(ChannelKeys.log);
	if (!channel) return;
	try {
		await channel.send({ content: content.slice(0, 2000), allowedMentions: { parse: [] } });
	} catch (error) {
		container.logger.warn(`Could not post to #${channel.name}: ${error instanceof Error ? error.message : String(error)}`);
	}
}
