import { guildCli } from './guild';
import { scheduleCli } from './schedule';
import { ticketsCli } from './tickets';
import type { CliCommand } from './types';

// Areas register here; each module exports a CliCommand run with the arguments after the area name.
const areas: Record<string, CliCommand> = {
	tickets: ticketsCli,
	schedule: scheduleCli,
	guild: guildCli,
	// CLI-AREAS-END
};

export async function runCli(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): Promise<number> {
	const [area, ...rest] = argv;
	const command = area ? areas[area] : undefined;
	if (!command) {
		err(`Usage: npm run cli -- <${Object.keys(areas).join('|') || 'area'}> <action> [options]`);
		return 2;
	}
	return command(rest, out, err);
}
