/**
 * Runs `work` one at a time: a call while it runs returns the run in flight and asks for one more run after it, so
 * the last caller's view always gets applied. Stops repeating once `stopped()` says so.
 */
export class RerunOnce {
	private running: Promise<void> | undefined;
	private again = false;

	public constructor(
		private readonly work: () => Promise<void>,
		private readonly stopped: () => boolean = () => false
	) {}

	public run(): Promise<void> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = (async () => {
			do {
				this.again = false;
				await this.work();
			} while (this.again && !this.stopped());
		})().finally(() => (this.running = undefined));
		return this.running;
	}

	/** The run in flight, if any. */
	public get inFlight(): Promise<void> | undefined {
		return this.running;
	}
}
