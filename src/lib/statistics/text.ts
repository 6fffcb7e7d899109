// Numbers and words in organizer statistics, in one style per language.
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { localTime } from '#lib/programme/localTime';

/** The statistics texts in `language` (src/languages/<language>/statistics.json). */
export const statisticsTexts = (language: Language = fallbackLanguage): Texts => textsFor(language, 'statistics');

/** `1,234` in English, `1.234` in German: the grouping i18next's `{{value, number}}` uses too. */
export function formatCount(value: number, language: Language = fallbackLanguage): string {
	return value.toLocaleString(language);
}

export function formatPercent(part: number, whole: number): string {
	return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–';
}

/** An instant in the conference zone in `format`, with the day and month names of `language` (`programme:dateLocale`). */
export function statsTime(instant: Date, timezone: string, format: string, language: Language = fallbackLanguage): string {
	return localTime(instant, timezone, format, statisticsTexts(language)('programme:dateLocale'));
}
