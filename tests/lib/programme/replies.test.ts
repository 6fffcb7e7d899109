import { expect } from 'chai';
import type { ScheduleChange } from '#lib/programme/diff';
import { textsFor } from '#lib/i18n/texts';
import { nextReply, noProgrammeReply, refreshReply, scheduledEventsReply, statusReply, type RefreshSummary } from '#lib/programme/replies';
import { hours, session } from './fixtures';

const TZ = 'Europe/Prague';
const at = (iso: string) => new Date(iso);

describe('programme/replies', () => {
	const summary: RefreshSummary = {
		version: '1.3',
		sessionCount: 42,
		changed: true,
		changes: [],
		fromCache: false,
		skippedSlots: 0,
		jobs: { created: 2, moved: 1, removed: 0, late: 0 }
	};
	const moved: ScheduleChange = {
		code: 'S5',
		title: 'Scaling Django',
		kind: 'moved',
		before: { start: at('2026-07-15T07:55:00Z'), end: at('2026-07-15T08:25:00Z'), rooms: ['South Hall 2B'] },
		after: { start: at('2026-07-15T08:05:00Z'), end: at('2026-07-15T08:35:00Z'), rooms: ['South Hall 2B'] }
	};

	it('reports a fetch with its changes in conference time', () => {
		expect(refreshReply({ ...summary, changes: [moved] }, TZ).split('\n')).to.deep.equal([
			'Fetched schedule version 1.3: 42 sessions.',
			'Changes in the next hours:',
			'🔁 Schedule change: “Scaling Django” moved 09:55 → 10:05 (South Hall 2B)',
			'Scheduled posts: 2 new, 1 moved, 0 removed.'
		]);
	});

	it('says plainly when pretalx is down and the saved schedule is in use', () => {
		const text = refreshReply({ ...summary, fromCache: true, error: 'pretalx answered HTTP 503', changed: false }, TZ);
		expect(text.split('\n')[0]).to.equal('⚠️ The schedule source did not answer (pretalx answered HTTP 503). I keep using the saved schedule, version 1.3.');
	});

	it('says what to check when there is no programme at all', () => {
		expect(noProgrammeReply('No programme yet: pretalx answered HTTP 404, and there is no saved copy.', 5)).to.equal(
			'I could not load the programme: No programme yet: pretalx answered HTTP 404, and there is no saved copy. Check `programme.url` in the config; I will try again within 5 minutes.'
		);
	});

	it('summarises status with counts and the rehearsal clock in local time', () => {
		const text = statusReply(
			{ source: 'frab', version: '1.3', sessionCount: 42, fetchedAt: at('2026-07-15T06:50:00Z'), fromCache: false, skippedSlots: 1 },
			{ sent: 12, late: 1, pending: 0, skipped: 2 },
			30,
			{ timezone: TZ, now: at('2026-07-15T07:12:00Z'), rehearsal: true }
		);
		expect(text.split('\n')).to.deep.equal([
			'**Programme status**',
			'Source: frab, version 1.3 (42 sessions).',
			'Last good fetch: Wed 15 Jul 08:50.',
			'1 unreadable slot skipped.',
			'Posts: 12 sent (1 late), 30 scheduled, 2 skipped.',
			'Clock: rehearsal, showing Wed 15 Jul 09:12 (Europe/Prague).'
		]);
	});

	it('tells organizers when nothing is left to announce', () => {
		expect(nextReply([], { timezone: TZ, channelMention: () => '#x' })).to.match(/^Nothing left to announce/);
	});

	it("says the plain sentences in the organizer's language", () => {
		const german = textsFor('de', 'organizers');
		expect(nextReply([], { timezone: TZ, channelMention: () => '#x' }, german)).to.equal('Nichts mehr anzukündigen: Jede Session im Programm wurde angekündigt oder hat schon begonnen.');
		expect(noProgrammeReply('pretalx answered HTTP 404.', 1, textsFor('cs', 'organizers'))).to.equal(
			'Program se mi nepodařilo načíst: pretalx answered HTTP 404. Zkontrolujte `programme.url` v konfiguraci; zkusím to znovu do 1 minuty.'
		);
		expect(scheduledEventsReply(undefined, TZ, textsFor('ja', 'organizers'))).to.equal('サーバーイベントはオフです（`[programme] scheduled_events = "off"`、またはリハーサル中）。');
		expect(scheduledEventsReply([], TZ)).to.equal('No scheduled events mirrored right now.');
	});

	it("names a morning post in the next posts as Today's programme with its session count", () => {
		const talk = session('A', hours(3));
		const morning = { id: 'n_morning_1', kind: 'morning' as const, notifyAt: hours(2), startsAt: hours(9), channelKey: 'programme', sessionCodes: ['A', 'B'], rooms: [], leadMinutes: 0 };
		const main = { ...morning, id: 'n_main_2', kind: 'main' as const, notifyAt: hours(2.9), sessionCodes: ['A'] };
		expect(nextReply([{ notification: morning, sessions: [talk, session('B', hours(4))] }, { notification: main, sessions: [talk] }], { timezone: TZ, channelMention: () => '#programme' }).split('\n')).to.deep.equal([
			'**Next programme posts**',
			"• Wed 15 Jul 10:00 in #programme: Today's programme (2 sessions)",
			'• Wed 15 Jul 10:54 in #programme: “Talk A”'
		]);
	});
});
