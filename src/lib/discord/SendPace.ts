import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Hands out send slots at a steady rate shared by every caller, so a burst of DMs stays under Discord's global limit
 * with room to spare for everything else the bot does at the same moment.
 */
export class SendPace {
	private nextSlotAt = 0;

	public constructor(
		public readonly perSecond: number,
		private readonly now: () => number = Date.now
	) {}

	/** Resolves when the caller may send one request. */
	public async slot(): Promise<void> {
		const now = this.now();
		const at = Math.max(now, this.nextSlotAt);
		this.nextSlotAt = at + 1000 / this.perSecond;
		if (at > now) await sleep(at - now);
	}
}
