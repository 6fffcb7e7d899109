// Which of our languages a member reads: their client's, else their server's, else the configured one, else English.

export const languages = ['en-US', 'de', 'fr', 'es-ES', 'it', 'pt-BR', 'cs', 'ja'] as const;
export type Language = (typeof languages)[number];
export const fallbackLanguage: Language = 'en-US';

/** The language we have for a Discord locale (`en-GB` → en-US, `es-419` → es-ES, `pt` → pt-BR); null when we have none. */
export function languageFor(locale: string | null | undefined): Language | null {
	if (!locale) return null;
	const exact = languages.find((language) => language.toLowerCase() === locale.toLowerCase());
	if (exact) return exact;
	const base = locale.split('-')[0]!.toLowerCase();
	return languages.find((language) => language.split('-')[0]!.toLowerCase() === base) ?? null;
}

/** interaction.locale → interaction.guildLocale → config bot.language → English. */
export function chooseLanguage(from: { locale?: string | null; guildLocale?: string | null }, configured: string): Language {
	return languageFor(from.locale) ?? languageFor(from.guildLocale) ?? languageFor(configured) ?? fallbackLanguage;
}
