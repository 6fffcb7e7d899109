/** The schedule could not be fetched (network, timeout, HTTP error after retries); the caller falls back to its snapshot. */
export class ScheduleUnavailableError extends Error {
	public override readonly name = 'ScheduleUnavailableError';

	public constructor(
		message: string,
		public readonly status?: number,
		options?: ErrorOptions
	) {
		super(message, options);
	}
}

/** The document arrived but is not a schedule at all (not JSON, wrong shape). Single bad slots never raise this. */
export class ScheduleFormatError extends Error {
	public override readonly name = 'ScheduleFormatError';
}
