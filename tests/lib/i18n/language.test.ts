import { expect } from 'chai';
import { chooseLanguage, languageFor } from '#lib/i18n/language';

describe('i18n/language', () => {
	it('maps Discord locales onto the languages usher has', () => {
		expect(languageFor('en-US')).to.equal('en-US');
		expect(languageFor('en-GB')).to.equal('en-US');
		expect(languageFor('es-419')).to.equal('es-ES');
		expect(languageFor('pt-BR')).to.equal('pt-BR');
		expect(languageFor('de')).to.equal('de');
		expect(languageFor('ja')).to.equal('ja');
		expect(languageFor('en')).to.equal('en-US');
		expect(languageFor('ko')).to.equal(null);
		expect(languageFor('zh-TW')).to.equal(null);
		expect(languageFor(null)).to.equal(null);
	});

	it("follows the member's client, then the server, then the config, then English", () => {
		expect(chooseLanguage({ locale: 'de', guildLocale: 'fr' }, 'cs')).to.equal('de');
		expect(chooseLanguage({ locale: 'ko', guildLocale: 'fr' }, 'cs')).to.equal('fr');
		expect(chooseLanguage({ locale: 'ko', guildLocale: 'tr' }, 'cs')).to.equal('cs');
		expect(chooseLanguage({ locale: 'ko', guildLocale: null }, 'en')).to.equal('en-US');
		expect(chooseLanguage({ locale: 'ko' }, 'klingon')).to.equal('en-US');
	});
});
