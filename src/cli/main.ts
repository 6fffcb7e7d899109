// Entry for `npm run cli -- <area> <action> [...flags]`; each area lives in its own module under src/cli/.
import { runCli } from './run';
import { errorText } from '#lib/errorText';

runCli(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`Error: ${errorText(error)}`);
		process.exit(2);
	}
);
