// Runs after tsc, finishing the compiled tree: its own package.json, so `#lib/*` resolves to the built .js files there
// (the root package.json maps it to src/ for tsx and tsc), and the language files tsc does not copy. Usage: node <outDir>/build/finishDist.js
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const outDir = join(__dirname, '..');
const root = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { imports: Record<string, string> };
const imports = Object.fromEntries(
	Object.entries(root.imports).map(([alias, target]) => [alias, target.replace(/^\.\/src\//, './').replace(/\.ts$/, '.js')])
);
writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ private: true, type: 'commonjs', imports }, null, '\t')}\n`);
cpSync(join(process.cwd(), 'src', 'languages'), join(outDir, 'languages'), { recursive: true });
