// Discord's documented caps on what one message carries: the one place usher keeps them.

/** Characters in a message's content. */
export const MESSAGE_LIMIT = 2000;

/** Characters per embed part, embeds per message, and characters over all embeds of a message. */
export const EMBED_LIMITS = { title: 256, author: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, embedsPerMessage: 10, totalPerMessage: 6000 } as const;

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

/**
 * Joins `head` and as many `items` as fit in `limit`; the rest collapse into one `summarize(rest)` line.
 */
export function fitLines<T>(head: readonly string[], items: readonly T[], line: (item: T) => string, summarize: (rest: readonly T[]) => string, limit = MESSAGE_LIMIT): string {
	const lines = [...head];
	let length = lines.join('\n').length;
	for (let index = 0; index < items.length; index++) {
		const next = line(items[index]);
		const rest = items.slice(index + 1);
		// Reserve room for the summary line unless this is the last item.
		const reserve = rest.length > 0 ? 1 + summarize(rest).length : 0;
		if (length + 1 + next.length + reserve > limit) {
			lines.push(summarize(items.slice(index)));
			return lines.join('\n');
		}
		lines.push(next);
		length += 1 + next.length;
	}
	return lines.join('\n');
}

/** An autocomplete answer: at most 25 choices, each name and value at most 100 characters. */
export const AUTOCOMPLETE_LIMITS = { choices: 25, name: 100, value: 100 } as const;

/** Characters in a guild scheduled event's name, description and EXTERNAL location, and Discord's cap on uncompleted events per guild (30038). */
export const SCHEDULED_EVENT_LIMITS = { name: 100, description: 1000, location: 100, uncompletedPerGuild: 100 } as const;

/**
 * Message components: action rows per message, buttons per row, options per select menu, characters in a custom id,
 * a button's label, an option's label and description, and a select's placeholder.
 */
export const COMPONENT_LIMITS = { actionRows: 5, buttonsPerRow: 5, selectOptions: 25, customId: 100, buttonLabel: 80, optionLabel: 100, optionDescription: 100, placeholder: 150 } as const;
