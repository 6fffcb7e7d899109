import { DateTime } from 'luxon';

/** A programme instant in the conference's zone, with English day and month names whatever the host's locale. */
export function localTime(instant: Date, timezone: string, format: string): string {
	return DateTime.fromJSDate(instant, { zone: timezone }).setLocale('en-GB').toFormat(format);
}
