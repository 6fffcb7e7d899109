import { expect } from 'chai';
import { decode } from 'fast-png';
import { countWithSeats, programmeReport, seatsOf, SHOWN_PER_SLOT, type ProgrammeReportInput } from '#lib/statistics/programmeReport';
import { languages } from '#lib/i18n/language';
import type { Session } from '#lib/programme/Session';

const TZ = 'Europe/Prague';

/** A session at a conference-local time (Prague is UTC+2 in July). */
const session = (code: string, day: number, at: string, rooms: string[], extra: Partial<Session> = {}): Session => {
	const start = new Date(`2026-07-${String(14 + day).padStart(2, '0')}T${at}:00+02:00`);
	return { code, title: `Talk ${code}`, start, end: new Date(start.getTime() + 30 * 60_000), rooms, speakers: [{ name: 'Ada Speaker' }], isBreak: false, ...extra };
};

describe('statistics/programmeReport', () => {
	const sessions = [
		session('K1', 1, '09:10', ['Forum Hall'], { title: 'Keynote: Python in 2026' }),
		session('S1', 1, '09:10', ['South Hall 2A'], { title: 'Taming asyncio' }),
		session('S2', 1, '10:30', ['Terrace 2A']),
		session('BR', 1, '10:00', ['Forum Hall'], { title: 'Coffee break', isBreak: true }),
		session('D2', 2, '09:00', ['Forum Hall', 'Terrace 2A'])
	];
	const input = (overrides: Partial<ProgrammeReportInput> = {}): ProgrammeReportInput => ({
		sessions,
		bookmarks: new Map([
			['K1', 12],
			['S1', 40],
			['D2', 3],
			['GONE', 2]
		]),
		members: 7,
		interested: { kind: 'counts', bySession: new Map([['K1', 5]]) },
		roomCapacity: { 'Forum Hall': 600, 'South Hall 2A': 30 },
		timezone: TZ,
		reminders: { sent: 9, refused: 2 },
		...overrides
	});

	it('shows each conference day and slot with the most bookmarked and most Interested sessions beside their seats', async () => {
		const report = await programmeReport(input());
		expect(report.embeds.map((embed) => embed.title)).to.deep.equal(['Wednesday 15 July', 'Thursday 16 July']);
		const [first, second] = report.embeds;
		expect(first!.description).to.equal('🔖 52 bookmarks · ⭐ 5 Interested');
		// S2 has nothing and the break is no session to bookmark: both are left out.
		expect(first!.fields).to.deep.equal([
			{
				name: '09:10 · 2 sessions',
				value: [
					'🔖 40 / 30 seats ⚠️ over capacity · **Taming asyncio** · South Hall 2A',
					'🔖 12 / 600 seats · **Keynote: Python in 2026** · Forum Hall',
					'⭐ 5 / 600 seats · **Keynote: Python in 2026** · Forum Hall'
				].join('\n')
			}
		]);
		// Terrace 2A has no seats in the config, so D2's rooms give no total.
		expect(second!.fields).to.deep.equal([{ name: '09:00 · 1 session', value: '🔖 3 · **Talk D2** · Forum Hall, Terrace 2A' }]);
		expect(report.content.split('\n')).to.deep.equal([
			'**Programme statistics** (times in Europe/Prague; slots without any bookmark or "Interested" are left out)',
			'🔖 Bookmarks: 57 on 3 sessions, by 7 members (2 of them on sessions no longer in the programme).',
			'⭐ "Interested" on Discord\'s scheduled events: 5 on 1 event.',
			"✉️ DM reminders: 9 sent, 2 refused (the member's DMs are closed).",
			'🪑 ⚠️ 1 session has more bookmarks than seats.'
		]);
		expect(report.files.map((file) => file.name)).to.deep.equal(['bookmarks-per-session.png']);
		expect(decode(report.files[0]!.data).width).to.equal(1000);
	});

	it('says plainly when scheduled events are off or Discord did not list them, and when no seats are configured', async () => {
		const off = await programmeReport(input({ interested: { kind: 'off' }, roomCapacity: {} }));
		expect(off.content).to.include('⭐ Scheduled events are off (`[programme] scheduled_events = "off"`, or a rehearsal), so there are no "Interested" counts.').and.include('🪑 No seats in the config (`[programme.room_capacity]`), so the counts stand without them.');
		expect(off.embeds[0]!.description).to.equal('🔖 52 bookmarks');
		expect(off.embeds[0]!.fields![0]!.value).to.equal(['🔖 40 · **Taming asyncio** · South Hall 2A', '🔖 12 · **Keynote: Python in 2026** · Forum Hall'].join('\n'));
		const unavailable = await programmeReport(input({ interested: { kind: 'unavailable' } }));
		expect(unavailable.content).to.include('⭐ Discord did not list the scheduled events just now, so the "Interested" counts are missing. Please try again in a minute.');
		const none = await programmeReport(input({ bookmarks: new Map(), members: 0, interested: { kind: 'off' } }));
		expect(none.content).to.include('🔖 Bookmarks: none yet.');
		expect(none.embeds).to.deep.equal([]);
		expect(none.files).to.have.length(1);
	});

	it(`lists at most ${SHOWN_PER_SLOT} sessions per ranking in a slot and counts the rest; the slot says how many run in parallel`, async () => {
		const parallel = ['A', 'B', 'C', 'D', 'E', 'F'].map((code) => session(code, 1, '11:00', ['Forum Hall']));
		const report = await programmeReport(input({ sessions: parallel, bookmarks: new Map(parallel.slice(0, 5).map((talk, index) => [talk.code, index + 1])), interested: { kind: 'off' } }));
		expect(report.embeds[0]!.fields![0]!.name).to.equal('11:00 · 6 sessions');
		expect(report.embeds[0]!.fields![0]!.value.split('\n')).to.deep.equal([
			'🔖 5 / 600 seats · **Talk E** · Forum Hall',
			'🔖 4 / 600 seats · **Talk D** · Forum Hall',
			'🔖 3 / 600 seats · **Talk C** · Forum Hall',
			'🔖 …and 2 more sessions bookmarked'
		]);
	});

	it("stays within Discord's limits for a big programme, escapes titles, and says how many slots are left out", async () => {
		const hostile = '@everyone **Bold** <@123> '.repeat(20);
		const big: Session[] = [];
		for (let day = 1; day <= 5; day++) {
			for (let slot = 0; slot < 40; slot++) {
				const at = `${String(8 + Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`;
				for (let room = 0; room < 6; room++) big.push(session(`D${day}S${slot}R${room}`, day, at, [`Room ${room} ${'x'.repeat(60)}`], { title: `${hostile}${day}-${slot}-${room}` }));
			}
		}
		const report = await programmeReport(input({ sessions: big, bookmarks: new Map(big.map((talk, index) => [talk.code, 1 + (index % 50)])), interested: { kind: 'counts', bySession: new Map(big.map((talk) => [talk.code, 2])) } }));
		expect(report.embeds.length).to.be.within(1, 10);
		let total = 0;
		let shownSlots = 0;
		for (const embed of report.embeds) {
			expect(embed.fields!.length).to.be.at.most(25);
			total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
			for (const field of embed.fields!) {
				expect(field.value.length).to.be.at.most(1024);
				expect(field.name.length).to.be.at.most(256);
				total += field.name.length + field.value.length;
				if (field.name !== '…') shownSlots++;
				expect(field.value).not.to.match(/(^|[^\u200b])@everyone/);
				expect(field.value, 'a mention stays escaped').not.to.match(/(^|[^\\])<@123>/);
			}
		}
		expect(total).to.be.at.most(6000);
		expect(report.content.length).to.be.at.most(2000);
		const left = /…and (\d+) more slots from (.+) on, left out/.exec(report.content);
		expect(left, report.content).to.not.equal(null);
		expect(Number(left![1])).to.equal(5 * 40 - shownSlots);
		const chart = decode(report.files[0]!.data);
		expect(chart.height).to.be.greaterThan(15 * 30);
	});

	it('puts at most 25 fields in a day, the last one counting the slots left out', async () => {
		const slots = Array.from({ length: 30 }, (_, index) => session(`T${index}`, 1, `${String(8 + Math.floor(index / 4)).padStart(2, '0')}:${String((index % 4) * 15).padStart(2, '0')}`, ['Forum Hall']));
		const report = await programmeReport(input({ sessions: slots, bookmarks: new Map(slots.map((talk) => [talk.code, 1])), interested: { kind: 'off' } }));
		const fields = report.embeds[0]!.fields!;
		expect(fields).to.have.length(25);
		expect(fields[23]!.name).to.equal('13:45 · 1 session');
		expect(fields[24]).to.deep.equal({ name: '…', value: 'and 6 more slots this day' });
		expect(report.content).not.to.include('left out to stay within');
	});

	it('adds up the seats of every room of a session, only when config gives all of them', () => {
		const capacity = { 'Forum Hall': 600, 'South Hall 2A': 30 };
		expect(seatsOf(session('X', 1, '09:00', ['Forum Hall', 'South Hall 2A']), capacity)).to.equal(630);
		expect(seatsOf(session('X', 1, '09:00', ['Forum Hall', 'Terrace 2A']), capacity)).to.equal(undefined);
		expect(seatsOf(session('X', 1, '09:00', []), capacity)).to.equal(undefined);
		expect(countWithSeats(30, 30)).to.equal('30 / 30 seats');
		expect(countWithSeats(1234, 30)).to.equal('1,234 / 30 seats ⚠️ over capacity');
		expect(countWithSeats(3, undefined)).to.equal('3');
	});

	it("reports in the organizer's language: German and Japanese days, slots, seats and sentences", async () => {
		const german = await programmeReport(input({ language: 'de' }));
		expect(german.embeds.map((embed) => embed.title)).to.deep.equal(['Mittwoch, 15. Juli', 'Donnerstag, 16. Juli']);
		expect(german.embeds[0]!.description).to.equal('🔖 52 Vormerkungen · ⭐ 5 Interessiert');
		expect(german.embeds[0]!.fields![0]).to.deep.equal({
			name: '09:10 · 2 Sessions',
			value: ['🔖 40 / 30 Plätze ⚠️ überbucht · **Taming asyncio** · South Hall 2A', '🔖 12 / 600 Plätze · **Keynote: Python in 2026** · Forum Hall', '⭐ 5 / 600 Plätze · **Keynote: Python in 2026** · Forum Hall'].join('\n')
		});
		expect(german.embeds[1]!.fields![0]!.name).to.equal('09:00 · 1 Session');
		expect(german.content.split('\n')).to.deep.equal([
			'**Programmstatistik** (Zeiten in Europe/Prague; Slots ohne Vormerkung und ohne „Interessiert“ fehlen)',
			'🔖 Vormerkungen: 57 für 3 Sessions, von 7 Mitgliedern (2 davon für Sessions, die nicht mehr im Programm sind).',
			'⭐ „Interessiert“ bei den Server-Events auf Discord: 5 auf 1 Event.',
			'✉️ DM-Erinnerungen: 9 gesendet, 2 abgelehnt (das Mitglied hat DMs geschlossen).',
			'🪑 ⚠️ 1 Session hat mehr Vormerkungen als Plätze.'
		]);
		const japanese = await programmeReport(input({ language: 'ja', interested: { kind: 'off' }, roomCapacity: {} }));
		expect(japanese.embeds[0]!.title).to.equal('7月15日(水曜日)');
		expect(japanese.content).to.include('🔖 アジェンダ登録：3セッションに計57件（メンバー7人）。うち2件はプログラムから外れたセッションです。');
		expect(japanese.content).to.include('⭐ サーバーイベントはオフです（`[programme] scheduled_events = "off"`、またはリハーサル中）。');
		expect(countWithSeats(1234, 30, 'de')).to.equal('1.234 / 30 Plätze ⚠️ überbucht');
	});

	it("stays within Discord's limits for a big programme in every language", async () => {
		const big: Session[] = [];
		for (let day = 1; day <= 3; day++)
			for (let slot = 0; slot < 30; slot++)
				for (let room = 0; room < 5; room++) big.push(session(`D${day}S${slot}R${room}`, day, `${String(8 + Math.floor(slot / 4)).padStart(2, '0')}:${String((slot % 4) * 15).padStart(2, '0')}`, [`Room ${room}`], { title: `${'Long title '.repeat(8)}${day}-${slot}-${room}` }));
		const bookmarks = new Map(big.map((talk, index) => [talk.code, 1 + (index % 50)]));
		for (const language of languages) {
			const report = await programmeReport(input({ sessions: big, bookmarks, interested: { kind: 'counts', bySession: new Map(big.map((talk) => [talk.code, 2])) }, language }));
			let total = 0;
			for (const embed of report.embeds) {
				expect(embed.fields!.length, language).to.be.at.most(25);
				total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
				for (const field of embed.fields!) {
					expect(field.value.length, language).to.be.at.most(1024);
					total += field.name.length + field.value.length;
				}
			}
			expect(total, language).to.be.at.most(6000);
			expect(report.content.length, language).to.be.at.most(2000);
		}
	});
});
