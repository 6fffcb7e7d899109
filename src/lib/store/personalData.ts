/** A table of the schema, and why it is on its list. */
export interface TableReason {
	table: string;
	reason: string;
}

/**
 * Every table holding members' personal data that has no use once the conference is over, per feature: the retention
 * run (`[agenda] retention_days` after the last session) empties them all, in this order (a table before the one it references).
 * A migration adding a table with a member's id puts it here or in KEPT_MEMBER_TABLES; tests/lib/store/personalData.test.ts checks.
 */
export const PERSONAL_DATA_TABLES = {
	agenda: [
		{ table: 'agenda_bookmarks', reason: "members' bookmarked sessions" },
		{ table: 'agenda_members', reason: "members' reminder settings and locales" },
		{ table: 'agenda_dms', reason: 'every reminder and change notice sent to a member, with its text' }
	],
	speakers: [
		{ table: 'speaker_links', reason: 'which member is which speaker, and the organizer who linked them' },
		{ table: 'speaker_link_refusals', reason: "organizers' unlinks of a member from a speaker" },
		{ table: 'speaker_role_holders', reason: 'the members usher gave the Speakers role for speaking' },
		{ table: 'speaker_checkins', reason: 'when each speaker said "I\'m here"' },
		{ table: 'speaker_nags', reason: 'every check-in nag, addressed by the speaker’s id' }
	],
	qa: [
		{ table: 'qa_votes', reason: 'who voted for which question (before qa_questions, which it references)' },
		{ table: 'qa_questions', reason: "askers' ids, names and questions, and who answered or hid them" },
		{ table: 'qa_threads', reason: 'not personal, but its rows stand for the questions deleted with them' }
	],
	directMessages: [{ table: 'dm_channels', reason: "each member's DM channel id, opened for agenda reminders or the speaker check-in" }]
} as const satisfies Record<string, readonly TableReason[]>;

/** The tables the retention run empties, in order. */
export const RETENTION_TABLES: readonly string[] = Object.values(PERSONAL_DATA_TABLES).flatMap((tables) => tables.map(({ table }) => table));

/** Tables with members' data that the retention run leaves alone on purpose, and why. */
export const KEPT_MEMBER_TABLES: readonly TableReason[] = [
	{ table: 'registrations', reason: 'who holds which ticket: organizers answer tickets and refunds after the conference; a member who rejoins gets their roles back' },
	{ table: 'registration_events', reason: "the registrations' history, for the help desk's /registration lookup: it goes with them" },
	{ table: 'registration_attempts', reason: 'pruned on its own, daily, after [registration] attempt_log_retention_days' },
	{ table: 'role_queue', reason: 'holds a member only while their roles wait for Discord: emptied as they are given' },
	{ table: 'pretix_orders', reason: "pretix's orders as last synced: a copy of pretix, where organizers keep and delete them" }
];
