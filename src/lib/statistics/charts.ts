import { renderAsync } from '@resvg/resvg-js';
import { DateTime } from 'luxon';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import type { FunnelRow } from './registrationFunnel';
import { formatCount, formatPercent, statisticsTexts, statsTime } from './text';

export interface HourlyPoint {
	/** Instant the hour begins. */
	start: Date;
	count: number;
}

export interface RegistrationsChartOptions {
	width?: number;
	height?: number;
	/** IANA zone for the axis labels (the conference's zone). */
	tz?: string;
	title?: string;
	/** The organizer's language for titles, legends and day names; English when not given. */
	language?: Language;
}

/** One session's bar: its label (time and title), its bookmarks and its room's seats when config gives them. */
export interface SessionBookmarksBar {
	label: string;
	bookmarks: number;
	seats?: number;
}

export interface FunnelChartOptions {
	width?: number;
	title?: string;
	/** The organizer's language for titles and legends; English when not given. */
	language?: Language;
}

// Fonts: CI images have no guaranteed fonts, so resvg loads whatever the system has; DejaVu first because it is the usual one.
// Japanese labels need a CJK font (Noto Sans CJK); resvg falls back to any loaded font that has the glyph.
const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Noto Sans, Noto Sans CJK JP, Arial, sans-serif';
const COLORS = { text: '#23272a', muted: '#5c6370', grid: '#e3e5e8', bar: '#5865f2', overBar: '#ed4245', soldBar: '#c9cdfb', background: '#ffffff' };

/** Bar chart of registrations per hour, with hour labels and a date under each local midnight. */
export async function renderRegistrationsChart(perHour: readonly HourlyPoint[], options: RegistrationsChartOptions = {}): Promise<Buffer> {
	return render(registrationsChartSvg(perHour, options), options.width ?? 1000);
}

/** The SVG of `renderRegistrationsChart`. */
export function registrationsChartSvg(perHour: readonly HourlyPoint[], options: RegistrationsChartOptions = {}): string {
	const { width = 1000, height = 420, tz = 'UTC', language = fallbackLanguage } = options;
	const t = statisticsTexts(language);
	const title = options.title ?? t('chartRegistrationsTitle', { timezone: tz });
	const plot = { left: 64, right: width - 24, top: 56, bottom: height - 56 };
	const parts: string[] = [text(24, 34, title, { size: 20, weight: 'bold' })];
	if (perHour.length === 0) {
		parts.push(text(width / 2, height / 2, t('chartNoRegistrations'), { size: 16, anchor: 'middle', color: COLORS.muted }));
		return svgDocument(width, height, parts);
	}
	const max = Math.max(1, ...perHour.map((point) => point.count));
	const ticks = niceTicks(max);
	const top = ticks[ticks.length - 1];
	const y = (value: number) => plot.bottom - ((plot.bottom - plot.top) * value) / top;
	for (const tick of ticks) {
		parts.push(line(plot.left, y(tick), plot.right, y(tick), COLORS.grid));
		parts.push(text(plot.left - 8, y(tick) + 5, formatCount(tick, language), { anchor: 'end', color: COLORS.muted }));
	}
	const slot = (plot.right - plot.left) / perHour.length;
	const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
	// Label every n hours, with n the smallest step that leaves room for an "18:00" label.
	const labelEvery = [1, 2, 3, 6, 12, 24].find((hours) => hours * slot >= 44) ?? 24;
	let dated = false;
	perHour.forEach((point, index) => {
		const x = plot.left + index * slot;
		if (point.count > 0) parts.push(rect(x + gap / 2, y(point.count), slot - gap, plot.bottom - y(point.count), COLORS.bar));
		const local = DateTime.fromJSDate(point.start, { zone: tz });
		if (local.hour % labelEvery !== 0) return;
		parts.push(line(x, plot.bottom, x, plot.bottom + 5, COLORS.muted));
		parts.push(text(x, plot.bottom + 20, local.toFormat('HH:mm'), { anchor: 'middle', color: COLORS.muted, size: 12 }));
		// The first labelled hour gets a date too, unless the next midnight's date would collide with it.
		const roomBeforeMidnight = ((24 - local.hour) % 24) * slot >= 110;
		if (local.hour === 0 || (!dated && roomBeforeMidnight)) {
			parts.push(text(x, plot.bottom + 40, statsTime(point.start, tz, t('chartDayFormat'), language), { anchor: 'middle', size: 13, weight: 'bold' }));
		}
		dated = true;
	});
	parts.push(line(plot.left, plot.bottom, plot.right, plot.bottom, COLORS.text));
	return svgDocument(width, height, parts);
}

