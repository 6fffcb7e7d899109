import { createInstance, type i18n } from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fallbackLanguage, type Language } from './language';

/** A text by key with its values filled in; values from outside are escaped by the caller, i18next does not escape. */
export type Texts = (key: string, values?: Record<string, string | number>) => string;

/** src/languages (or dist/languages once built): `<language>/<namespace>.json`, the layout @sapphire/plugin-i18next reads too. */
export const languagesDirectory = join(__dirname, '..', '..', 'languages');

/** Every resource file, read once: `resources[language][namespace][key]`. */
export function readResources(directory = languagesDirectory): Record<string, Record<string, Record<string, string>>> {
	return Object.fromEntries(
		readdirSync(directory).map((language) => [
			language,
			Object.fromEntries(
				readdirSync(join(directory, language))
					.filter((file) => file.endsWith('.json'))
					.map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(directory, language, file), 'utf8')) as Record<string, string>])
			)
		])
	);
}

// Synchronous and apart from the plugin's global instance, so the pure text modules work the same in unit tests and in the bot.
let instance: i18n | undefined;
function translator(): i18n {
	if (instance) return instance;
	const resources = readResources();
	instance = createInstance();
	void instance.init({
		resources,
		lng: fallbackLanguage,
		fallbackLng: fallbackLanguage,
		ns: Object.keys(resources[fallbackLanguage] ?? {}),
		initAsync: false,
		interpolation: { escapeValue: false },
		returnNull: false,
		showSupportNotice: false
	});
	return instance;
}

/** The texts of one namespace in `language`, falling back to English key by key. */
export function textsFor(language: Language, namespace: string): Texts {
	const t = translator().getFixedT(language, namespace);
	return (key, values) => t(key, values ?? {});
}
