import { failureCause, unexpectedError } from '#lib/discord/failureAnswer';

export interface StartupStep {
	name: string;
	/** Resolves with a short note for the report ("posted", "812 tickets"). */
	run: () => Promise<string> | string;
	/** What the bot does instead when this step fails, for the report. */
	fallback?: () => string;
}

export interface StartupStepResult {
	name: string;
	ok: boolean;
	note: string;
}

/** Runs a feature's start-up steps each on its own: one that fails is reported, and the next still runs. */
export async function runStartupSteps(steps: readonly StartupStep[]): Promise<StartupStepResult[]> {
	const results: StartupStepResult[] = [];
	for (const step of steps) {
		try {
			results.push({ name: step.name, ok: true, note: await step.run() });
		} catch (error) {
			const cause = failureCause(error);
			// An error of no known kind says more in its own words than "an unexpected error".
			const detail = cause === unexpectedError && error instanceof Error ? error.message : cause;
			results.push({ name: step.name, ok: false, note: `failed: ${detail}${step.fallback ? `; ${step.fallback()}` : ''}` });
		}
	}
	return results;
}

/** One report for a feature's start-up: a line, or a line per step when something failed. */
export function formatStartupSteps(feature: string, results: readonly StartupStepResult[]): string {
	const failed = results.filter((result) => !result.ok).length;
	if (!failed) return `${feature} start-up: ${results.map((result) => `${result.name} ${result.note}`).join(' · ')}.`;
	return [`${feature} start-up: ${failed} of ${results.length} steps failed:`, ...results.map((result) => `  - ${result.ok ? '✓' : '✗'} ${result.name}: ${result.note}`)].join('\n');
}
