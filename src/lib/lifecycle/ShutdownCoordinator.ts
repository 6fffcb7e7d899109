import { errorText } from '#lib/errorText';

/** How much of the deadline the closing steps (log drain, queue, gateway, database) keep for themselves, whatever the features take. */
const closingShare = 0.3;

interface Step {
	name: string;
	run: () => Promise<void> | void;
}

/**
 * Runs shutdown steps once under one deadline, so SIGTERM never hangs. Feature steps (offline notice, timers) run side
 * by side, so one that hangs on a dead Redis cannot hold back another's offline notice; then the closing steps run
 * one after another in the order added, with a share of the deadline features cannot eat: SQLite always closes.
 */
export class ShutdownCoordinator {
	private readonly features: Step[] = [];
	private readonly closing: Step[] = [];
	private running: Promise<string[]> | null = null;

	/** A feature's step (offline notice, timers, a queue of its own); features stop side by side. */
	public add(name: string, run: () => Promise<void> | void): void {
		this.features.push({ name, run });
	}

	/** A step that closes what every feature uses (log channel, task queue, gateway, database); run after all features, in the order added. */
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
		const failed = (await Promise.all(this.features.map((step) => runBounded(step, featureDeadline)))).filter((failure) => failure !== null);
		for (const step of this.closing) {
			const failure = await runBounded(step, deadline);
			if (failure) failed.push(failure);
		}
		return failed;
	}
}

/** Runs one step until it ends or the deadline passes; resolves with why it did not finish, or null. */
async function runBounded(step: Step, deadline: number): Promise<string | null> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
	});
	try {
		// A synchronous step (closing SQLite) runs in this microtask, before even a spent deadline's timer fires.
		const outcome = await Promise.race([Promise.resolve().then(step.run), timeout]);
		return outcome === 'timeout' ? `${step.name} (timed out)` : null;
	} catch (error) {
		return `${step.name} (${errorText(error)})`;
	} finally {
		clearTimeout(timer);
	}
}
