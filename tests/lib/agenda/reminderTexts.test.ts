import { expect } from 'chai';
import { changeNotice, changeOccasion, dmsClosedNotice, dmsClosedNoticeIn, reminderMessage, reminderSettingReply } from '#lib/agenda/reminderTexts';
import { languages } from '#lib/i18n/language';
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

	it('writes the reminder in the member’s language: Japanese and German, with stream and room channel', () => {
		const japanese = reminderMessage(talk, { timezone: TZ, now: new Date('2026-07-15T07:20:00Z'), roomChannelId: () => undefined, language: 'ja' });
		expect(japanese.content!.split('\n')).to.deep.equal([
			'⏰ **Taming asyncio** はあと 10分、09:30 に Terrace 2A で始まります。',
			'🎤 Ada',
			'-# `/agenda` で登録したセッションです。`/agenda reminders` でお知らせのタイミングを変更、`/agenda remove` でセッションを外せます。'
		]);
		const german = reminderMessage({ ...talk, rooms: [] }, { timezone: TZ, now: new Date('2026-07-15T07:29:00Z'), roomChannelId: () => '42', livestream: 'https://stream.example/a', language: 'de' });
		expect(german.content!.split('\n').slice(0, 3)).to.deep.equal(['⏰ **Taming asyncio** beginnt in 1 Minute, um 09:30.', '🎤 Ada', '📺 Livestream: <https://stream.example/a>']);
		const withChannel = reminderMessage(talk, { timezone: TZ, now: new Date('2026-07-15T07:15:00Z'), roomChannelId: () => '42', language: 'de' });
		expect(withChannel.content).to.include('⏰ **Taming asyncio** beginnt in 15 Minuten, um 09:30 in Terrace 2A.').and.include('💬 Raumkanal: <#42>');
	});

	it('keeps a hostile title within one message in every language', () => {
		const hostile = { ...talk, title: `@everyone **bold** ${'x'.repeat(4000)}`, rooms: ['r'.repeat(4000)] };
		for (const language of languages) {
			const { content } = reminderMessage(hostile, { timezone: TZ, now: new Date('2026-07-15T07:20:00Z'), roomChannelId: () => '42', livestream: 'https://stream.example/a', language });
			expect(content!.length, language).to.be.at.most(2000);
			expect(content, language).to.include('<#42>').and.not.include('@everyone');
		}
	});

	it('tells a German member what changed, in the programme’s words, and what happens to the reminder', () => {
		const moved: ScheduleChange = { code: 'S1', title: 'Taming asyncio', kind: 'moved', before: placement('2026-07-15T07:30:00Z', ['Terrace 2A']), after: placement('2026-07-15T07:45:00Z', ['Terrace 2A']) };
		expect(changeNotice(moved, TZ, 'de').split('\n')).to.deep.equal([
			'🔁 Programmänderung: „Taming asyncio“ verschoben, 09:30 → 09:45 (Terrace 2A)',
			'Du hast diesen Vortrag vorgemerkt. Deine Erinnerung zieht mit um.',
			'-# Du hast das mit `/agenda` vorgemerkt. `/agenda reminders` stellt ein, wie früh diese Erinnerungen kommen; `/agenda remove` entfernt einen Vortrag.'
		]);
		expect(changeNotice({ code: 'S1', title: 'Taming asyncio', kind: 'cancelled', before: moved.before }, TZ, 'ja').split('\n')[1]).to.equal('登録済みのセッションです。このセッションのリマインダーは届きません。');
	});

	it('answers /agenda reminders and the closed-DM notice in the member’s language', () => {
		expect(reminderSettingReply(1, 'de')).to.equal('🔔 Deine Erinnerungen kommen jetzt per DM 1 Minute vor jedem vorgemerkten Vortrag.');
		expect(reminderSettingReply(15, 'ja')).to.equal('🔔 これからは登録セッションの 15分前に DM でリマインダーを送ります。');
		expect(reminderSettingReply(0, 'de')).to.match(/^🔕 Erinnerungen aus:/);
		expect(reminderSettingReply(10)).to.equal('🔔 Your reminders now come by DM 10 minutes before each bookmarked session.');
		expect(dmsClosedNoticeIn('de')).to.include('**Direktnachrichten**');
		expect(dmsClosedNoticeIn('en-US')).to.equal(dmsClosedNotice).and.match(/^⚠️ I couldn't send you a reminder by DM/);
	});
});
