import TOML from '@iarna/toml';
import { readFileSync, statSync } from 'node:fs';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Texts } from '#lib/i18n/texts';
import { englishProgrammeTexts, localTimeText } from './programmeTexts';

/** Room name → conference-local date (`2026-07-14`) → stream URL. */
export type LivestreamTable = Map<string, Map<string, string>>;

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;
const TOPIC_LIMIT = 1024;

const roomSchema = z
	.object({ name: z.string().trim().min(1, 'each room needs a name = "…" matching the pretalx room') })
	.catchall(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }))
	.superRefine((room, context) => {
		for (const key of Object.keys(room)) {
			if (key !== 'name' && !DATE_KEY.test(key)) context.addIssue({ code: 'custom', message: `"${key}" is not a date like "2026-07-14"`, path: [key] });
		}
	});
const fileSchema = z.object({ rooms: z.record(z.string(), roomSchema).default({}) }).strict();

export class LivestreamConfigError extends Error {
	public override readonly name = 'LivestreamConfigError';
}

/** Parses `livestreams.toml` (`[rooms.forum-hall] name = "Forum Hall"  "2026-07-14" = "https://…"`). */
export function parseLivestreams(text: string, file = 'livestreams.toml'): LivestreamTable {
	let raw: unknown;
	try {
		raw = TOML.parse(text);
	} catch (error) {
		throw new LivestreamConfigError(`${file}: not valid TOML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
	}
	const parsed = fileSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new LivestreamConfigError(`${file}: ${issue.path.join('.')}: ${issue.message}`);
	}
	const table: LivestreamTable = new Map();
	for (const { name, ...days } of Object.values(parsed.data.rooms)) {
		table.set(name, new Map(Object.entries(days).sort(([a], [b]) => a.localeCompare(b))));
	}
	return table;
}

/** The stream for a room on the conference-local day of `instant`. */
export function livestreamFor(table: LivestreamTable, room: string, instant: Date, timezone: string): string | undefined {
	const day = DateTime.fromJSDate(instant, { zone: timezone }).toISODate();
	return day ? table.get(room)?.get(day) : undefined;
}

/**
 * A room channel's topic: its name, plus the stream links once the first stream day is at most a day away
 * (earlier, links would only confuse). `t`: the `programme` texts of `[bot] language`.
 */
export function topicFor(room: string, table: LivestreamTable, now: Date, timezone: string, t: Texts = englishProgrammeTexts()): string {
	const base = t('topicRoom', { room });
	const streams = [...(table.get(room) ?? new Map<string, string>())];
	const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
	const first = streams[0] ? DateTime.fromISO(streams[0][0], { zone: timezone }) : undefined;
	if (!first || first.diff(today, 'days').days > 1) return base;
	const lines = streams.map(([day, url]) =>
		t('topicLivestream', { day: localTimeText(DateTime.fromISO(day, { zone: timezone }).toJSDate(), timezone, 'weekdayFormat', t), link: `[${t('watchLive')}](${url})` })
	);
	return `${base}\n\n${lines.join('\n')}`.slice(0, TOPIC_LIMIT);
}

/** Channel topic edits are rate-limited (2 per 10 minutes): edit only when the text really changes. */
export function topicNeedsUpdate(current: string | null | undefined, next: string): boolean {
	return (current ?? '').trim() !== next.trim();
}

/**
 * Re-reads the livestream file when its mtime changes, checked on each `table()` call (the scheduled refresh),
 * rather than fs.watch: no open handles, and it works on bind mounts where change events get lost.
 * A broken edit keeps the last good table and is reported through `lastError`.
 */
export class LivestreamWatcher {
	private current: LivestreamTable = new Map();
	private mtimeMs = -1;
	public lastError: string | undefined;

	public constructor(private readonly file: string) {}

	public table(): LivestreamTable {
		let mtimeMs: number;
		try {
			mtimeMs = statSync(this.file).mtimeMs;
		} catch (error) {
			this.lastError = `${this.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
			return this.current;
		}
		if (mtimeMs === this.mtimeMs) return this.current;
		try {
			this.current = parseLivestreams(readFileSync(this.file, 'utf8'), this.file);
			this.mtimeMs = mtimeMs;
			this.lastError = undefined;
		} catch (error) {
			if (!(error instanceof LivestreamConfigError)) throw error;
			this.lastError = error.message;
		}
		return this.current;
	}
}
