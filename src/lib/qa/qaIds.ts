// Persistent custom ids: a button posted before a restart still finds its handler after it.
const PREFIX = 'usher:qa:';

export const QaIds = {
	ask: `${PREFIX}ask`,
	askAnonymous: `${PREFIX}ask-anonymous`,
	/** The modal; `1` when the question is anonymous. */
	modal: (anonymous: boolean) => `${PREFIX}modal:${anonymous ? 1 : 0}`,
	vote: (questionId: number) => `${PREFIX}vote:${questionId}`,
	/** The chair's list: its select menus and refresh button name the thread they are about. */
	answerMenu: (threadId: string) => `${PREFIX}answer:${threadId}`,
	hideMenu: (threadId: string) => `${PREFIX}hide:${threadId}`,
	refresh: (threadId: string) => `${PREFIX}refresh:${threadId}`
} as const;

/** What a Q&A custom id asks for, or null for any other id. */
export type QaAction =
	| { kind: 'ask'; anonymous: boolean }
	| { kind: 'modal'; anonymous: boolean }
	| { kind: 'vote'; questionId: number }
	| { kind: 'answer' | 'hide' | 'refresh'; threadId: string };

export function parseQaId(customId: string): QaAction | null {
	if (!customId.startsWith(PREFIX)) return null;
	const [kind, value = ''] = customId.slice(PREFIX.length).split(':');
	switch (kind) {
		case 'ask':
			return { kind: 'ask', anonymous: false };
		case 'ask-anonymous':
			return { kind: 'ask', anonymous: true };
		case 'modal':
			return { kind: 'modal', anonymous: value === '1' };
		case 'vote': {
			const questionId = Number(value);
			return Number.isSafeInteger(questionId) && questionId > 0 ? { kind: 'vote', questionId } : null;
		}
		case 'answer':
		case 'hide':
		case 'refresh':
			return /^\d{17,20}$/.test(value) ? { kind, threadId: value } : null;
		default:
			return null;
	}
}
