/** One thing that happened in the stand-in guild, in the order it happened. */
export type StandInEvent = { at: Date } & (
	| {
			kind: 'message.create' | 'message.update';
			channelId: string;
			/** `#name`, or `DM @user` for direct messages. */
			where: string;
			messageId: string;
			author: string;
			content: string;
			embedTitles: string[];
			attachmentNames: string[];
			/** Set for ephemeral interaction replies: the only user who sees them. */
			visibleTo?: string;
			interactionId?: string;
	  }
	| { kind: 'message.delete'; channelId: string; where: string; messageId: string }
	| { kind: 'role.add' | 'role.remove'; userId: string; username: string; role: string }
	| { kind: 'nick'; userId: string; username: string; before: string | null; after: string | null }
	| { kind: 'member.join' | 'member.leave'; userId: string; username: string }
	| { kind: 'topic'; channelId: string; where: string; topic: string | null }
	/** A thread created, archived, unarchived, locked, renamed or deleted; `where` is `#parent › thread name`. */
	| { kind: 'thread'; channelId: string; where: string; change: string }
	| { kind: 'interaction'; interactionId: string; username: string; summary: string }
	| { kind: 'modal'; interactionId: string; username: string; customId: string; title: string }
	| { kind: 'commands'; scope: 'global' | 'guild'; names: string[] }
);

export type EventKind = StandInEvent['kind'];

interface Waiter {
	predicate: (event: StandInEvent) => boolean;
	resolve: (event: StandInEvent) => void;
}

/** Chronological record of guild events with waiting and a readable transcript. */
export class EventLog {
	readonly #events: StandInEvent[] = [];
	readonly #waiters = new Set<Waiter>();

	public get events(): readonly StandInEvent[] {
		return this.#events;
	}

	public push(event: StandInEvent): void {
		this.#events.push(event);
		for (const waiter of this.#waiters) {
			if (!waiter.predicate(event)) continue;
			this.#waiters.delete(waiter);
			waiter.resolve(event);
		}
	}

	/** Resolves with the first event, already logged or still to come, that matches; rejects after `timeoutMs`. */
	public waitFor(predicate: (event: StandInEvent) => boolean, timeoutMs = 5000, description = 'matching event'): Promise<StandInEvent> {
		const past = this.#events.find(predicate);
		if (past) return Promise.resolve(past);
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				predicate,
				resolve: (event) => {
					clearTimeout(timer);
					resolve(event);
				}
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(waiter);
				reject(new Error(`Discord stand-in: no ${description} within ${timeoutMs} ms`));
			}, timeoutMs);
			this.#waiters.add(waiter);
		});
	}

	public format(): string {
		return this.#events.map(formatEvent).join('\n');
	}
}

const quote = (value: string | null) => (value === null ? '(none)' : `"${value}"`);

export function formatEvent(event: StandInEvent): string {
	switch (event.kind) {
		case 'message.create':
		case 'message.update': {
			const extras = [...event.embedTitles.map((title) => `[embed: ${title}]`), ...event.attachmentNames.map((name) => `[file: ${name}]`)];
			const text = [event.content.replaceAll('\n', ' ⏎ '), ...extras].filter(Boolean).join(' ');
			const prefix = event.interactionId ? '  ↳ ' : '';
			const audience = event.visibleTo ? ` (only @${event.visibleTo} sees this)` : '';
			const verb = event.kind === 'message.update' ? ' ✎' : ':';
			return `${prefix}${event.where}${audience}  ${event.author}${verb} ${text}`;
		}
		case 'message.delete':
			return `${event.where}  message ${event.messageId} deleted`;
		case 'role.add':
			return `@${event.username} +role ${event.role}`;
		case 'role.remove':
			return `@${event.username} -role ${event.role}`;
		case 'nick':
			return `@${event.username} nick ${quote(event.before)} → ${quote(event.after)}`;
		case 'member.join':
			return `@${event.username} joined the server`;
		case 'member.leave':
			return `@${event.username} left the server`;
		case 'topic':
			return `${event.where} topic → ${quote(event.topic?.replaceAll('\n', ' ⏎ ') ?? null)}`;
		case 'thread':
			return `${event.where}  thread ${event.change}`;
		case 'interaction':
			return `@${event.username} ${event.summary}`;
		case 'modal':
			return `  ↳ modal "${event.title}" (${event.customId}) shown to @${event.username}`;
		case 'commands':
			return `commands registered (${event.scope}): ${event.names.map((name) => `/${name}`).join(' ') || '(none)'}`;
	}
}
