import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';

/**
 * Makes a file read-only the way production meets it (a restored backup owned by another user, a read-only volume):
 * `chmod a-w` for a normal user; root ignores permission bits, so there the immutable flag does the same job.
 */
export function makeReadOnly(file: string): void {
	if (process.getuid?.() === 0) execFileSync('chattr', ['+i', file]);
	else chmodSync(file, 0o444);
}

export function makeWritable(file: string): void {
	if (process.getuid?.() === 0) execFileSync('chattr', ['-i', file]);
	else chmodSync(file, 0o644);
}
