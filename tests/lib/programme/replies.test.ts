import { expect } from 'chai';
import type { ScheduleChange } from '#lib/programme/diff';
import { MESSAGE_LIMIT } from '#lib/discord/limits';
import { languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { nextReply, noProgrammeReply, refreshReply, scheduledEventsReply, statusReply, type RefreshSummary } from '#lib/programme/replies';
import type { EventSpec } from '#lib/programme/scheduledEvents';
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

	describe("in the organizer's language", () => {
		const german = textsFor('de', 'organizers');
		const japanese = textsFor('ja', 'organizers');
		const busy: RefreshSummary = { ...summary, changes: Array.from({ length: 10 }, () => moved), skippedSlots: 3, jobs: { created: 2, moved: 1, removed: 0, late: 1 } };

		it('reports a refresh in German, its changes included', () => {
			const lines = refreshReply(busy, TZ, german).split('\n');
			expect(lines.slice(0, 4)).to.deep.equal([
				'Programmversion 1.3 geholt: 42 Sessions.',
				'3 Slots waren unlesbar und wurden übersprungen (Details im Bot-Log).',
				'Änderungen in den nächsten Stunden:',
				'🔁 Programmänderung: „Scaling Django“ verschoben, 09:55 → 10:05 (South Hall 2B)'
			]);
			expect(lines.slice(-2)).to.deep.equal(['… und 2 weitere.', 'Geplante Posts: 2 neu, 1 verschoben, 0 entfernt, 1 verspätet gesendet.']);
			expect(refreshReply({ ...summary, fromCache: true, error: 'pretalx answered HTTP 503', changed: false }, TZ, german).split('\n')[0]).to.equal(
				'⚠️ Die Programmquelle hat nicht geantwortet (pretalx answered HTTP 503). Ich nutze weiter das gespeicherte Programm, Version 1.3.'
			);
		});

		it('reports a refresh in Japanese, and in English with the singular where there is one', () => {
			const lines = refreshReply(busy, TZ, japanese).split('\n');
			expect(lines.slice(0, 2)).to.deep.equal(['プログラムのバージョン 1.3 を取得しました：42 セッション。', '読み取れない枠が 3 件あり、スキップしました（詳細はボットのログにあります）。']);
			expect(lines[3]).to.equal('🔁 スケジュール変更：「Scaling Django」の時間が変わりました 09:55 → 10:05（South Hall 2B）');
			expect(lines.at(-1)).to.equal('予定の投稿：新規 2、移動 1、削除 0、遅れて送信 1。');
			expect(refreshReply({ ...summary, sessionCount: 1, changed: false, skippedSlots: 1 }, TZ).split('\n').slice(0, 2)).to.deep.equal([
				'Fetched schedule version 1.3: 1 session, nothing changed.',
				'1 slot was unreadable and skipped (details in the bot log).'
			]);
		});

		it('reports the status in German and Japanese, times in their own formats', () => {
			const status = { source: 'frab', version: '1.3', sessionCount: 1, fetchedAt: at('2026-07-15T06:50:00Z'), fromCache: true, skippedSlots: 1, lastError: 'HTTP 503', lastAttemptAt: at('2026-07-15T07:00:00Z') };
			const counts = { sent: 12, late: 1, pending: 2, skipped: 2 };
			const context = { timezone: TZ, now: at('2026-07-15T07:12:00Z'), rehearsal: true };
			expect(statusReply(status, counts, 30, context, german).split('\n')).to.deep.equal([
				'**Programmstatus**',
				'Quelle: frab, Version 1.3 (1 Session).',
				'Letzter erfolgreicher Abruf: Mi 15. Jul 08:50.',
				'⚠️ Letzter Versuch Mi 15. Jul 09:00 fehlgeschlagen: HTTP 503 (ich nutze die gespeicherte Kopie).',
				'1 unlesbarer Slot übersprungen.',
				'Posts: 12 gesendet (1 verspätet), 30 geplant, 2 übersprungen, 2 in Arbeit.',
				'Uhr: Probelauf, zeigt Mi 15. Jul 09:12 (Europe/Prague).'
			]);
			expect(statusReply(status, counts, 30, { ...context, rehearsal: false }, japanese).split('\n')).to.deep.equal([
				'**プログラムの状態**',
				'取得元：frab、バージョン 1.3（1 セッション）。',
				'最後に取得に成功した時刻：7月15日(水) 08:50。',
				'⚠️ 最後の試行（7月15日(水) 09:00）は失敗しました：HTTP 503（保存済みのコピーを使用中）。',
				'読み取れない枠を 1 件スキップしました。',
				'投稿：送信済み 12（うち遅れ 1）、予定 30、スキップ 2、処理中 2。',
				'時計：現在 7月15日(水) 09:12（Europe/Prague）。'
			]);
		});

		it('lists the next posts and the scheduled events in German and Japanese; titles and names stay as they are', () => {
			const talk = session('A', hours(3));
			const morning = { id: 'n_morning_1', kind: 'morning' as const, notifyAt: hours(2), startsAt: hours(9), channelKey: 'programme', sessionCodes: ['A', 'B'], rooms: [], leadMinutes: 0 };
			const main = { ...morning, id: 'n_main_2', kind: 'main' as const, notifyAt: hours(2.9) };
			const upcoming = [
				{ notification: morning, sessions: [talk, session('B', hours(4))] },
				{ notification: main, sessions: [talk, session('B', hours(3))] }
			];
			expect(nextReply(upcoming, { timezone: TZ, channelMention: () => '#programme' }, german).split('\n')).to.deep.equal([
				'**Nächste Programm-Posts**',
				'• Mi 15. Jul 10:00 in #programme: Das heutige Programm (2 Sessions)',
				'• Mi 15. Jul 10:54 in #programme: „Talk A“ und 1 weitere'
			]);
			expect(nextReply(upcoming, { timezone: TZ, channelMention: () => '#programme' }, japanese).split('\n')).to.deep.equal([
				'**次のプログラム投稿**',
				'• 7月15日(水) 10:00 #programme：今日のプログラム（2 セッション）',
				'• 7月15日(水) 10:54 #programme：「Talk A」ほか 1 件'
			]);
			const events = [{ spec: { name: '**Keynote** @everyone', start: hours(1) } as EventSpec, userCount: 7 }];
			expect(scheduledEventsReply(events, TZ, german).split('\n')).to.deep.equal(['**1 Server-Event** (Interessiert · Beginn · Name):', '7 · Mi 15. Jul 09:00 · \\*\\*Keynote\\*\\* @\u200beveryone']);
			expect(scheduledEventsReply(events, TZ, japanese).split('\n')[0]).to.equal('**サーバーイベント 1 件**（興味あり · 開始 · 名前）：');
		});

		it('keeps every report within one message in every language, however much there is', () => {
			const many = Array.from({ length: 400 }, (_, index) => ({ spec: { name: 'Ж'.repeat(100), start: hours(index / 10) } as EventSpec, userCount: index }));
			for (const language of languages) {
				const t = textsFor(language, 'organizers');
				const long = { ...moved, title: 'W'.repeat(4000), before: { ...moved.before!, rooms: ['R'.repeat(4000)] } };
				expect(refreshReply({ ...busy, changes: Array.from({ length: 50 }, () => ({ ...long, kind: 'reroomed' as const })), error: 'E'.repeat(4000) }, TZ, t).length, language).to.be.at.most(MESSAGE_LIMIT);
				expect(scheduledEventsReply(many, TZ, t).length, language).to.be.at.most(MESSAGE_LIMIT);
			}
		});
	});
});
