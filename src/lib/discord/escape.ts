import { escapeMarkdown } from 'discord.js';

/**
 * Text from outside (ticket names, session titles, role names) shown exactly as typed: no markdown, no rendered
 * mention or timestamp, and `@everyone`/`@here` defused, so even a message sent without allowed_mentions could not ping.
 */
export function escapeText(text: string): string {
	return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
		.replace(/^(\s*)>/gm, '$1\\>')
		.replace(/</g, '\\<')
		.replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** `escapeText` on one line, for list entries: newlines and runs of spaces become one space. */
export function escapeLine(text: string): string {
	return escapeText(text.replace(/\s+/g, ' '));
}