/** Horizontal bars per ticket type: sold (light) with the registered part (dark) drawn over it. */
export async function renderFunnelChart(byType: readonly FunnelRow[], options: FunnelChartOptions = {}): Promise<Buffer> {
	return render(funnelChartSvg(byType, options), options.width ?? 1000);
}

/** The SVG of `renderFunnelChart`. */
export function funnelChartSvg(byType: readonly FunnelRow[], options: FunnelChartOptions = {}): string {
	const { width = 1000, language = fallbackLanguage } = options;
	const t = statisticsTexts(language);
	return horizontalBarsSvg({
		width,
		title: options.title ?? t('chartFunnelTitle'),
		legend: [
			[COLORS.soldBar, t('chartSold')],
			[COLORS.bar, t('chartRegistered')]
		],
		empty: t('chartNoTickets'),
		layout: { rowHeight: 34, inset: 6, baseline: 21, labelWidth: Math.min(300, Math.round(width * 0.3)), rightMargin: 150, charWidth: 9 },
		rows: byType.map((row) => ({
			label: row.ticketType,
			// Sold behind registered: the gap is who has not registered yet.
			bars: [
				{ value: row.sold, color: COLORS.soldBar },
				{ value: row.registered, color: COLORS.bar }
			],
			note: { text: `${formatCount(row.registered, language)} / ${formatCount(row.sold, language)} (${formatPercent(row.registered, row.sold)})`, color: COLORS.muted }
		}))
	});
}

/** Horizontal bars of bookmarks per session, one row each in the given order; more bookmarks than seats in red. */
export async function renderBookmarksChart(rows: readonly SessionBookmarksBar[], options: FunnelChartOptions = {}): Promise<Buffer> {
	return render(bookmarksChartSvg(rows, options), options.width ?? 1000);
}

/** The SVG of `renderBookmarksChart`. */
export function bookmarksChartSvg(rows: readonly SessionBookmarksBar[], options: FunnelChartOptions = {}): string {
	const { width = 1000, language = fallbackLanguage } = options;
	const t = statisticsTexts(language);
	return horizontalBarsSvg({
		width,
		title: options.title ?? t('chartBookmarksTitle'),
		legend: [
			[COLORS.bar, t('chartBookmarks')],
			[COLORS.overBar, t('chartOverSeats')]
		],
		empty: t('chartNoBookmarks'),
		layout: { rowHeight: 30, inset: 5, baseline: 20, labelWidth: Math.min(440, Math.round(width * 0.44)), rightMargin: 170, charWidth: 8, labelSize: 13 },
		rows: rows.map((row) => {
			const color = row.seats !== undefined && row.bookmarks > row.seats ? COLORS.overBar : COLORS.bar;
			const note = row.seats === undefined ? formatCount(row.bookmarks, language) : t('countWithSeats', { count: row.bookmarks, seats: row.seats });
			return { label: row.label, bars: [{ value: row.bookmarks, color }], note: { text: note, color: color === COLORS.overBar ? COLORS.overBar : COLORS.muted } };
		})
	});
}

interface BarRow {
	label: string;
	/** Drawn in order from the same start, so a later bar lies over an earlier one. */
	bars: ReadonlyArray<{ value: number; color: string }>;
	/** After the longest bar. */
	note: { text: string; color: string };
}

interface BarsLayout {
	rowHeight: number;
	/** Space above and below a row's bars. */
	inset: number;
	/** Where in the row its texts stand. */
	baseline: number;
	labelWidth: number;
	rightMargin: number;
	/** The label's average character width, for where to cut it. */
	charWidth: number;
	/** The row label's font size; the default text size when absent. */
	labelSize?: number;
}

