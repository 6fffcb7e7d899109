import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { localTime } from './localTime';

/** The programme's public texts in English: the default of every pure text function here. */
export const englishProgrammeTexts = (): Texts => textsFor(fallbackLanguage, 'programme');

/** The `programme` texts in the language of `t`, whatever namespace `t` was made for (i18next's `namespace:key`). */
export function programmeTextsBeside(t: Texts): Texts {
	return (key, values) => t(key.includes(':') ? key : `programme:${key}`, values);
}

export type ProgrammeTimeFormat = 'timeFormat' | 'dayTimeFormat' | 'dateTimeFormat' | 'weekdayFormat';

/** A programme instant in the conference zone, in the format and day names of `t`'s language (English: `Wed 15 Jul 09:55`). */
export function localTimeText(instant: Date, timezone: string, format: ProgrammeTimeFormat, t: Texts = englishProgrammeTexts()): string {
	return localTime(instant, timezone, t(`programme:${format}`), t('programme:dateLocale'));
}
