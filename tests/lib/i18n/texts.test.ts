import { expect } from 'chai';
import { fallbackLanguage, languages } from '#lib/i18n/language';
import { readResources, textsFor } from '#lib/i18n/texts';
import { MESSAGE_LIMIT } from '#lib/discord/limits';

// The checks every translation must pass: same keys and placeholders as English, plural forms, Discord's limits, markdown.
const resources = readResources();
const english = resources[fallbackLanguage]!;
const pluralSuffix = /_(zero|one|two|few|many|other)$/;
// A placeholder is `{{name}}` or `{{name, format}}` (i18next's Intl formats, e.g. `{{count, number}}` for 2,000 / 2.000).
const placeholder = /\{\{\s*(\w+)\s*(?:,\s*(\w+)\s*)?\}\}/g;
const placeholders = (text: string) => [...text.matchAll(placeholder)].map((match) => match.slice(1).filter(Boolean).join(', ')).sort();
const baseKeys = (table: Record<string, string>) => [...new Set(Object.keys(table).map((key) => key.replace(pluralSuffix, '')))].sort();
// Markdown a text may use on purpose: **bold** around a value or a few words, `code` spans; anything else would render or break.
const stripIntended = (text: string) => text.replace(/\*\*[^*\n]+\*\*/g, '').replace(/`[^`\n]*`/g, '');
// Modal fields: title and label 45 characters, description and placeholder 100.
const modalLimits: Record<string, Record<string, number>> = {
	registration: { modalTitle: 45, orderLabel: 45, nameLabel: 45, orderHint: 100, nameHint: 100, orderPlaceholder: 100, namePlaceholder: 100 },
	qa: { modalTitle: 45, modalTitleAnonymous: 45, modalLabel: 45, modalPlaceholder: 100 }
};
// Button labels and select placeholders: 80 and 150 characters.
const componentLimits: Record<string, Record<string, number>> = {
	qa: { askButton: 80, askAnonymousButton: 80, refreshButton: 80, answerPlaceholder: 150, hidePlaceholder: 150 },
	speakers: { hereLabel: 80 }
};

describe('i18n/resources: every language says everything English says, within the rules', () => {
	it('has a folder for each language, and nothing else', () => {
		expect(Object.keys(resources).sort()).to.deep.equal([...languages].sort());
	});

	for (const language of languages)
		describe(language, () => {
			const ownNamespaces = resources[language]!;
			it('has every namespace and key English has, and no others', () => {
				expect(Object.keys(ownNamespaces).sort()).to.deep.equal(Object.keys(english).sort());
				for (const [namespace, table] of Object.entries(english)) expect(baseKeys(ownNamespaces[namespace]!), namespace).to.deep.equal(baseKeys(table));
			});

			it("has exactly the plural forms the language's Intl.PluralRules uses", () => {
				const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();
				for (const [namespace, table] of Object.entries(english)) {
					const plurals = [...new Set(Object.keys(table).filter((key) => pluralSuffix.test(key)).map((key) => key.replace(pluralSuffix, '')))];
					for (const base of plurals) {
						const forms = Object.keys(ownNamespaces[namespace]!).filter((key) => key.replace(pluralSuffix, '') === base && pluralSuffix.test(key)).map((key) => pluralSuffix.exec(key)![1]);
						expect(forms.sort(), `${namespace}:${base}`).to.deep.equal(categories);
					}
				}
			});

			it('uses the same placeholders as English in every text', () => {
				for (const [namespace, table] of Object.entries(ownNamespaces))
					for (const [key, text] of Object.entries(table)) {
						const source = english[namespace]![key] ?? english[namespace]![`${key.replace(pluralSuffix, '')}_other`]!;
						expect(placeholders(text), `${namespace}:${key}`).to.deep.equal(placeholders(source));
					}
			});

			it("stays within Discord's limits with long values filled in", () => {
				const long = 'W'.repeat(100);
				for (const [namespace, table] of Object.entries(ownNamespaces))
					for (const [key, text] of Object.entries(table)) {
						const filled = text.replace(placeholder, long);
						expect(filled.length, `${namespace}:${key}`).to.be.at.most(MESSAGE_LIMIT);
						// Slash command and option descriptions: 100 characters.
						if (namespace === 'commands' && key.endsWith('Description')) expect(text.length, key).to.be.at.most(100);
						const fieldLimit = modalLimits[namespace]?.[key] ?? componentLimits[namespace]?.[key];
						if (fieldLimit !== undefined) expect(text.replace(/\{\{\w+\}\}/g, '').length, `${namespace}:${key}`).to.be.at.most(fieldLimit);
					}
			});

			it('adds no markdown beyond the bold values and code spans English has', () => {
				for (const [namespace, table] of Object.entries(ownNamespaces))
					for (const [key, text] of Object.entries(table)) expect(stripIntended(text), `${namespace}:${key}`).to.not.match(/[*_~|\\]|^[#>-]|\[.*\]\(/m);
				for (const [namespace, table] of Object.entries(ownNamespaces))
					for (const [key, text] of Object.entries(table)) {
						const source = english[namespace]![key] ?? english[namespace]![`${key.replace(pluralSuffix, '')}_other`]!;
						expect((text.match(/`/g) ?? []).length, `${namespace}:${key} code spans`).to.equal((source.match(/`/g) ?? []).length);
						expect((text.match(/\*\*/g) ?? []).length, `${namespace}:${key} bold`).to.equal((source.match(/\*\*/g) ?? []).length);
					}
			});
		});

	it("picks each language's plural form (Czech few and other, Japanese one form)", () => {
		expect(textsFor('cs', 'registration')('waitMinutes', { count: 3 })).to.equal('3 minuty');
		expect(textsFor('cs', 'registration')('waitMinutes', { count: 14 })).to.equal('14 minut');
		expect(textsFor('ja', 'registration')('waitMinutes', { count: 14 })).to.equal('14分');
		expect(textsFor('de', 'registration')('waitMinutes', { count: 1 })).to.equal('1 Minute');
	});
});
