import type { CliCommand } from './types';

// Areas register here; each module exports a CliCommand. Kept as a lazy map so one area's deps never load for another.
const areas: Record<string, () => Promise<CliCommand>> = {
	// CLI-AREAS-END
};

export async function runCli(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
	const [area, ...rest] = argv;
	const load = area ? areas[area] : undefined;
	if (!load) {
		err(`Usage: npm run cli -- <${Object.keys(areas).join('|') || 'area'}> <action> [options]`);
		return 2;
	}
	const command = await load();
	return command(rest, out, err);
}
