import { expect } from 'chai';
import { container } from '@sapphire/framework';
import { ButtonStyle, ComponentType } from 'discord.js';
import { AgendaIds } from '#lib/agenda/customIds';
import { remindComponents, withoutSession, type ComponentRow } from '#lib/agenda/remindComponents';
import { COMPONENT_LIMITS } from '#lib/discord/limits';
import type { Session } from '#lib/programme/Session';
import { languages } from '#lib/i18n/language';

const ZONE = 'Europe/Prague';
const talk = (code: string, title = `Talk ${code}`, extra: Partial<Session> = {}): Session => ({
	code,
	title,
	start: new Date('2026-07-15T07:10:00Z'),
	end: new Date('2026-07-15T07:40:00Z'),
	rooms: ['Forum Hall'],
	speakers: [],
	isBreak: false,
	...extra
});
const only = (rows: ComponentRow[]) => rows.flatMap((row) => row.components);

describe('agenda/remindComponents', () => {
	it('gives one session one 🔔 "Remind me" button, and up to 5 sessions a button each naming the talk', () => {
		const [button] = only(remindComponents([talk('K1')], ZONE));
		expect(button).to.deep.equal({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'usher:agenda:remind:K1', emoji: { name: '🔔' }, label: 'Remind me' });
		const five = remindComponents(['A', 'B', 'C', 'D', 'E'].map((code) => talk(code, `${'Very long title '.repeat(10)}${code}`)), ZONE);
		expect(five).to.have.length(1);
		const buttons = only(five) as Array<{ custom_id: string; label: string }>;
		expect(buttons.map((b) => b.custom_id)).to.deep.equal(['A', 'B', 'C', 'D', 'E'].map(AgendaIds.remindButton));
		for (const b of buttons) {
			expect(b.label.length).to.be.at.most(COMPONENT_LIMITS.buttonLabel);
			expect(b.label).to.match(/^Remind me: Very long title .*…$/);
		}
	});

	it('offers more than 5 sessions in one multi-select menu, labelled with local time and title, plain text within the limits', () => {
		const sessions = Array.from({ length: 8 }, (_, index) => talk(`S${index}`, index === 0 ? `**Bold** @everyone ${'x'.repeat(300)}` : `Talk ${index}`, { rooms: ['Forum Hall', 'R'.repeat(200)] }));
		const [menu] = only(remindComponents(sessions, ZONE)) as Array<Record<string, any>>;
		expect(menu!.type).to.equal(ComponentType.StringSelect);
		expect(AgendaIds.isMenu(menu!.custom_id)).to.equal(true);
		expect(menu!.placeholder).to.equal('🔔 Remind me of…');
		expect([menu!.min_values, menu!.max_values]).to.deep.equal([1, 8]);
		expect(menu!.options.map((option: { value: string }) => option.value)).to.deep.equal(sessions.map((session) => session.code));
		expect(menu!.options[1].label).to.equal('09:10 Talk 1');
		// Option labels are shown as typed: nothing to escape, only to cut.
		expect(menu!.options[0].label.startsWith('09:10 **Bold** @everyone')).to.equal(true);
		for (const option of menu!.options) {
			expect(option.label.length).to.be.at.most(COMPONENT_LIMITS.optionLabel);
			expect(option.description.length).to.be.at.most(COMPONENT_LIMITS.optionDescription);
		}
	});

	it('never offers a break, a session twice, or a code too long for a custom id', () => {
		const rows = remindComponents([talk('BRK', 'Coffee', { isBreak: true }), talk('A'), talk('A'), talk('x'.repeat(90))], ZONE);
		expect((only(rows) as Array<{ custom_id: string }>).map((b) => b.custom_id)).to.deep.equal([AgendaIds.remindButton('A')]);
		expect(remindComponents([talk('BRK', 'Lunch', { isBreak: true })], ZONE)).to.deep.equal([]);
	});

	it("drops a cancelled session's button or option, and the menu or row it empties; says when there was none", () => {
		const buttons = remindComponents([talk('A'), talk('B')], ZONE);
		expect((only(withoutSession(buttons, 'A')!) as Array<{ custom_id: string }>).map((b) => b.custom_id)).to.deep.equal([AgendaIds.remindButton('B')]);
		expect(withoutSession(remindComponents([talk('A')], ZONE), 'A')).to.deep.equal([]);
		expect(withoutSession(buttons, 'Z')).to.equal(undefined);
		const menu = remindComponents(['A', 'B', 'C', 'D', 'E', 'F'].map((code) => talk(code)), ZONE);
		const [edited] = only(withoutSession(menu, 'C')!) as Array<Record<string, any>>;
		expect(edited!.options.map((option: { value: string }) => option.value)).to.deep.equal(['A', 'B', 'D', 'E', 'F']);
		expect(edited!.max_values).to.equal(5);
		// Someone else's components are left as they are.
		const foreign: ComponentRow[] = [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'usher:registration:open', label: 'A' }] }];
		expect(withoutSession(foreign, 'A')).to.equal(undefined);
	});

	it('labels the 🔔 in the given language, within the limits in every language', () => {
		expect((only(remindComponents([talk('K1')], ZONE, 'de'))[0] as { label: string }).label).to.equal('Erinnere mich');
		const two = only(remindComponents([talk('A'), talk('B', 'Pandas')], ZONE, 'ja')) as Array<{ label: string }>;
		expect(two.map((button) => button.label)).to.deep.equal(['リマインドする: Talk A', 'リマインドする: Pandas']);
		const menu = only(remindComponents(['A', 'B', 'C', 'D', 'E', 'F'].map((code) => talk(code)), ZONE, 'ja'))[0] as { placeholder: string };
		expect(menu.placeholder).to.equal('🔔 リマインドするセッション…');
		for (const language of languages) {
			const [single] = only(remindComponents([talk('A', 'x'.repeat(300))], ZONE, language)) as Array<{ label: string }>;
			expect(single!.label.length, language).to.be.at.most(COMPONENT_LIMITS.buttonLabel);
			for (const button of only(remindComponents([talk('A', 'x'.repeat(300)), talk('B', 'y '.repeat(300))], ZONE, language)) as Array<{ label: string }>)
				expect(button.label.length, language).to.be.at.most(COMPONENT_LIMITS.buttonLabel);
			const [select] = only(remindComponents(['A', 'B', 'C', 'D', 'E', 'F'].map((code) => talk(code, 'z'.repeat(300))), ZONE, language)) as Array<Record<string, any>>;
			expect(select!.placeholder.length, language).to.be.at.most(COMPONENT_LIMITS.placeholder);
			for (const option of select!.options) expect(option.label.length, language).to.be.at.most(COMPONENT_LIMITS.optionLabel);
		}
	});

	it('posts the 🔔 in `[bot] language` when no language is given, English before any config', () => {
		expect((only(remindComponents([talk('K1')], ZONE))[0] as { label: string }).label).to.equal('Remind me');
		const saved = container.config;
		container.config = { bot: { language: 'de' } } as typeof container.config;
		try {
			expect((only(remindComponents([talk('K1')], ZONE))[0] as { label: string }).label).to.equal('Erinnere mich');
			container.config = { bot: { language: 'ko' } } as typeof container.config;
			expect((only(remindComponents([talk('K1')], ZONE))[0] as { label: string }).label, 'a language usher has no texts for').to.equal('Remind me');
		} finally {
			container.config = saved;
		}
	});
});
