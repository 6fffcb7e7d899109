import { readFile } from 'node:fs/promises';
import type { ParsedSchedule } from '#lib/programme/Session';
import { ScheduleFormatError, ScheduleUnavailableError } from './errors';
import { isFrabDocument, parseFrabSchedule } from './frab';
import { fetchJson, type HttpOptions } from './http';
import { isPretalxLegacyDocument, parsePretalxLegacySchedule } from './pretalxLegacy';
import { isPretalxV2Document, parsePretalxV2Schedule, PRETALX_SCHEDULE_EXPAND } from './pretalxV2';

export type SourceFetch = { status: 'unchanged' } | { status: 'fresh'; schedule: ParsedSchedule; etag?: string };

/** A place the programme comes from. `fetch` throws ScheduleUnavailableError or ScheduleFormatError on failure. */
export interface ScheduleSource {
	/** Short label for status and logs, without secrets. */
	readonly name: string;
	fetch(previous?: { etag?: string }): Promise<SourceFetch>;
}

export interface FrabJsonSourceOptions extends HttpOptions {
	/** Full URL of `/{event}/schedule/export/schedule.json`. */
	url: string;
	timezone?: string;
}

/** The default source: pretalx's public frab JSON export, fetched conditionally with its ETag. */
export class FrabJsonSource implements ScheduleSource {
	public readonly name = 'frab';

	public constructor(private readonly options: FrabJsonSourceOptions) {}

	public async fetch(previous?: { etag?: string }): Promise<SourceFetch> {
		const result = await fetchJson(this.options.url, {}, { ...this.options, ...(previous?.etag ? { etag: previous.etag } : {}) });
		if (result.status === 'unchanged') return result;
		const schedule = parseFrabSchedule(result.json, { ...(this.options.timezone ? { timezone: this.options.timezone } : {}) });
		return { status: 'fresh', schedule, ...(result.etag ? { etag: result.etag } : {}) };
	}
}

export interface PretalxApiSourceOptions extends HttpOptions {
	/** pretalx instance, e.g. `https://pretalx.com`. */
	baseUrl: string;
	event: string;
	language?: string;
	/** Only needed before the schedule is public. */
	token?: string;
}

/**
 * pretalx API v2 `/schedules/latest/` with everything expanded; pinned to v2 so a server upgrade cannot change the shape.
 * A self-hosted pretalx older than 2025.1 ignores the pin and answers in the legacy shape, which is read too.
 */
export class PretalxApiSource implements ScheduleSource {
	public readonly name = 'pretalx-api';

	public constructor(private readonly options: PretalxApiSourceOptions) {}

	public get url(): string {
		const base = this.options.baseUrl.replace(/\/+$/, '');
		return `${base}/api/events/${encodeURIComponent(this.options.event)}/schedules/latest/?expand=${PRETALX_SCHEDULE_EXPAND}`;
	}

	public async fetch(previous?: { etag?: string }): Promise<SourceFetch> {
		const headers: Record<string, string> = { 'Pretalx-Version': 'v2', ...(this.options.token ? { Authorization: `Token ${this.options.token}` } : {}) };
		const result = await fetchJson(this.url, headers, { ...this.options, ...(previous?.etag ? { etag: previous.etag } : {}) });
		if (result.status === 'unchanged') return result;
		const options = { baseUrl: this.options.baseUrl, event: this.options.event, ...(this.options.language ? { language: this.options.language } : {}) };
		const schedule = isPretalxLegacyDocument(result.json) ? parsePretalxLegacySchedule(result.json, options) : parsePretalxV2Schedule(result.json, options);
		return { status: 'fresh', schedule, ...(result.etag ? { etag: result.etag } : {}) };
	}
}

export interface DocumentParseOptions {
	timezone?: string;
	language?: string;
}

/** Reads a schedule document in any format (frab JSON, pretalx v2 or legacy API), telling them apart by shape. */
export function parseScheduleDocument(json: unknown, options: DocumentParseOptions = {}): ParsedSchedule {
	if (isFrabDocument(json)) return parseFrabSchedule(json, options.timezone ? { timezone: options.timezone } : {});
	if (isPretalxLegacyDocument(json)) return parsePretalxLegacySchedule(json, options.language ? { language: options.language } : {});
	if (isPretalxV2Document(json)) return parsePretalxV2Schedule(json, options.language ? { language: options.language } : {});
	throw new ScheduleFormatError('neither a frab schedule (schedule.conference.days) nor a pretalx v2 schedule (slots)');
}

/** A local JSON file in either format: open spaces, sprints, or a rehearsal copy of the programme. */
export class FileSource implements ScheduleSource {
	public readonly name: string;

	public constructor(
		private readonly path: string,
		private readonly options: DocumentParseOptions = {}
	) {
		this.name = `file:${path}`;
	}

	public async fetch(): Promise<SourceFetch> {
		let text: string;
		try {
			text = await readFile(this.path, 'utf8');
		} catch (error) {
			throw new ScheduleUnavailableError(`cannot read ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, undefined, { cause: error });
		}
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			throw new ScheduleFormatError(`${this.path} is not valid JSON`);
		}
		return { status: 'fresh', schedule: parseScheduleDocument(json, this.options) };
	}
}
