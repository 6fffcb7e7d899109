// Discord's documented caps on what one message carries: the one place usher keeps them.

/** Characters in a message's content. */
export const MESSAGE_LIMIT = 2000;

/** Characters per embed part, embeds per message, and characters over all embeds of a message. */
export const EMBED_LIMITS = { title: 256, author: 256, description: 4096, fieldValue: 1024, embedsPerMessage: 10, totalPerMessage: 6000 } as const;

/** Lines packed into as few messages as fit, in order; a line longer than a message is cut. */
export function splitIntoMessages(lines: readonly string[], limit = MESSAGE_LIMIT): string[] {
	const messages: string[] = [];
	let current = '';
	for (const line of lines) {
		if (current && current.length + 1 + line.length > limit) {
			messages.push(current);
			current = '';
		}
		current = current ? `${current}\n${line}` : line.slice(0, limit);
	}
	if (current) messages.push(current);
	return messages;
}
