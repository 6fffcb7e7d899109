import { MESSAGE_LIMIT } from '#lib/discord/limits';

// Helpers for organizer replies: Discord caps a message at 2000 characters and must never ping from a role name.

export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}

/** `1 person`, `3 people`: counts with a correctly numbered noun. */
export function plural(count: number, one: string, many: string): string {
	return `${formatCount(count)} ${count === 1 ? one : many}`;
}

export function formatPercent(part: number, whole: number): string {
	return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–';
}

/**
 * Joins `head` and as many `items` as fit in `limit`; the rest collapse into one `summarize(rest)` line.
 */
export function fitLines<T>(head: readonly string[], items: readonly T[], line: (item: T) => string, summarize: (rest: readonly T[]) => string, limit = MESSAGE_LIMIT): string {
	const lines = [...head];
	let length = lines.join('\n').length;
	for (let index = 0; index < items.length; index++) {
		const next = line(items[index]);
		const rest = items.slice(index + 1);
		// Reserve room for the summary line unless this is the last item.
		const reserve = rest.length > 0 ? 1 + summarize(rest).length : 0;
		if (length + 1 + next.length + reserve > limit) {
			lines.push(summarize(items.slice(index)));
			return lines.join('\n');
		}
		lines.push(next);
		length += 1 + next.length;
	}
	return lines.join('\n');
}
