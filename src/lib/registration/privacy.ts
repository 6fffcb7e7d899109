// Masks for personal data that reaches logs and the attempt log: enough to correlate a support request, not to identify a person.

/** `Jane Doe` → `J***(8)`: first letter and length (in characters, not UTF-16 units). */
export function maskName(name: string): string {
	const chars = Array.from(name.trim());
	if (chars.length === 0) return '***(0)';
	return `${chars[0]}***(${chars.length})`;
}

/** `#ABC12-1` → `AB***`: the first two characters only; codes this short would reveal too much, so they are hidden fully. */
export function maskOrderCode(code: string): string {
	const bare = code.trim().replace(/^#/, '');
	if (bare.length < 4) return '***';
	return `${bare.slice(0, 2).toUpperCase()}***`;
}
