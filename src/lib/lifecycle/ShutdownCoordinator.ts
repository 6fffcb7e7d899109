/** How much of the deadline the closing steps (queue, gateway, database) keep for themselves, whatever the features take. */
const closingShare = 0.3;

interface Step {
	name: string;
	run: () => Promise<void> | void;
}

/**
 * Runs shutdown steps once under one deadline, so SIGTERM never hangs: feature steps newest first, then the closing
 * steps in the order added. Features that overrun cannot eat the closing steps' share: the gateway and SQLite always close.
 */
export class ShutdownCoordinator {
	private readonly steps: Step[] = [];
	private readonly closing: Step[] = [];
	private running: Promise<string[]> | null = null;

	/** A feature's step (offline notice, timers, log drain); the newest runs first. */
	public add(name: string, run: () => Promise<void> | void): void {
		this.steps.push({ name, run });
	}

	/** A step that closes what every feature uses; these run after all features, in the order added. */
	public addClosing(name: string, run: () => Promise<void> | void): void {
		this.closing.push({ name, run });
	}

	public get started(): boolean {
		return this.running !== null;
	}

	/** Resolves within `timeoutMs` with the names of steps that failed or timed out; calling it again returns the same run. */
	public run(timeoutMs: number): Promise<string[]> {
		this.running ??= this.runSteps(timeoutMs);
		return this.running;
	}

	private async runSteps(timeoutMs: number): Promise<string[]> {
		const deadline = Date.now() + timeoutMs;
		const featureDeadline = this.closing.length ? deadline - timeoutMs * closingShare : deadline;
		const failed: string[] = [];
		for (const step of [...this.steps].reverse()) await runBounded(step, featureDeadline, failed);
		for (const step of this.closing) await runBounded(step, deadline, failed);
		return failed;
	}
}

async function runBounded(step: Step, deadline: number, failed: string[]): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
	});
	try {
		// A synchronous step (closing SQLite) runs in this microtask, before even a spent deadline's timer fires.
		const outcome = await Promise.race([Promise.resolve().then(step.run), timeout]);
		if (outcome === 'timeout') failed.push(`${step.name} (timed out)`);
	} catch (error) {
		failed.push(`${step.name} (${error instanceof Error ? error.message : String(error)})`);
	} finally {
		clearTimeout(timer);
	}
}
