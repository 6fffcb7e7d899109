/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from here. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

export type Clock = () => Date;

/** Makes snowflake ids from an injectable clock and a sequence, so a seeded run always yields the same ids. */
export class SnowflakeFactory {
	#sequence: number;

	public constructor(
		private readonly clock: Clock,
		startSequence = 0
	) {
		this.#sequence = startSequence;
	}

	public next(): string {
		const n = this.#sequence++;
		// A frozen clock may need more than 4096 ids: borrow later milliseconds so ids stay unique.
		const ms = BigInt(this.clock().getTime()) - DISCORD_EPOCH + BigInt(Math.floor(n / 4096));
		// Worker id 1, process id 0: only the timestamp and increment vary.
		return ((ms << 22n) | (1n << 17n) | BigInt(n % 4096)).toString();
	}

	public static timestampOf(id: string): Date {
		return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH));
	}
}
