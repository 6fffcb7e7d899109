import { expect } from 'chai';
import { ComponentType } from 'discord.js';
import { DateTime } from 'luxon';
import { morningContentAfter, morningLine, morningMessages } from '#lib/agenda/morningPost';
import { COMPONENT_LIMITS, MESSAGE_LIMIT } from '#lib/discord/limits';
import type { Session } from '#lib/programme/Session';
import { languages } from '#lib/i18n/language';

const ZONE = 'Europe/Prague';
const at = (local: string) => DateTime.fromISO(`2026-07-15T${local}`, { zone: ZONE }).toJSDate();
const talk = (code: string, local: string, title = `Talk ${code}`, rooms = ['Forum Hall']): Session => ({
	code,
	title,
	start: at(local),
	end: new Date(at(local).getTime() + 30 * 60_000),
	rooms,
	speakers: [],
	isBreak: false
});
const menusOf = (message: ReturnType<typeof morningMessages>[number]) => (message.components ?? []).flatMap((row) => row.components) as Array<Record<string, any>>;

describe('agenda/morningPost', () => {
	it("lists the day by hour with a multi-select per hour, labelled by its hours, under the day's heading", () => {
		const [message, ...rest] = morningMessages([talk('B', '10:05'), talk('A', '09:10', 'Keynote'), talk('C', '09:45', 'Pandas', ['Terrace 2A', 'Terrace 2B'])], { timezone: ZONE, day: at('08:00') });
		expect(rest).to.deep.equal([]);
		expect(message!.content).to.equal(
			[
				"# Today's programme · Wednesday 15 July",
				'-# Times in Europe/Prague. Pick sessions in the menus below to bookmark them (several at once if you like); `/agenda list` shows your day.',
				'',
				'**09:00–10:00**',
				'`09:10` **Keynote** · Forum Hall',
				'`09:45` **Pandas** · Terrace 2A, Terrace 2B',
				'',
				'**10:00–11:00**',
				'`10:05` **Talk B** · Forum Hall'
			].join('\n')
		);
		const menus = menusOf(message!);
		expect(menus.map((menu) => [menu.type, menu.placeholder, menu.min_values, menu.max_values, menu.options.map((option: { value: string }) => option.value)])).to.deep.equal([
			[ComponentType.StringSelect, '🔔 09:00–10:00: remind me of…', 1, 2, ['A', 'C']],
			[ComponentType.StringSelect, '🔔 10:00–11:00: remind me of…', 1, 1, ['B']]
		]);
		expect(new Set(menus.map((menu) => menu.custom_id)).size).to.equal(2);
	});

	it('pages a day of 120 sessions within Discord limits: 5 menus, 25 options and 2,000 characters per message, each session once', () => {
		const sessions = Array.from({ length: 120 }, (_, index) => {
			const minutes = 9 * 60 + Math.floor(index / 12) * 45 + (index % 3) * 5;
			const local = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
			return talk(`S${index}`, local, `${'A rather long talk title about Python packaging '.repeat(3)}${index}`, [`Room ${index % 12}`]);
		});
		const messages = morningMessages(sessions, { timezone: ZONE, day: at('08:00'), lateNote: 'Posted later than planned, so it lists only the sessions still to come.' });
		expect(messages.length).to.be.above(1);
		expect(messages[0]!.content).to.match(/^# Today's programme · Wednesday 15 July\n.+\n-# Posted later than planned/);
		const offered: string[] = [];
		for (const message of messages) {
			expect(message.content.length).to.be.at.most(MESSAGE_LIMIT);
			expect(message.components!.length).to.be.within(1, COMPONENT_LIMITS.actionRows);
			const menus = menusOf(message);
			expect(new Set(menus.map((menu) => menu.custom_id)).size, 'custom ids unique in a message').to.equal(menus.length);
			for (const menu of menus) {
				expect(menu.options.length).to.be.within(1, COMPONENT_LIMITS.selectOptions);
				expect(menu.max_values).to.equal(menu.options.length);
				expect(menu.placeholder.length).to.be.at.most(COMPONENT_LIMITS.placeholder);
				// Every option offered is listed in the same message's text.
				for (const option of menu.options) {
					expect(option.label.length).to.be.at.most(COMPONENT_LIMITS.optionLabel);
					expect(message.content).to.include(morningLine(sessions.find((session) => session.code === option.value)!, ZONE));
					offered.push(option.value);
				}
			}
		}
		expect(offered.sort()).to.deep.equal(sessions.map((session) => session.code).sort());
		// A busy hour is split, and its parts say so.
		expect(messages.flatMap(menusOf).some((menu) => / \(\d+\/\d+\): remind me of…$/.test(menu.placeholder))).to.equal(true);
	});

	it('escapes odd titles and rooms in the list, one line each, and cuts a 4,000-character title', () => {
		const odd = talk('X', '09:00', '**Bold** <@123> @everyone\n# heading `code` <t:1:R> [link](https://x.example)', ['Hall\n> quote']);
		const line = morningLine(odd, ZONE);
		expect(line).to.equal('`09:00` **\\*\\*Bold\\*\\* \\<@123> @\u200beveryone # heading \\`code\\` \\<t:1:R> \\[link](https://x.example)** · Hall > quote');
		// On one line nothing can start a heading or a quote; the link, mentions and timestamp are defused.
		const long = morningLine(talk('L', '09:00', 'word '.repeat(800)), ZONE);
		expect(long.length).to.be.below(200);
		expect(long).to.include('…');
		const [message] = morningMessages([odd], { timezone: ZONE, day: at('08:00') });
		expect(message!.content).to.not.match(/(^|[^\u200b])@everyone/);
		// The option shows the title as typed (Discord renders no markdown there), on one line.
		expect(menusOf(message!)[0]!.options[0].label).to.equal('09:00 **Bold** <@123> @everyone # heading `code` <t:1:R> [link](https://x.example)');
	});

	it('says so when nothing of the day is left, and never lists a break', () => {
		const [message] = morningMessages([{ ...talk('BRK', '10:00', 'Coffee'), isBreak: true }], { timezone: ZONE, day: at('08:00') });
		expect(message!.content).to.match(/Every session of today has started/);
		expect(message!.content).to.not.include('Coffee');
		expect(message!.components).to.equal(undefined);
	});

	it("marks a changed session's line: struck through when cancelled, its new time or room when moved; nothing for another message", () => {
		const sessions = [talk('A', '09:10', 'Keynote'), talk('B', '09:45', 'Pandas')];
		const [message] = morningMessages(sessions, { timezone: ZONE, day: at('08:00') });
		const placement = (session: Session) => ({ start: session.start, end: session.end, rooms: session.rooms });
		const cancelled = morningContentAfter(message!.content, sessions[1]!, { code: 'B', title: 'Pandas', kind: 'cancelled', before: placement(sessions[1]!) }, ZONE);
		expect(cancelled!.split('\n').slice(-2)).to.deep.equal(['`09:10` **Keynote** · Forum Hall', '~~`09:45` **Pandas** · Forum Hall~~ ❌ cancelled']);
		const later = { ...sessions[0]!, start: at('10:05'), rooms: ['Terrace 2A'] };
		const moved = morningContentAfter(message!.content, sessions[0]!, { code: 'A', title: 'Keynote', kind: 'moved', before: placement(sessions[0]!), after: placement(later) }, ZONE);
		expect(moved!.split('\n')).to.include('`09:10` **Keynote** · Forum Hall 🔁 now 10:05 in Terrace 2A');
		const reroomed = morningContentAfter(message!.content, sessions[0]!, { code: 'A', title: 'Keynote', kind: 'reroomed', before: placement(sessions[0]!), after: { ...placement(sessions[0]!), rooms: ['Exhibit Hall'] } }, ZONE);
		expect(reroomed!.split('\n')).to.include('`09:10` **Keynote** · Forum Hall 🔁 now in Exhibit Hall');
		expect(morningContentAfter('# Sessions starting in 5 minutes', sessions[0]!, { code: 'A', title: 'Keynote', kind: 'cancelled' }, ZONE)).to.equal(undefined);
	});

	it('leaves a full page as it is rather than make it longer than a message', () => {
		const long = talk('A', '09:10', 'word '.repeat(30));
		const line = morningLine(long, ZONE);
		const full = `${'x'.repeat(MESSAGE_LIMIT - line.length - 1)}\n${line}`;
		expect(morningContentAfter(full, long, { code: 'A', title: long.title, kind: 'cancelled' }, ZONE)).to.equal(undefined);
	});

	it('writes the morning post in German and Japanese: heading with the day, intro, menus; the list itself as in English', () => {
		const sessions = [talk('A', '09:10', 'Keynote'), talk('B', '10:05')];
		const [german] = morningMessages(sessions, { timezone: ZONE, day: at('08:00'), language: 'de' });
		const [english] = morningMessages(sessions, { timezone: ZONE, day: at('08:00') });
		expect(german!.content.split('\n').slice(0, 2)).to.deep.equal([
			'# Das Programm von heute · Mittwoch, 15. Juli',
			'-# Zeiten in Europe/Prague. Wähl Vorträge in den Menüs unten, um sie vorzumerken (gern mehrere auf einmal); `/agenda list` zeigt deinen Tag.'
		]);
		expect(german!.content.split('\n').slice(2)).to.deep.equal(english!.content.split('\n').slice(2));
		expect(menusOf(german!).map((menu) => menu.placeholder)).to.deep.equal(['🔔 09:00–10:00: erinnere mich an…', '🔔 10:00–11:00: erinnere mich an…']);
		const [japanese] = morningMessages(sessions, { timezone: ZONE, day: at('08:00'), language: 'ja' });
		expect(japanese!.content.split('\n')[0]).to.equal('# 今日のプログラム · 7月15日水曜日');
		expect(menusOf(japanese!)[0]!.placeholder).to.equal('🔔 09:00–10:00：リマインドするセッション…');
		const [nothing] = morningMessages([], { timezone: ZONE, day: at('08:00'), language: 'ja' });
		expect(nothing!.content.split('\n').at(-1)).to.equal('今日のセッションはすべて始まりました。`/agenda list` で今日の予定を確認できます。');
	});

	it('pages a busy day within the limits in every language', () => {
		const sessions = Array.from({ length: 120 }, (_, index) => talk(`S${index}`, `${String(9 + Math.floor(index / 40)).padStart(2, '0')}:${String(index % 40).padStart(2, '0')}`, `${'Long title '.repeat(12)}${index}`));
		for (const language of languages) {
			const messages = morningMessages(sessions, { timezone: ZONE, day: at('08:00'), language, lateNote: 'Posted later than planned.' });
			for (const message of messages) {
				expect(message.content.length, language).to.be.at.most(MESSAGE_LIMIT);
				for (const menu of menusOf(message)) expect(menu.placeholder.length, language).to.be.at.most(COMPONENT_LIMITS.placeholder);
			}
			expect(messages.flatMap((message) => menusOf(message).flatMap((menu) => menu.options.map((option: { value: string }) => option.value))), language).to.have.length(120);
		}
	});

	it("marks a changed session's line in German and Japanese", () => {
		const sessions = [talk('A', '09:10', 'Keynote'), talk('B', '09:45', 'Pandas')];
		const [message] = morningMessages(sessions, { timezone: ZONE, day: at('08:00'), language: 'de' });
		const placement = (session: Session) => ({ start: session.start, end: session.end, rooms: session.rooms });
		const cancelled = morningContentAfter(message!.content, sessions[1]!, { code: 'B', title: 'Pandas', kind: 'cancelled', before: placement(sessions[1]!) }, ZONE, 'de');
		expect(cancelled!.split('\n').at(-1)).to.equal('~~`09:45` **Pandas** · Forum Hall~~ ❌ abgesagt');
		const later = { ...sessions[0]!, start: at('10:05'), rooms: ['Terrace 2A'] };
		const moved = morningContentAfter(message!.content, sessions[0]!, { code: 'A', title: 'Keynote', kind: 'moved', before: placement(sessions[0]!), after: placement(later) }, ZONE, 'de');
		expect(moved!.split('\n')).to.include('`09:10` **Keynote** · Forum Hall 🔁 jetzt um 10:05 in Terrace 2A');
		const onlyLater = { ...sessions[0]!, start: at('10:05') };
		const movedJa = morningContentAfter(message!.content, sessions[0]!, { code: 'A', title: 'Keynote', kind: 'moved', before: placement(sessions[0]!), after: placement(onlyLater) }, ZONE, 'ja');
		expect(movedJa!.split('\n')).to.include('`09:10` **Keynote** · Forum Hall 🔁 10:05 に変更');
		const reroomed = morningContentAfter(message!.content, sessions[0]!, { code: 'A', title: 'Keynote', kind: 'reroomed', before: placement(sessions[0]!), after: { ...placement(sessions[0]!), rooms: ['Exhibit Hall'] } }, ZONE, 'ja');
		expect(reroomed!.split('\n')).to.include('`09:10` **Keynote** · Forum Hall 🔁 Exhibit Hall に変更');
	});
});
