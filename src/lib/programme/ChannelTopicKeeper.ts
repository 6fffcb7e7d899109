import { topicNeedsUpdate } from './livestreams';

/** The part of a text channel the keeper uses. */
export interface TopicChannel {
	readonly id: string;
	readonly name: string;
	readonly topic: string | null;
	setTopic(topic: string, reason?: string): Promise<unknown>;
}

export interface TopicKeeperOptions {
	/** Real epoch milliseconds: Discord's limit runs on real time, also in a rehearsal. */
	now?: () => number;
	/** Edits allowed per channel within `windowMs` (Discord: 2 per 10 minutes for name and topic). */
	editsPerWindow?: number;
	windowMs?: number;
	reason?: string;
	onError: (channel: TopicChannel, error: unknown) => void;
	/** Injectable for tests; the timers are unref'd so a waiting edit never holds the process open. */
	setTimer?: (run: () => void, delayMs: number) => { cancel(): void };
}

interface ChannelState {
	channel: TopicChannel;
	/** Cleared when an edit to it failed, so a refused edit waits for the next wish instead of looping. */
	wanted: string | undefined;
	/** Real instants of this channel's recent edits, oldest first. */
	edits: number[];
	inFlight: boolean;
	timer?: { cancel(): void };
}

/**
 * Keeps room channel topics as wanted without ever making the caller wait: the latest wanted topic per channel wins,
 * at most `editsPerWindow` edits per channel per window are sent, and one edit per channel is in flight at a time.
 * An edit over the budget waits for the window to free up; a newer wish replaces it meanwhile.
 */
export class ChannelTopicKeeper {
	private readonly channels = new Map<string, ChannelState>();
	private readonly now: () => number;
	private readonly editsPerWindow: number;
	private readonly windowMs: number;
	private readonly setTimer: NonNullable<TopicKeeperOptions['setTimer']>;
	private readonly pending = new Set<Promise<void>>();
	private stopped = false;

	public constructor(private readonly options: TopicKeeperOptions) {
		this.now = options.now ?? Date.now;
		this.editsPerWindow = options.editsPerWindow ?? 2;
		this.windowMs = options.windowMs ?? 10 * 60_000;
		this.setTimer =
			options.setTimer ??
			((run, delayMs) => {
				const timer = setTimeout(run, delayMs).unref();
				return { cancel: () => clearTimeout(timer) };
			});
	}

	/** Asks for `topic` on `channel`; returns at once. */
	public want(channel: TopicChannel, topic: string): void {
		if (this.stopped) return;
		const state = this.channels.get(channel.id) ?? { channel, wanted: topic, edits: [], inFlight: false };
		state.channel = channel;
		state.wanted = topic;
		this.channels.set(channel.id, state);
		this.pump(state);
	}

	/** Edits sent but not answered yet settle; waiting edits are dropped (the next start recomputes the topics). */
	public async stop(): Promise<void> {
		this.stopped = true;
		for (const state of this.channels.values()) state.timer?.cancel();
		await Promise.allSettled([...this.pending]);
	}

	private pump(state: ChannelState): void {
		if (this.stopped || state.inFlight || state.timer || state.wanted === undefined) return;
		if (!topicNeedsUpdate(state.channel.topic, state.wanted)) return;
		const now = this.now();
		state.edits = state.edits.filter((at) => at > now - this.windowMs);
		if (state.edits.length >= this.editsPerWindow) {
			state.timer = this.setTimer(() => {
				delete state.timer;
				this.pump(state);
			}, state.edits[0]! + this.windowMs - now);
			return;
		}
		state.edits.push(now);
		state.inFlight = true;
		const topic = state.wanted;
		const edit = state.channel
			.setTopic(topic, this.options.reason)
			.then(
				() => undefined,
				(error: unknown) => {
					if (state.wanted === topic) state.wanted = undefined;
					this.options.onError(state.channel, error);
				}
			)
			.finally(() => {
				state.inFlight = false;
				this.pending.delete(edit);
				this.pump(state);
			});
		this.pending.add(edit);
	}
}
