// Numbers in organizer replies, in one style.

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
