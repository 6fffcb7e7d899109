import { container } from '@sapphire/framework';
import type { TextChannel } from 'discord.js';
import { ChannelKeys } from './checkGuild';

const messageLimit = 2000;

/** How many of the waiting entries fit in one message (at least one; a long entry is cut to the limit). */
export function entriesThatFit(entries: readonly string[], limit = messageLimit): number {
	let length = -1;
	let count = 0;
	for (const entry of entries) {
		length += Math.min(entry.length, limit) + 1;
		if (count > 0 && length > limit) break;
		count++;
	}
	return count;
}

/**
 * One organizers' log channel. Entries that arrive while a post is under way are sent together in the next one, so a
 * morning rush costs a few messages a second instead of one per registration (Discord allows ~5 per 5 s per channel).
 */
class ChannelLog {
	private readonly waiting: { text: string; done: () => void }[] = [];
	private sending: Promise<void> | null = null;

	public constructor(private readonly channel: TextChannel) {}

	public add(text: string): Promise<void> {
		return new Promise((done) => {
			this.waiting.push({ text: text.slice(0, messageLimit), done });
			this.pump();
		});
	}

	public async drain(): Promise<void> {
		while (this.sending) await this.sending;
	}

	private pump(): void {
		if (this.sending || !this.waiting.length) return;
		const batch = this.waiting.splice(0, entriesThatFit(this.waiting.map((entry) => entry.text)));
		this.sending = this.send(batch.map((entry) => entry.text).join('\n')).finally(() => {
			for (const entry of batch) entry.done();
			this.sending = null;
			this.pump();
		});
	}

	private async send(content: string): Promise<void> {
		try {
			await this.channel.send({ content, allowedMentions: { parse: [] } });
		} catch (error) {
			container.logger.warn(`Could not post to #${this.channel.name}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

const logs = new Map<string, ChannelLog>();

/** Posts to an organizers' log channel; resolves once posted. A failure is logged and never breaks the user's flow. */
export function postToLog(content: string, key: string = ChannelKeys.log): Promise<void> {
	const channel = container.directory?.channel(key) ?? container.directory?.channel(ChannelKeys.log);
	if (!channel) return Promise.resolve();
	let log = logs.get(channel.id);
	if (!log) logs.set(channel.id, (log = new ChannelLog(channel)));
	return log.add(content);
}

/** Waits until every queued log entry is posted (a shutdown step). */
export async function drainLogs(): Promise<void> {
	await Promise.all([...logs.values()].map((log) => log.drain()));
}
