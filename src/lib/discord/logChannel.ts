import { container } from '@sapphire/framework';
import type { TextChannel } from 'discord.js';
import { ChannelKeys } from './checkGuild';
import { MESSAGE_LIMIT } from './limits';
import { errorText } from '#lib/errorText';


/** How many of the waiting entries fit in one message (at least one; a long entry is cut to the limit). */
export function entriesThatFit(entries: readonly string[], limit = MESSAGE_LIMIT): number {
	let length = -1;
	let count = 0;
	for (const entry of entries) {
		length += Math.min(entry.length, limit) + 1;
		if (count > 0 && length > limit) break;
		count++;
	}
	return count;
}

/** At most one log message a second per channel: a rush costs a message a second, never the channel's whole bucket. */
export const LOG_INTERVAL_MS = 1000;

/**
 * One organizers' log channel. Entries wait at most about a second and go out together, so a morning rush costs one
 * message a second instead of one per registration (Discord allows ~5 per 5 s per channel, shared with everyone posting).
 */
export class ChannelLog {
	private readonly waiting: { text: string; done: () => void }[] = [];
	private sending: Promise<void> | null = null;
	private timer: NodeJS.Timeout | null = null;
	private nextAt = 0;
	private draining = false;

	public constructor(
		private readonly post: (content: string) => Promise<void>,
		private readonly intervalMs = LOG_INTERVAL_MS
	) {}

	public add(text: string): Promise<void> {
		return new Promise((done) => {
			this.waiting.push({ text: text.slice(0, MESSAGE_LIMIT), done });
			this.pump();
		});
	}

	/** Posts everything still waiting without the pacing pause (a shutdown step). */
	public async drain(): Promise<void> {
		this.draining = true;
		this.pump();
		while (this.sending || this.waiting.length) await (this.sending ?? Promise.resolve(this.pump()));
	}

	private pump(): void {
		if (this.sending || !this.waiting.length) return;
		const wait = this.nextAt - Date.now();
		if (wait > 0 && !this.draining) {
			this.timer ??= setTimeout(() => {
				this.timer = null;
				this.pump();
			}, wait);
			return;
		}
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.nextAt = Date.now() + this.intervalMs;
		const batch = this.waiting.splice(0, entriesThatFit(this.waiting.map((entry) => entry.text)));
		this.sending = this.post(batch.map((entry) => entry.text).join('\n')).finally(() => {
			for (const entry of batch) entry.done();
			this.sending = null;
			this.pump();
		});
	}
}

async function sendTo(channel: TextChannel, content: string): Promise<void> {
	try {
		await channel.send({ content, allowedMentions: { parse: [] } });
	} catch (error) {
		container.logger.warn(`Could not post to #${channel.name}: ${errorText(error)}`);
	}
}

const logs = new Map<string, ChannelLog>();

/** Posts to an organizers' log channel; resolves once posted. A failure is logged and never breaks the user's flow. */
export function postToLog(content: string, key: string = ChannelKeys.log): Promise<void> {
	const channel = container.directory?.channel(key) ?? container.directory?.channel(ChannelKeys.log);
	if (!channel) return Promise.resolve();
	let log = logs.get(channel.id);
	if (!log) logs.set(channel.id, (log = new ChannelLog((content) => sendTo(channel, content))));
	return log.add(content);
}

/** Waits until every queued log entry is posted (a shutdown step). */
export async function drainLogs(): Promise<void> {
	await Promise.all([...logs.values()].map((log) => log.drain()));
}
