import type { Message, MessageCreateOptions, MessageEditOptions, TextChannel } from 'discord.js';
import type { KeyValueStore } from '#lib/store/KeyValueStore';

interface SavedMessage {
	channelId: string;
	messageId: string;
}

/**
 * Keeps one bot message in a channel (a form, a panel) and edits it in place: it survives restarts without purging
 * the channel or reposting, and is only edited when its text actually changes.
 */
export class FormMessagePublisher {
	public constructor(
		private readonly kv: KeyValueStore,
		private readonly key: string,
		/** Recognises our message when the saved id is lost (e.g. a fresh database). */
		private readonly isOurs: (message: Message) => boolean
	) {}

	public async publish(channel: TextChannel, payload: MessageEditOptions & { content: string }): Promise<Message> {
		const existing = await this.find(channel);
		let message: Message;
		if (!existing) message = await channel.send(payload as MessageCreateOptions);
		else if (!sameContent(existing, payload)) message = await existing.edit(payload);
		else message = existing;
		this.kv.set(this.key, { channelId: channel.id, messageId: message.id } satisfies SavedMessage);
		return message;
	}

	private async find(channel: TextChannel): Promise<Message | null> {
		const saved = this.kv.get<SavedMessage>(this.key);
		if (saved?.channelId === channel.id) {
			const message = await channel.messages.fetch(saved.messageId).catch(() => null);
			if (message) return message;
		}
		const recent = await channel.messages.fetch({ limit: 50 }).catch(() => null);
		return recent?.find((message) => message.author.id === channel.client.user.id && this.isOurs(message)) ?? null;
	}
}

function sameContent(message: Message, payload: MessageEditOptions & { content: string }): boolean {
	const wantedComponents = JSON.stringify((payload.components ?? []).map((row) => ('toJSON' in row ? row.toJSON() : row)));
	const currentComponents = JSON.stringify(message.components.map((row) => row.toJSON()));
	return message.content === payload.content && normalise(wantedComponents) === normalise(currentComponents);
}

// Discord echoes components back with defaults filled in; compare only the fields we set.
function normalise(json: string): string {
	return json.replace(/"(disabled|id)":[^,}]+,?/g, '').replace(/,}/g, '}');
}
