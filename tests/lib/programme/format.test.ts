import { expect } from 'chai';
import { EMBED_LIMITS } from '#lib/discord/limits';
import { languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { embedLength, notificationMessages, sessionEmbed, shortenAtWord } from '#lib/programme/format';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import type { Session } from '#lib/programme/Session';

const start = new Date('2026-07-15T08:00:00Z');
const base: Session = {
	code: 'MARKUP',
	title: '**Bold** claims: @everyone should test `asyncio`',
	start,
	end: new Date(start.getTime() + 45 * 60_000),
	rooms: ['Forum Hall'],
	speakers: [{ name: 'Łukasz Novák' }, { name: 'Ayşe Yılmaz', avatarUrl: 'https://pretalx.example/a.png' }, { name: 'Grace Hopper' }],
	track: 'Python Core',
	language: 'en',
	abstract: 'Testing async code is hard. @here',
	url: 'https://pretalx.example/ep2026/talk/MARKUP/',
	isBreak: false
};
const notification = (kind: PlannedNotification['kind'], codes: string[]): PlannedNotification => ({
	id: `n_${kind}_1`,
	kind,
	notifyAt: new Date(start.getTime() - 5 * 60_000),
	startsAt: start,
	channelKey: 'programme',
	sessionCodes: codes,
	rooms: ['Forum Hall'],
	leadMinutes: 5
});
const options = { timezone: 'Europe/Prague' };

describe('programme/format', () => {
	it('shortens at a word boundary with an ellipsis', () => {
		const text = 'alpha beta gamma delta epsilon';
		const short = shortenAtWord(text, 20);
		expect(short.length).to.be.at.most(20);
		expect(short.endsWith('…')).to.equal(true);
		expect(text.startsWith(short.slice(0, -1))).to.equal(true);
		expect(text.split(' ')).to.include(short.slice(0, -1).split(' ').at(-1));
		expect(shortenAtWord('short', 20)).to.equal('short');
	});

	it('builds the session embed: linked escaped title, speakers with first avatar, fields, local footer', () => {
		const embed = sessionEmbed(base, { ...options, livestreamFor: (room) => (room === 'Forum Hall' ? 'https://youtu.be/live' : undefined) });
		expect(embed.url).to.equal(base.url);
		expect(embed.title).to.not.include('@everyone');
		expect(embed.author).to.deep.equal({ name: 'Łukasz Novák, Ayşe Yılmaz & Grace Hopper', icon_url: 'https://pretalx.example/a.png' });
		expect(embed.description).to.include('[Read more](https://pretalx.example/ep2026/talk/MARKUP/)');
		expect(embed.description).to.not.include('@here');
		const fields = Object.fromEntries((embed.fields ?? []).map((field) => [field.name, field.value]));
		expect(fields.Start).to.equal('<t:1784102400:t> (<t:1784102400:R>)');
		expect(fields.Duration).to.equal('45 minutes');
		expect(fields.Livestream).to.equal('[Watch live](https://youtu.be/live)');
		// 08:00 UTC in July is 10:00 in Prague, whatever the host's zone.
		expect(embed.footer?.text).to.equal('Starts at 10:00 local time (Europe/Prague)');
	});

	it('keeps long titles, speakers and abstracts within limits, and shows dashes for missing data', () => {
		const long: Session = {
			...base,
			title: 'word '.repeat(100),
			speakers: Array.from({ length: 40 }, (_, index) => ({ name: `Speaker Number ${index}` })),
			abstract: 'Lorem ipsum dolor sit amet. '.repeat(40),
			track: undefined,
			language: undefined
		};
		const embed = sessionEmbed(long, options);
		expect(embed.title!.length).to.be.at.most(EMBED_LIMITS.title);
		expect(embed.author!.name.length).to.be.at.most(EMBED_LIMITS.author);
		expect(embed.description!.split('\n\n')[0]!.length).to.be.at.most(300);
		const fields = Object.fromEntries((embed.fields ?? []).map((field) => [field.name, field.value]));
		expect(fields.Track).to.equal('—');
		expect(fields.Livestream).to.equal('—');
	});

	it('writes the headings for main and room posts', () => {
		const [main] = notificationMessages(notification('main', ['MARKUP']), [base], options);
		expect(main!.content).to.equal('# Sessions starting in 5 minutes');
		const [room] = notificationMessages({ ...notification('room-short', ['MARKUP']), leadMinutes: 2 }, [base], options);
		expect(room!.content).to.equal('# Starting in 2 minutes in Forum Hall');
		const [late] = notificationMessages(notification('main', ['MARKUP']), [base], { ...options, now: new Date(start.getTime() - 60_000), lateNote: 'Sorry, late.' });
		expect(late!.content).to.equal('# Sessions starting in 1 minute\n-# Sorry, late.');
	});

	it('splits beyond 10 embeds or 6000 characters per message', () => {
		const sessions = Array.from({ length: 23 }, (_, index) => ({ ...base, code: `S${index}`, abstract: 'x '.repeat(400) }));
		const messages = notificationMessages(notification('main', sessions.map((session) => session.code)), sessions, options);
		expect(messages.reduce((sum, message) => sum + message.embeds.length, 0)).to.equal(23);
		for (const message of messages) {
			expect(message.embeds.length).to.be.at.most(10);
			expect(message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).to.be.at.most(6000);
		}
		expect(messages[0]!.content).to.match(/^# Sessions/);
		expect(messages.slice(1).every((message) => message.content === '')).to.equal(true);
	});

	it("puts the 🔔 of each message's own sessions on it: a button for one, a menu for more than 5", () => {
		const [single] = notificationMessages(notification('main', ['MARKUP']), [base], options);
		expect(single!.components!.flatMap((row) => row.components).map((component) => 'custom_id' in component && component.custom_id)).to.deep.equal(['usher:agenda:remind:MARKUP']);
		const sessions = Array.from({ length: 13 }, (_, index) => ({ ...base, code: `S${index}` }));
		const messages = notificationMessages(notification('main', sessions.map((session) => session.code)), sessions, options);
		const offered = messages.map((message) => {
			const [menu] = message.components!.flatMap((row) => row.components) as Array<Record<string, any>>;
			return menu!.options ? menu!.options.map((option: { value: string }) => option.value) : [];
		});
		expect(offered).to.deep.equal([sessions.slice(0, 10).map((session) => session.code), []]);
		expect(messages[1]!.components!.flatMap((row) => row.components)).to.have.length(3);
	});

	describe('in [bot] language', () => {
		const live = (room: string) => (room === 'Forum Hall' ? 'https://youtu.be/live' : undefined);

		it('labels the embed in German; title, speakers and abstract stay as pretalx has them', () => {
			const english = sessionEmbed(base, { ...options, livestreamFor: live });
			const german = sessionEmbed(base, { ...options, livestreamFor: live, t: textsFor('de', 'programme') });
			expect(german.fields!.map((field) => [field.name, field.value])).to.deep.equal([
				['Beginn', '<t:1784102400:t> (<t:1784102400:R>)'],
				['Raum', 'Forum Hall'],
				['Track', 'Python Core'],
				['Dauer', '45 Minuten'],
				['Sprache', 'en'],
				['Livestream', '[Live ansehen](https://youtu.be/live)']
			]);
			expect(german.footer?.text).to.equal('Beginnt um 10:00 Uhr Ortszeit (Europe/Prague)');
			expect(german.description).to.equal(english.description!.replace('[Read more]', '[Mehr lesen]'));
			expect([german.title, german.author, german.url]).to.deep.equal([english.title, english.author, english.url]);
		});

		it('labels the embed in Japanese, one room or several', () => {
			const japanese = sessionEmbed({ ...base, rooms: ['Forum Hall', 'South Hall 2A'], end: new Date(start.getTime() + 60_000) }, { ...options, livestreamFor: live, t: textsFor('ja', 'programme') });
			expect(japanese.fields!.map((field) => [field.name, field.value])).to.deep.equal([
				['開始', '<t:1784102400:t> (<t:1784102400:R>)'],
				['会場', 'Forum Hall, South Hall 2A'],
				['トラック', 'Python Core'],
				['所要時間', '1分'],
				['言語', 'en'],
				['ライブ配信', '[ライブで見る](https://youtu.be/live)']
			]);
			expect(japanese.footer?.text).to.equal('現地時間 10:00 開始（Europe/Prague）');
			expect(japanese.description).to.include('[続きを読む](https://pretalx.example/ep2026/talk/MARKUP/)');
			expect(sessionEmbed({ ...base, rooms: ['A', 'B'] }, { ...options, t: textsFor('de', 'programme') }).fields![1]!.name).to.equal('Räume');
		});

		it('writes the headings in German and Japanese, with their plural forms', () => {
			const de = { ...options, t: textsFor('de', 'programme') };
			const ja = { ...options, t: textsFor('ja', 'programme') };
			expect(notificationMessages(notification('main', ['MARKUP']), [base], de)[0]!.content).to.equal('# Diese Sessions beginnen in 5 Minuten');
			expect(notificationMessages(notification('main', ['MARKUP']), [base], { ...de, now: new Date(start.getTime() - 60_000) })[0]!.content).to.equal('# Diese Sessions beginnen in 1 Minute');
			expect(notificationMessages({ ...notification('room-short', ['MARKUP']), leadMinutes: 2 }, [base], de)[0]!.content).to.equal('# In 2 Minuten geht’s los in Forum Hall');
			expect(notificationMessages(notification('main', ['MARKUP']), [base], { ...ja, now: start })[0]!.content).to.equal('# 今から始まるセッション');
			expect(notificationMessages({ ...notification('room-short', ['MARKUP']), leadMinutes: 2 }, [base], ja)[0]!.content).to.equal('# Forum Hallで2分後に始まります');
			expect(notificationMessages({ ...notification('room-short', ['MARKUP']), leadMinutes: 2 }, [base], { ...ja, now: start })[0]!.content).to.equal('# Forum Hallで今から始まります');
		});

		it("stays within Discord's embed limits in every language, with the longest data", () => {
			const long: Session = {
				...base,
				title: '@everyone **ß** '.repeat(400),
				rooms: Array.from({ length: 60 }, (_, index) => `Room ${index} ${'_*'.repeat(20)}`),
				track: 'Ж'.repeat(4000),
				language: 'l'.repeat(4000),
				abstract: '*'.repeat(4000),
				speakers: Array.from({ length: 80 }, (_, index) => ({ name: `Speaker ${index} ${'x'.repeat(50)}` })),
				end: new Date(start.getTime() + 9_999 * 60_000)
			};
			for (const language of languages) {
				const messages = notificationMessages(notification('main', ['L1', 'L2', 'L3']), Array.from({ length: 12 }, (_, index) => ({ ...long, code: `L${index}` })), { ...options, livestreamFor: () => `https://youtu.be/${'v'.repeat(300)}`, t: textsFor(language, 'programme') });
				for (const message of messages) {
					expect(message.embeds.reduce((sum, embed) => sum + embedLength(embed), 0), language).to.be.at.most(EMBED_LIMITS.totalPerMessage);
					for (const embed of message.embeds) {
						expect(embed.title!.length, language).to.be.at.most(EMBED_LIMITS.title);
						expect(embed.footer!.text.length, language).to.be.at.most(EMBED_LIMITS.footer);
						for (const field of embed.fields!) {
							expect(field.name.length, `${language} ${field.name}`).to.be.at.most(EMBED_LIMITS.fieldName);
							expect(field.value.length, `${language} ${field.name}`).to.be.at.most(EMBED_LIMITS.fieldValue);
						}
					}
				}
			}
		});
	});
});
