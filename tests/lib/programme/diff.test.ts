import { expect } from 'chai';
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
});
