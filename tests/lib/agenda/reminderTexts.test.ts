import { expect } from 'chai';
import { changeNotice, changeOccasion, reminderMessage } from '#lib/agenda/reminderTexts';
import type { ScheduleChange } from '#lib/programme/diff';
import type { Session } from '#lib/programme/Session';

const TZ = 'Europe/Prague';
const talk: Session = {
	code: 'S1',
	title: 'Taming asyncio',
	start: new Date('2026-07-15T07:30:00Z'),
	end: new Date('2026-07-15T08:00:00Z'),
	rooms: ['Terrace 2A'],
	speakers: [{ name: 'Ada' }] as Session['speakers'],
	isBreak: false
};
const placement = (start: string, rooms: string[]) => ({ start: new Date(start), end: new Date(new Date(start).getTime() + 1_800_000), rooms });

describe('agenda/reminderTexts', () => {
	it('writes the reminder in the conference’s time, without a stream or channel line when there is none', () => {
		const { content } = reminderMessage(talk, { timezone: TZ, now: new Date('2026-07-15T07:20:00Z'), roomChannelId: () => undefined });
		expect(content!.split('\n')).to.deep.equal([
			'⏰ **Taming asyncio** starts in 10 minutes, at 09:30 in Terrace 2A.',
			'🎤 Ada',
			'-# You bookmarked this with `/agenda`. `/agenda reminders` sets how early these come; `/agenda remove` drops a session.'
		]);
	});

	it('keeps a hostile 4,000-character title from pinging or formatting, within one message', () => {
		const hostile = { ...talk, title: `@everyone **bold** <@123> ${'x'.repeat(4000)}`, speakers: [{ name: '@here' }] as Session['speakers'] };
		const { content } = reminderMessage(hostile, { timezone: TZ, now: new Date('2026-07-15T07:29:40Z'), roomChannelId: () => '42' });
		expect(content!.length).to.be.at.most(2000);
		expect(content).to.not.match(/@everyone|@here|(?<!\\)<@123>/);
		expect(content, 'the room channel and the footer still fit').to.include('💬 Room channel: <#42>').and.include('-# You bookmarked this');
		expect(content).to.include('\\*\\*bold\\*\\*');
		expect(content!.split('\n')[0]).to.match(/starts in 1 minute, at 09:30/);
	});

	it('says what changed for a move, a room change and a cancellation, and what happens to the reminder', () => {
		const moved: ScheduleChange = { code: 'S1', title: 'Taming asyncio', kind: 'moved', before: placement('2026-07-15T07:30:00Z', ['Terrace 2A']), after: placement('2026-07-15T07:45:00Z', ['Terrace 2A']) };
		const reroomed: ScheduleChange = { ...moved, kind: 'reroomed', after: placement('2026-07-15T07:30:00Z', ['Exhibit Hall']) };
		const cancelled: ScheduleChange = { code: 'S1', title: 'Taming asyncio', kind: 'cancelled', before: placement('2026-07-15T07:30:00Z', ['Terrace 2A']) };
		expect(changeNotice(moved, TZ).split('\n').slice(0, 2)).to.deep.equal(['🔁 Schedule change: “Taming asyncio” moved 09:30 → 09:45 (Terrace 2A)', 'You bookmarked this session. Your reminder moves with it.']);
		expect(changeNotice(reroomed, TZ).split('\n')[0]).to.equal('🚪 Room change: “Taming asyncio” at 09:30 is now in Exhibit Hall (was Terrace 2A)');
		expect(changeNotice(cancelled, TZ).split('\n').slice(0, 2)).to.deep.equal(['❌ Cancelled: “Taming asyncio” (09:30, Terrace 2A)', 'You bookmarked this session. No reminder will come for it.']);
		expect(new Set([moved, reroomed, cancelled].map(changeOccasion)).size, 'three occasions, three DMs').to.equal(3);
		expect(changeOccasion({ ...moved })).to.equal(changeOccasion(moved));
	});
});
