// `npm run bench [-- NAME…]`: runs each bench in its own process, prints a table and writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { benches } from './registry';

const repoRoot = join(__dirname, '..', '..');
// `--bot "COMMAND"`: the rush is run for that bot too, in the same run, through the same path as usher.
const args = process.argv.slice(2);
const botAt = args.indexOf('--bot');
const botCommand = botAt >= 0 ? args[botAt + 1] : undefined;
if (botAt >= 0 && !botCommand) {
	console.error('--bot needs the command that starts the bot, e.g. --bot "python3 my_bot.py"');
	process.exit(2);
}
const selected = args.filter((arg, index) => !arg.startsWith('-') && (botAt < 0 || index !== botAt + 1));
const names = (selected.length ? selected : Object.keys(benches).filter((name) => !benches[name]!.needsBot)).flatMap((name) =>
	name === 'rush' && botCommand ? ['rush', 'rushBot'] : [name]
);
if (names.includes('rushBot') && !botCommand) {
	console.error('rushBot needs --bot "COMMAND"');
	process.exit(2);
}
const results: Record<string, unknown> = {};
let failed = 0;

for (const name of names) {
	const bench = benches[name];
	if (!bench) {
		console.error(`unknown bench "${name}" (known: ${Object.keys(benches).join(', ')})`);
		process.exit(2);
	}
	process.stdout.write(`• ${bench.title} … `);
	const run = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'runOne.ts'), name], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: { ...process.env, ...(botCommand ? { BENCH_BOT_COMMAND: botCommand } : {}) }
	});
	const line = run.stdout.split('\n').find((text) => text.startsWith('BENCH-RESULT '));
	if (run.status !== 0 || !line) {
		failed++;
		console.log('failed');
		console.error(run.stderr || run.stdout);
		continue;
	}
	results[name] = JSON.parse(line.slice('BENCH-RESULT '.length));
	console.log('done');
}

console.log('');
for (const [name, result] of Object.entries(results)) {
	console.log(`${benches[name]!.title}`);
	const rows = Array.isArray(result) ? result : Object.entries(result as Record<string, unknown>).map(([key, value]) => ({ measure: key, value }));
	console.table(rows);
}
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30) };
mkdirSync(join(repoRoot, 'bench'), { recursive: true });
// A run of some benches replaces only their results; the others keep theirs, each with when and where it was measured.
const file = join(repoRoot, 'bench', 'results.json');
const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results?: Record<string, unknown>; runs?: Record<string, unknown> }) : {};
const at = new Date().toISOString();
const runs = { ...earlier.runs, ...Object.fromEntries(Object.keys(results).map((name) => [name, { at, machine }])) };
writeFileSync(file, `${JSON.stringify({ at, machine, results: { ...earlier.results, ...results }, runs }, null, 2)}\n`);
console.log(`Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}. Results in bench/results.json.`);
process.exit(failed ? 1 : 0);
