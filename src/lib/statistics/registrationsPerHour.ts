import { DateTime } from 'luxon';

export interface HourlyCount {
	/** Instant the local hour (in the requested zone) begins. */
	start: Date;
	count: number;
}

/**
 * Accounts registered per local hour of `timeZone` (an account counts once, at its first claim), from the hour
 * containing `since` to the hour containing `until` (default: the last registration), zero hours included.
 */
export function registrationsPerHour(registrations: ReadonlyArray<{ userId: string; registeredAt: Date }>, since: Date, timeZone = 'UTC', until?: Date): HourlyCount[] {
	const start = DateTime.fromJSDate(since, { zone: timeZone }).startOf('hour');
	if (!start.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
	const firstOf = new Map<string, number>();
	for (const { userId, registeredAt } of registrations) firstOf.set(userId, Math.min(firstOf.get(userId) ?? Infinity, registeredAt.getTime()));
	const firsts = [...firstOf.values()].filter((at) => at >= since.getTime()).map((at) => DateTime.fromMillis(at, { zone: timeZone }));
	const lastMillis = until ? until.getTime() : firsts.reduce((latest, first) => Math.max(latest, first.toMillis()), start.toMillis());
	const counts = new Map<number, number>();
	for (const first of firsts) {
		const hour = first.startOf('hour').toMillis();
		counts.set(hour, (counts.get(hour) ?? 0) + 1);
	}
	const series: HourlyCount[] = [];
	// Hours are exact durations in luxon, so stepping also works across DST changes and half-hour offsets.
	for (let hour = start; hour.toMillis() <= lastMillis; hour = hour.plus({ hours: 1 })) {
		series.push({ start: hour.toJSDate(), count: counts.get(hour.toMillis()) ?? 0 });
	}
	return series;
}
