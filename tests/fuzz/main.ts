import { parseArgs } from 'node:util';
import { runModalFuzz } from './modalFuzz';

// npm run fuzz -- --count 10000 --seed 42
async function main(): Promise<number> {
	const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, seed: { type: 'string' }, concurrency: { type: 'string', default: '8' } } });
	const count = Number(values.count);
	const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
	const concurrency = Number(values.concurrency);
	if (![count, seed, concurrency].every((n) => Number.isInteger(n) && n >= 0) || count === 0 || concurrency === 0) {
		console.error('usage: npm run fuzz -- [--count N] [--seed N] [--concurrency N]   (whole numbers, count and concurrency ≥ 1)');
		return 2;
	}
	console.log(`fuzzing ${count} registration forms with seed ${seed}`);
	const started = Date.now();
	const report = await runModalFuzz({
		seed,
		count,
		concurrency,
		onProgress: (done) => {
			if (done % 500 === 0) console.log(`  ${done}/${count}`);
		}
	});
	console.log(`${report.submissions} submissions in ${((Date.now() - started) / 1000).toFixed(1)} s, ${report.registered} registered`);
	for (const [kind, n] of Object.entries(report.replies).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${kind}`);
	if (report.violations.length === 0) {
		console.log('no violations');
		return 0;
	}
	console.log(`${report.violations.length} violations (reproduce with --seed ${seed}):`);
	for (const violation of report.violations.slice(0, 50)) console.log(`  ${violation}`);
	return 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	}
);
