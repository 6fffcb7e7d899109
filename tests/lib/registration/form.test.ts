import { expect } from 'chai';
import { ButtonBuilder, type ActionRowBuilder } from 'discord.js';
import { languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { MESSAGE_LIMIT } from '#lib/discord/limits';
import { offlineForm, onlineForm, opensLikeForm } from '#lib/registration/form';

const help = '900000000000000001';
const buttonOf = (form: ReturnType<typeof onlineForm>) => ((form.components![0] as ActionRowBuilder<ButtonBuilder>).components[0]!.toJSON() as { label: string }).label;

describe('registration/form: the public form message', () => {
	it('reads as before in English alone', () => {
		const form = onlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: help });
		expect(form.content).to.equal(
			[
				'## Welcome to EuroPython 2026 on Discord! 🎉',
				'Register here to get your roles and to unlock the conference channels:',
				'1️⃣ Click the green **Register** button below.',
				'2️⃣ Enter your **order code** and the **name on your ticket**. You find both on your ticket PDF, on your badge,',
				'    and in the confirmation email from pretix. A ticket id such as `#ABC12-1` works too.',
				'3️⃣ Click **Submit**.',
				'Your Discord nickname will be set to the name on your ticket, like a badge.',
				`Stuck? Ask in <#${help}> and an organizer will help.`
			].join('\n')
		);
		expect(buttonOf(form)).to.equal('Register');
		expect(offlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: null }).content).to.equal(
			'## Welcome to EuroPython 2026 on Discord! 🎉\nRegistration is offline for a moment: the bot is restarting or being updated. Please try again in a few minutes.'
		);
	});

	it('shows German first and English below it, with the button named in both', () => {
		const form = onlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: help, t: textsFor('de', 'registration'), second: textsFor('en-US', 'registration') });
		const [german, english] = form.content.split('\n\n');
		expect(german).to.match(/^## Willkommen bei EuroPython 2026 auf Discord! 🎉\n/);
		expect(german).to.include('**Registrieren**');
		expect(german).to.include(`Frag in <#${help}>`);
		expect(english).to.match(/^### Welcome to EuroPython 2026 on Discord! 🎉\n/);
		expect(english).to.include(`Stuck? Ask in <#${help}> and an organizer will help.`);
		expect(buttonOf(form)).to.equal('Registrieren / Register');
		const offline = offlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: help, t: textsFor('de', 'registration'), second: textsFor('en-US', 'registration') });
		expect(offline.content).to.match(/^## Willkommen bei EuroPython 2026 auf Discord! 🎉\nDie Registrierung ist kurz offline: .+ Bis dahin frag gern in <#900000000000000001>\.\n\n### Welcome to EuroPython 2026 on Discord! 🎉\nRegistration is offline for a moment: .+ Until then, ask in <#900000000000000001>\.$/);
	});

	it("stays within Discord's limits for every pair of languages, with the longest conference name", () => {
		const conferenceName = 'W'.repeat(80);
		for (const first of languages)
			for (const second of [undefined, ...languages.filter((language) => language !== first)]) {
				const texts = { conferenceName, helpChannelId: help, t: textsFor(first, 'registration'), second: second && textsFor(second, 'registration') };
				const pair = `${first} + ${second ?? 'nothing'}`;
				expect(onlineForm(texts).content.length, pair).to.be.at.most(MESSAGE_LIMIT);
				expect(offlineForm(texts).content.length, pair).to.be.at.most(MESSAGE_LIMIT);
				// A button label holds 80 characters.
				expect(buttonOf(onlineForm(texts)).length, pair).to.be.at.most(80);
			}
	});

	it('recognises its own message in any language, and not another message', () => {
		for (const language of languages) {
			const form = onlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: null, t: textsFor(language, 'registration') });
			expect(opensLikeForm(form.content, 'EuroPython 2026'), language).to.equal(true);
			expect(opensLikeForm(offlineForm({ conferenceName: 'EuroPython 2026', helpChannelId: null, t: textsFor(language, 'registration') }).content, 'EuroPython 2026'), language).to.equal(true);
		}
		expect(opensLikeForm('## Welcome to PyCon 2026 on Discord! 🎉', 'EuroPython 2026')).to.equal(false);
		expect(opensLikeForm('Welcome to EuroPython 2026 on Discord!', 'EuroPython 2026')).to.equal(false);
	});
});
