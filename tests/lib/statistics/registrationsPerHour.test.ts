import { expect } from 'chai';
import { registrationsPerHour } from '#lib/statistics/registrationsPerHour';

describe('statistics/registrationsPerHour', () => {
	const registered = (userId: string, iso: string) => ({ userId, registeredAt: new Date(iso) });
	// u1's second ticket, an hour later, does not count again; u4 registered before the window.
	const registrations = [
		registered('u4', '2026-07-12T23:00:00Z'),
		registered('u1', '2026-07-13T07:10:00Z'),
		registered('u2', '2026-07-13T07:50:00Z'),
		registered('u3', '2026-07-13T09:05:00Z'),
		registered('u1', '2026-07-13T09:40:00Z')
	];
	const since = new Date('2026-07-13T07:00:00Z');

	it('buckets first registrations per local hour of a time zone, zeros included', () => {
		// Prague is UTC+2 in July: whole-hour buckets line up with UTC hours.
		const prague = registrationsPerHour(registrations, since, 'Europe/Prague', new Date('2026-07-13T09:59:00Z'));
		expect(prague.map((h) => [h.start.toISOString(), h.count])).to.deep.equal([
			['2026-07-13T07:00:00.000Z', 2],
			['2026-07-13T08:00:00.000Z', 0],
			['2026-07-13T09:00:00.000Z', 1]
		]);
		// Kolkata is UTC+5:30: local hours start at :30 UTC, so 07:10Z and 07:50Z fall in different hours.
		const kolkata = registrationsPerHour(registrations, since, 'Asia/Kolkata');
		expect(kolkata.map((h) => [h.start.toISOString(), h.count])).to.deep.equal([
			['2026-07-13T06:30:00.000Z', 1],
			['2026-07-13T07:30:00.000Z', 1],
			['2026-07-13T08:30:00.000Z', 1]
		]);
	});

	it('refuses a time zone that does not exist, and gives one empty hour for no registrations', () => {
		expect(() => registrationsPerHour(registrations, since, 'Mars/Olympus')).to.throw(/time zone/);
		expect(registrationsPerHour([], since, 'UTC').map((h) => [h.start.toISOString(), h.count])).to.deep.equal([['2026-07-13T07:00:00.000Z', 0]]);
	});
});
