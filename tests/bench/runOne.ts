// Runs one bench in a fresh process (so peak RSS and timings are its own) and prints its result as JSON.
import { benches } from './registry';

async function main(): Promise<void> {
	const name = process.argv[2] ?? '';
	const bench = benches[name];
	if (!bench) throw new Error(`unknown bench "${name}" (known: ${Object.keys(benches).join(', ')})`);
	const result = await bench.run();
	process.stdout.write(`\nBENCH-RESULT ${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
