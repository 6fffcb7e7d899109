// Persistent custom ids on programme posts: a click days later, or after a restart, still finds its handler.
const REMIND_BUTTON = 'usher:agenda:remind:';
const MENU = 'usher:agenda:menu:';

export const AgendaIds = {
	/** The 🔔 button of one session on a programme post. */
	remindButton: (sessionCode: string) => `${REMIND_BUTTON}${sessionCode}`,
	/** A select menu of sessions (a busy programme post, or one time block of the morning post); unique within its message. */
	menu: (index: number) => `${MENU}${index}`,
	/** The session a 🔔 button bookmarks, or undefined for another custom id. */
	sessionOfButton: (customId: string) => (customId.startsWith(REMIND_BUTTON) && customId.length > REMIND_BUTTON.length ? customId.slice(REMIND_BUTTON.length) : undefined),
	isMenu: (customId: string) => customId.startsWith(MENU)
} as const;
