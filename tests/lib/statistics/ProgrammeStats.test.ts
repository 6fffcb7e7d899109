import { expect } from 'chai';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import type { InterestedEvent } from '#lib/programme/ScheduledEventMirror';
import type { Session } from '#lib/programme/Session';
import { ProgrammeStats, type ProgrammeStatsOptions } from '#lib/statistics/ProgrammeStats';
import { statisticsTexts } from '#lib/statistics/text';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

describe('statistics/ProgrammeStats', () => {
	let db: SqliteDatabase;
	let bookmarks: Bookmarks;
	const warnings: string[] = [];
	const start = new Date('2026-07-15T07:10:00Z');
	const keynote: Session = { code: 'K1', title: 'Keynote', start, end: new Date(start.getTime() + 45 * 60_000), rooms: ['Forum Hall'], speakers: [], isBreak: false };
	const interestedIn = (count: number): InterestedEvent => ({ sessionCode: 'K1', spec: { name: 'Keynote', description: '', location: 'Forum Hall', start: keynote.start, end: keynote.end }, userCount: count });
	const stats = (overrides: Partial<ProgrammeStatsOptions> = {}) =>
		new ProgrammeStats({
			sessions: () => [keynote],
			bookmarks,
			reminders: { counts: () => ({ sent: 4, refused: 1 }) },
			roomCapacity: { 'Forum Hall': 2 },
			timezone: 'Europe/Prague',
			logger: { debug: () => undefined, info: () => undefined, warn: (text: string) => warnings.push(text) } as never,
			...overrides
		});

	beforeEach(() => {
		db = openDatabase(':memory:');
		bookmarks = new Bookmarks(db);
		warnings.length = 0;
		for (const user of ['u1', 'u2', 'u3']) bookmarks.add(user, 'K1', start);
	});
	afterEach(() => db.close());

	it('counts the stored bookmarks and members, the Interested counts and the reminders it is given', async () => {
		const report = await stats({ scheduledEvents: { interested: () => Promise.resolve([interestedIn(5)]) } }).report();
		expect(report.content).to.include('🔖 Bookmarks: 3 on 1 session, by 3 members.').and.include('✉️ DM reminders: 4 sent, 1 refused').and.include('on 1 event');
		expect(report.embeds[0]!.fields![0]!.value).to.equal(['🔖 3 / 2 seats ⚠️ over capacity · **Keynote** · Forum Hall', '⭐ 5 / 2 seats ⚠️ over capacity · **Keynote** · Forum Hall'].join('\n'));
		expect(report.content).not.to.match(/u1|u2|u3/);
	});

	it('says scheduled events are off when there is no mirror', async () => {
		expect((await stats().report()).content).to.include(statisticsTexts()('interestedOff'));
	});

	it('still reports the bookmarks when Discord does not list the events, and says the counts are missing', async () => {
		const report = await stats({ scheduledEvents: { interested: () => Promise.reject(new Error('Discord 503')) } }).report();
		expect(report.content).to.include(statisticsTexts()('interestedUnavailable')).and.include('🔖 Bookmarks: 3');
		expect(warnings).to.have.length(1);
		expect(warnings[0]).to.include('Discord 503');
	});

	it('answers that the programme is not loaded yet when there is none', async () => {
		expect(await stats({ sessions: () => [] }).report()).to.deep.equal({ content: statisticsTexts()('programmeNotLoaded'), embeds: [], files: [] });
	});

	it("answers in the organizer's language, the programme not loaded included", async () => {
		expect((await stats({ sessions: () => [] }).report('de')).content).to.equal('Das Programm ist noch nicht geladen, daher gibt es noch keine Programmstatistik. Bitte versuch es in einer Minute noch einmal.');
		expect((await stats().report('ja')).content).to.include('⭐ サーバーイベントはオフです');
		expect((await stats({ sessions: () => [] }).report()).content).to.equal('The programme is not loaded yet, so there are no programme statistics. Please try again in a minute.');
	});
});
