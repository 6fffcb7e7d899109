import { parseItem, parseOrder, type PretixItem, type PretixOrder, type SkipReport } from './schemas';

/** Splits text holding one or more JSON documents written one after another (e.g. `curl` of several pages). */
export function parseJsonDocuments(text: string): unknown[] {
	const documents: unknown[] = [];
	let depth = 0;
	let inString = false;
	let escaped = false;
	let start = -1;
	for (let i = 0; i < text.length; i++) {
		const char = text[i]!;
		if (inString) {
			if (escaped) escaped = false;
			else if (char === '\\') escaped = true;
			else if (char === '"') inString = false;
			continue;
		}
		if (char === '"') inString = true;
		else if (char === '{' || char === '[') {
			if (depth === 0) start = i;
			depth++;
		} else if (char === '}' || char === ']') {
			depth--;
			if (depth < 0) throw new SyntaxError(`unexpected '${char}' at offset ${i}`);
			if (depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
		} else if (depth === 0 && !/\s/.test(char)) throw new SyntaxError(`unexpected '${char}' at offset ${i}: expected a JSON object or array`);
	}
	if (depth !== 0 || inString) throw new SyntaxError('the JSON ends in the middle of a document');
	return documents;
}

/** Records from an API export: one page object, an array of pages, a bare results array, or several of those. */
export function exportRecords(documents: unknown[]): unknown[] {
	const records: unknown[] = [];
	const visit = (value: unknown) => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (value && typeof value === 'object' && Array.isArray((value as { results?: unknown }).results)) (value as { results: unknown[] }).results.forEach(visit);
		else records.push(value);
	};
	documents.forEach(visit);
	return records;
}

export function ordersFromExport(text: string): { orders: PretixOrder[]; skipped: SkipReport[] } {
	const { values, skipped } = parseRecords(text, (raw) => {
		const { order, skipped } = parseOrder(raw);
		return { value: order, skipped };
	});
	return { orders: values, skipped };
}

export function itemsFromExport(text: string): { items: PretixItem[]; skipped: SkipReport[] } {
	const { values, skipped } = parseRecords(text, (raw) => {
		const { item, skipped } = parseItem(raw);
		return { value: item, skipped };
	});
	return { items: values, skipped };
}

/** Validates every record of an export with `parse`, keeping the good ones and what was skipped. */
function parseRecords<T>(text: string, parse: (raw: unknown) => { value: T | null; skipped: SkipReport[] }): { values: T[]; skipped: SkipReport[] } {
	const values: T[] = [];
	const skipped: SkipReport[] = [];
	for (const raw of exportRecords(parseJsonDocuments(text))) {
		const parsed = parse(raw);
		if (parsed.value) values.push(parsed.value);
		skipped.push(...parsed.skipped);
	}
	return { values, skipped };
}
