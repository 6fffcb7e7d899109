/** Runs registered shutdown steps once, newest first, each bounded by a shared deadline, so SIGTERM never hangs. */
export class ShutdownCoordinator {
	private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
	private running: Promise<string[]> | null = null;

	public add(name: string, run: () => Promise<void> | void): void {
		this.steps.push({ name, run });
	}

	public get started(): boolean {
		return this.running !== null;
	}

	/** Resolves with the names of steps that failed or timed out; calling it again returns the same run. */
	public run(timeoutMs: number): Promise<string[]> {
		this.running ??= this.runSteps(timeoutMs);
		return this.running;
	}

	private async runSteps(timeoutMs: number): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		const failed: string[] = [];
		for (const step of [...this.steps].reverse()) {
			const remaining = Math.max(0, deadline - Date.now());
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<'timeout'>((resolve) => {
				timer = setTimeout(() => resolve('timeout'), remaining);
			});
			try {
				const outcome = await Promise.race([Promise.resolve().then(step.run), timeout]);
				if (outcome === 'timeout') failed.push(`${step.name} (timed out)`);
			} catch (error) {
				failed.push(`${step.name} (${error instanceof Error ? error.message : String(error)})`);
			} finally {
				clearTimeout(timer);
			}
		}
		return failed;
	}
}
