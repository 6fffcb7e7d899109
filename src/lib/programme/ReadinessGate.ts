/** Opens when the first refresh after a (re)start has finished; notify jobs that fire before it wait, up to a limit. */
export class ReadinessGate {
	private markOpen!: () => void;
	private readonly opened = new Promise<void>((resolve) => (this.markOpen = resolve));

	/** `timeoutMs`: how long a job waits before it fails and the queue retries it. */
	public constructor(private readonly timeoutMs = 30_000) {}

	public open(): void {
		this.markOpen();
	}

	/** Resolves once open; rejects after the timeout so the job goes back to the queue instead of hanging. */
	public async wait(): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error('the programme is not loaded yet; the job will retry')), this.timeoutMs);
		});
		try {
			await Promise.race([this.opened, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}
}
