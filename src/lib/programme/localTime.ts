import { DateTime } from 'luxon';

/** A programme instant in the conference's zone, with day and month names in `locale` (English by default) whatever the host's. */
export function localTime(instant: Date, timezone: string, format: string, locale = 'en-GB'): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).setLocale(locale).toFormat(format);
}
