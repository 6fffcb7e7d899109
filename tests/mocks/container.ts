// Sapphire's `container` for unit tests of classes that read it (RegistrationDesk, postToLog): set what a test needs,
// put the old values back afterwards.
import { container, type Container } from '@sapphire/framework';

/** Sets `values` on the container; the returned function restores what was there (absent keys are deleted again). */
export function overrideContainer(values: Partial<Container>): () => void {
	const target = container as unknown as Record<string, unknown>;
	const saved = Object.keys(values).map((key) => [key, Object.hasOwn(target, key), target[key]] as const);
	Object.assign(container, values);
	return () => {
		for (const [key, had, value] of saved) {
			if (had) target[key] = value;
			else delete target[key];
		}
	};
}

/** A logger that keeps what it was told, by level; stands in for Sapphire's. */
export class RecordingLogger {
	public readonly lines: Array<{ level: string; text: string }> = [];
	public readonly debug = (...values: readonly unknown[]) => this.record('debug', values);
	public readonly info = (...values: readonly unknown[]) => this.record('info', values);
	public readonly warn = (...values: readonly unknown[]) => this.record('warn', values);
	public readonly error = (...values: readonly unknown[]) => this.record('error', values);

	public at(level: string): string[] {
		return this.lines.filter((line) => line.level === level).map((line) => line.text);
	}

	private record(level: string, values: readonly unknown[]): void {
		this.lines.push({ level, text: values.map(String).join(' ') });
	}
}