/** One row of bars per item, labelled on the left, a note after the bars, a legend under the title; the funnel's and the bookmarks' shape. */
function horizontalBarsSvg(chart: { width: number; title: string; legend: ReadonlyArray<readonly [string, string]>; empty: string; layout: BarsLayout; rows: readonly BarRow[] }): string {
	const { width, layout, rows } = chart;
	const { rowHeight, labelWidth, inset, baseline } = layout;
	const plot = { left: labelWidth + 16, right: width - layout.rightMargin, top: 80 };
	const height = plot.top + Math.max(1, rows.length) * rowHeight + 24;
	const parts: string[] = [text(24, 34, chart.title, { size: 20, weight: 'bold' }), ...legend(chart.legend)];
	if (rows.length === 0) parts.push(text(width / 2, plot.top + 20, chart.empty, { size: 16, anchor: 'middle', color: COLORS.muted }));
	const max = Math.max(1, ...rows.flatMap((row) => row.bars.map((bar) => bar.value)));
	const scale = (value: number) => ((plot.right - plot.left) * value) / max;
	rows.forEach((row, index) => {
		const top = plot.top + index * rowHeight;
		parts.push(text(labelWidth, top + baseline, truncate(row.label, Math.floor(labelWidth / layout.charWidth)), { anchor: 'end', ...(layout.labelSize ? { size: layout.labelSize } : {}) }));
		for (const bar of row.bars) parts.push(rect(plot.left, top + inset, scale(bar.value), rowHeight - 2 * inset, bar.color));
		const longest = Math.max(...row.bars.map((bar) => bar.value));
		parts.push(text(plot.left + scale(longest) + 8, top + baseline, row.note.text, { color: row.note.color, size: 13 }));
	});
	return svgDocument(width, height, parts);
}

/** Legend swatches in a row under the title, each after the previous label, however long it is in the organizer's language. */
function legend(items: ReadonlyArray<readonly [color: string, label: string]>): string[] {
	const parts: string[] = [];
	let x = 24;
	for (const [color, label] of items) {
		parts.push(rect(x, 50, 14, 14, color), text(x + 20, 62, label, { color: COLORS.muted }));
		x += 20 + textWidth(label, 14) + 18;
	}
	return parts;
}

/** About how wide `value` sets at `size`: full-width (CJK) characters take about an em, the rest about 0.6 em. */
export function textWidth(value: string, size: number): number {
	return Array.from(value).reduce((width, char) => width + (isFullWidth(char) ? size : size * 0.6), 0);
}

const isFullWidth = (char: string): boolean => /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(char);

/** Round axis steps (1, 2, 5 × 10^n) giving at most about five grid lines from 0 to at least `max`. */
export function niceTicks(max: number): number[] {
	const rough = max / 5;
	const magnitude = 10 ** Math.floor(Math.log10(rough));
	const step = Math.max(1, [1, 2, 5].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
	const ticks: number[] = [];
	for (let value = 0; value < max + step; value += step) ticks.push(value);
	return ticks;
}

async function render(svg: string, width: number): Promise<Buffer> {
	const image = await renderAsync(svg, {
		fitTo: { mode: 'width', value: width },
		background: COLORS.background,
		font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans' },
		logLevel: 'off'
	});
	return image.asPng();
}

function svgDocument(width: number, height: number, parts: readonly string[]): string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
}

function text(x: number, y: number, content: string, style: { size?: number; weight?: 'bold'; anchor?: 'end' | 'middle'; color?: string } = {}): string {
	const attributes = [`x="${round(x)}"`, `y="${round(y)}"`, `font-size="${style.size ?? 14}"`, `fill="${style.color ?? COLORS.text}"`];
	if (style.weight) attributes.push(`font-weight="${style.weight}"`);
	if (style.anchor) attributes.push(`text-anchor="${style.anchor}"`);
	return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string): string {
	return `<rect x="${round(x)}" y="${round(y)}" width="${round(Math.max(0, width))}" height="${round(Math.max(0, height))}" fill="${fill}"/>`;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
	return `<line x1="${round(x1)}" y1="${round(y1)}" x2="${round(x2)}" y2="${round(y2)}" stroke="${stroke}" stroke-width="1"/>`;
}

function truncate(value: string, maxChars: number): string {
	const chars = Array.from(value);
	return chars.length <= maxChars ? value : `${chars.slice(0, maxChars - 1).join('')}…`;
}

function escapeXml(value: string): string {
	return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const round = (value: number): number => Math.round(value * 10) / 10;
