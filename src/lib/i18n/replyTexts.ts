import { container } from '@sapphire/framework';
import { chooseLanguage, fallbackLanguage, type Language } from './language';
import { textsFor, type Texts } from './texts';

/** The language to answer an interaction in: the member's client, their server, `[bot] language`, English. */
export function replyLanguage(from: { locale?: string | null; guildLocale?: string | null }): Language {
	return chooseLanguage(from, container.config.bot.language);
}

/** The texts of `namespace` for answering an interaction. */
export function replyTexts(from: { locale?: string | null; guildLocale?: string | null }, namespace: string): Texts {
	return textsFor(replyLanguage(from), namespace);
}

/** The language of public posts: `[bot] language`, else English (also while no config is loaded, as in unit tests). */
export function publicLanguage(): Language {
	// Unset until the bot has read its config.
	const configured = (container.config as typeof container.config | undefined)?.bot.language;
	return chooseLanguage({}, configured ?? fallbackLanguage);
}

/** The texts of `namespace` for public posts (the registration form, the log channel): `[bot] language`, else English. */
export function publicTexts(namespace: string): Texts {
	return textsFor(publicLanguage(), namespace);
}
