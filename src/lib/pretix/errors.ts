/** Base class so callers can catch everything the pretix client throws in one place. */
export class PretixError extends Error {
	public constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = new.target.name;
	}
}

/** pretix is down, too slow or rate-limiting us beyond our retries; the caller should try again later. */
export class PretixUnavailableError extends PretixError {
	public constructor(
		message: string,
		public readonly status: number | null,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

/** The API token was rejected (401) or lacks permission for the event (403); retrying will not help. */
export class PretixAuthError extends PretixError {
	public constructor(
		message: string,
		public readonly status: 401 | 403
	) {
		super(message);
	}
}

/** pretix answered with something usher cannot use (unexpected status or a body that is not the expected JSON). */
export class PretixResponseError extends PretixError {
	public constructor(
		message: string,
		public readonly status: number
	) {
		super(message);
	}
}
