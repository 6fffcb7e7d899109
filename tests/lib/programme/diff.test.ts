import { expect } from 'chai';
import { languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { annotateEmbed, diffSchedules, formatScheduleChange } from '#lib/programme/diff';
import { hours, now, session } from './fixtures';

describe('programme/diff', () => {
	const before = [session('MOVE', hours(2)), session('ROOM', hours(3)), session('GONE', hours(4)), session('FAR', hours(48)), session('SAME', hours(1))];
	const after = [session('MOVE', hours(3.5)), session('ROOM', hours(3), ['South Hall 2A']), session('FAR', hours(50)), session('SAME', hours(1)), session('NEW', hours(5))];

	it('finds moved, re-roomed, cancelled and added sessions within the horizon', () => {
		const changes = diffSchedules(before, after, { now, horizonHours: 24 });
		expect(changes.map((change) => [change.code, change.kind])).to.deep.equal([
			['ROOM', 'reroomed'],
			['MOVE', 'moved'],
			['GONE', 'cancelled'],
			['NEW', 'added']
		]);
		expect(changes[1]!.before!.start).to.deep.equal(hours(2));
		expect(changes[1]!.after!.start).to.deep.equal(hours(3.5));
	});

	it('ignores sessions already started and breaks', () => {
		const started = [session('PAST', hours(-1))];
		expect(diffSchedules(started, [], { now })).to.deep.equal([]);
		expect(diffSchedules([{ ...session('BRK', hours(1)), isBreak: true }], [], { now })).to.deep.equal([]);
	});

	it('formats changes in the conference zone, escaped', () => {
		const [reroom, move, cancel, add] = diffSchedules(before, after, { now });
		// 08:00 UTC is 10:00 in Prague; the host zone plays no part.
		expect(formatScheduleChange(move!, 'Europe/Prague')).to.equal('🔁 Schedule change: “Talk MOVE” moved 10:00 → 11:30 (Forum Hall)');
		expect(formatScheduleChange(reroom!, 'Europe/Prague')).to.equal('🚪 Room change: “Talk ROOM” at 11:00 is now in South Hall 2A (was Forum Hall)');
		expect(formatScheduleChange(cancel!, 'Europe/Prague')).to.equal('❌ Cancelled: “Talk GONE” (12:00, Forum Hall)');
		expect(formatScheduleChange(add!, 'Europe/Prague')).to.equal('🆕 Added: “Talk NEW” at 13:00 (Forum Hall)');
		const sneaky = { ...cancel!, title: '@everyone **now**' };
		expect(formatScheduleChange(sneaky, 'Europe/Prague')).to.not.match(/@everyone|(?<!\\)\*\*/);
	});

	it('annotates a posted embed once, replacing an older note', () => {
		const [, move, cancel] = diffSchedules(before, after, { now });
		const embed = { title: 'Talk', fields: [{ name: 'Start', value: 'x' }] };
		const once = annotateEmbed(embed, move!, 'Europe/Prague');
		const twice = annotateEmbed(once, move!, 'Europe/Prague');
		expect(twice.fields!.map((field) => field.name)).to.deep.equal(['Schedule change', 'Start']);
		const cancelled = annotateEmbed(embed, cancel!, 'Europe/Prague');
		expect(cancelled.title).to.equal('~~Talk~~');
		expect(cancelled.fields![0]!.name).to.equal('Cancelled');
	});

	it('writes changes in the language of the texts it is given, titles and rooms as pretalx has them', () => {
		const [reroom, move, cancel, add] = diffSchedules(before, after, { now });
		const german = textsFor('de', 'programme');
		expect([reroom, move, cancel, add].map((change) => formatScheduleChange(change!, 'Europe/Prague', german))).to.deep.equal([
			'🚪 Raumänderung: „Talk ROOM“ um 11:00 ist jetzt in South Hall 2A (vorher Forum Hall)',
			'🔁 Programmänderung: „Talk MOVE“ verschoben, 10:00 → 11:30 (Forum Hall)',
			'❌ Abgesagt: „Talk GONE“ (12:00, Forum Hall)',
			'🆕 Neu im Programm: „Talk NEW“ um 13:00 (Forum Hall)'
		]);
		const japanese = textsFor('ja', 'programme');
		expect(formatScheduleChange(move!, 'Europe/Prague', japanese)).to.equal('🔁 スケジュール変更：「Talk MOVE」の時間が変わりました 10:00 → 11:30（Forum Hall）');
		expect(formatScheduleChange(cancel!, 'Europe/Prague', japanese)).to.equal('❌ 中止：「Talk GONE」（12:00、Forum Hall）');
	});

	it('names the days in the language of the texts when a session moves to another day', () => {
		const overnight = { code: 'X', title: 'Late night', kind: 'moved' as const, before: { start: hours(2), end: hours(3), rooms: ['A'] }, after: { start: hours(26), end: hours(27), rooms: ['B'] } };
		expect(formatScheduleChange(overnight, 'Europe/Prague')).to.equal('🔁 Schedule change: “Late night” moved Wed 10:00 → Thu 10:00 (A → B)');
		expect(formatScheduleChange(overnight, 'Europe/Prague', textsFor('de', 'programme'))).to.equal('🔁 Programmänderung: „Late night“ verschoben, Mi 10:00 → Do 10:00 (A → B)');
		expect(formatScheduleChange(overnight, 'Europe/Prague', textsFor('ja', 'programme'))).to.equal('🔁 スケジュール変更：「Late night」の時間が変わりました (水) 10:00 → (木) 10:00（A → B）');
	});

	it('annotates a posted embed in the language of the texts, replacing its own older note', () => {
		const [, move, cancel] = diffSchedules(before, after, { now });
		const german = textsFor('de', 'programme');
		const embed = { title: 'Talk', fields: [{ name: 'Beginn', value: 'x' }] };
		const twice = annotateEmbed(annotateEmbed(embed, move!, 'Europe/Prague', german), move!, 'Europe/Prague', german);
		expect(twice.fields!.map((field) => field.name)).to.deep.equal(['Programmänderung', 'Beginn']);
		expect(twice.fields![0]!.value).to.equal('🔁 Programmänderung: „Talk MOVE“ verschoben, 10:00 → 11:30 (Forum Hall)');
		const cancelled = annotateEmbed(embed, cancel!, 'Europe/Prague', textsFor('ja', 'programme'));
		expect(cancelled.title).to.equal('~~Talk~~');
		expect(cancelled.fields![0]).to.deep.equal({ name: '中止', value: '❌ 中止：「Talk GONE」（12:00、Forum Hall）', inline: false });
	});

	it('stays within the embed field limit in every language, with the longest title and rooms', () => {
		const long = { code: 'L', title: 'Ж'.repeat(4000), kind: 'reroomed' as const, before: { start: hours(2), end: hours(3), rooms: Array.from({ length: 40 }, () => '@everyone'.repeat(20)) }, after: { start: hours(2), end: hours(3), rooms: ['ß'.repeat(4000)] } };
		for (const language of languages) {
			const annotated = annotateEmbed({ title: 'x'.repeat(256) }, { ...long, kind: 'cancelled' }, 'Europe/Prague', textsFor(language, 'programme'));
			expect(annotated.title!.length, language).to.be.at.most(256);
			for (const change of [long, { ...long, kind: 'moved' as const }, { ...long, kind: 'cancelled' as const }, { ...long, kind: 'added' as const }]) {
				const field = annotateEmbed({ title: 'x' }, change, 'Europe/Prague', textsFor(language, 'programme')).fields![0]!;
				expect(field.value.length, `${language} ${change.kind}`).to.be.at.most(1024);
				expect(field.name.length, language).to.be.at.most(256);
			}
		}
	});
});
