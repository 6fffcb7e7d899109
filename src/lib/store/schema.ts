// The one module that owns the SQLite schema. Migrations are append-only and applied in order by id;
// never edit one that has shipped: add a new one instead.
// A table holding a member's id goes on one of the lists in ./personalData.ts: tests/lib/store/personalData.test.ts checks.
export interface Migration {
	/** Unique, sortable id such as `001-core`; recorded in `schema_migrations` once applied. */
	id: string;
	sql: string;
}

export const migrations: Migration[] = [
	{
		id: '001-core',
		sql: `
			CREATE TABLE kv (
				key TEXT PRIMARY KEY,
				value TEXT NOT NULL,
				updated_at TEXT NOT NULL
			);
		`
	},
	{
		id: '300-registration-ledger',
		sql: `
			CREATE TABLE registrations (
				ticket_key TEXT NOT NULL,
				order_code TEXT NOT NULL,
				position_id INTEGER NOT NULL,
				item_name TEXT NOT NULL,
				variation_name TEXT,
				attendee_name TEXT NOT NULL,
				attendee_name_key TEXT NOT NULL,
				discord_user_id TEXT NOT NULL,
				roles TEXT NOT NULL DEFAULT '[]',
				nickname TEXT,
				source TEXT NOT NULL CHECK (source IN ('self', 'organizer')),
				reason TEXT,
				registered_at TEXT NOT NULL,
				PRIMARY KEY (order_code, position_id)
			);
			CREATE INDEX registrations_by_key ON registrations (ticket_key);
			CREATE INDEX registrations_by_user ON registrations (discord_user_id);
			CREATE TABLE registration_events (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				kind TEXT NOT NULL CHECK (kind IN ('claimed', 'released', 'reapplied', 'organizer-register', 'organizer-unlink', 'rejoin-restore')),
				discord_user_id TEXT NOT NULL,
				ticket_keys TEXT NOT NULL,
				actor TEXT NOT NULL,
				at TEXT NOT NULL,
				detail TEXT
			);
			CREATE INDEX registration_events_by_user ON registration_events (discord_user_id, at);
			CREATE TABLE registration_attempts (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				user_id TEXT NOT NULL,
				at TEXT NOT NULL,
				-- ATTEMPT_RESULTS as it was: a shipped migration never changes; a new result needs a new migration.
				result TEXT NOT NULL CHECK (result IN (
					'success', 'unknown-ticket', 'wrong-name', 'held-by-other', 'rate-limited', 'not-valid', 'discord-refused', 'error'
				)),
				detail TEXT
			);
			CREATE INDEX registration_attempts_by_user ON registration_attempts (user_id, at);
			CREATE INDEX registration_attempts_by_time ON registration_attempts (at);
		`
	},
	{
		id: '301-health-probe',
		sql: `
			CREATE TABLE health_probe (
				id INTEGER PRIMARY KEY CHECK (id = 1),
				at TEXT NOT NULL
			);
		`
	},
	{
		// pretix orders as validated (unknown fields stripped) plus the catalog, so a restart can answer before pretix does.
		id: '100-pretix-snapshot',
		sql: `
			CREATE TABLE pretix_orders (
				code TEXT PRIMARY KEY,
				last_modified TEXT,
				data TEXT NOT NULL
			);
			CREATE TABLE pretix_sync_state (
				id INTEGER PRIMARY KEY CHECK (id = 1),
				catalog TEXT NOT NULL,
				last_generated_at TEXT,
				last_full_sync_at TEXT
			);
		`
	},
	{
		id: '200-programme',
		sql: `
			CREATE TABLE programme_notifications (
				id TEXT PRIMARY KEY,
				kind TEXT NOT NULL,
				channel_key TEXT NOT NULL,
				channel_id TEXT,
				message_ids TEXT NOT NULL DEFAULT '[]',
				status TEXT NOT NULL CHECK (status IN ('claimed', 'posted', 'skipped')),
				late INTEGER NOT NULL DEFAULT 0,
				note TEXT,
				claimed_at TEXT NOT NULL,
				posted_at TEXT
			);
			CREATE TABLE programme_notification_sessions (
				notification_id TEXT NOT NULL REFERENCES programme_notifications (id) ON DELETE CASCADE,
				session_code TEXT NOT NULL,
				PRIMARY KEY (notification_id, session_code)
			);
			CREATE INDEX programme_notification_sessions_by_code ON programme_notification_sessions (session_code);
			CREATE TABLE programme_snapshots (
				source TEXT PRIMARY KEY,
				version TEXT NOT NULL,
				etag TEXT,
				sessions TEXT NOT NULL,
				fetched_at TEXT NOT NULL
			);
		`
	},
	{
		id: '302-role-queue',
		sql: `
			-- Members whose ticket is claimed and whose roles wait for Discord's member bucket, first in first out.
			CREATE TABLE role_queue (
				seq INTEGER PRIMARY KEY AUTOINCREMENT,
				discord_user_id TEXT NOT NULL UNIQUE,
				role_ids TEXT NOT NULL,
				role_names TEXT NOT NULL,
				nickname TEXT,
				tickets TEXT NOT NULL,
				ticket_keys TEXT NOT NULL,
				claimed_keys TEXT NOT NULL,
				again INTEGER NOT NULL DEFAULT 0,
				queued_at TEXT NOT NULL,
				-- The interaction reply to update once the roles are given, while its token lives.
				reply_application_id TEXT,
				reply_token TEXT,
				reply_expires_at TEXT
			);
		`
	},
	{
		id: '303-role-queue-purpose',
		sql: `
			-- Every way to registration (the form, an organizer, a rejoin, a restart's repair) waits in the same line.
			ALTER TABLE role_queue ADD COLUMN purpose TEXT NOT NULL DEFAULT 'self' CHECK (purpose IN ('self', 'organizer', 'rejoin', 'repair'));
			-- For an organizer's registration: who did it and why (the audit log entry written once the roles are given).
			ALTER TABLE role_queue ADD COLUMN requested_by TEXT;
			ALTER TABLE role_queue ADD COLUMN request_reason TEXT;
		`
	},
	{
		id: '304-role-queue-access',
		sql: `
			-- The access role went ahead through the role bucket; the member PATCH (nickname, other roles) is still to come.
			ALTER TABLE role_queue ADD COLUMN access_given_at TEXT;
		`
	},
	{
		// Which Discord scheduled event mirrors which session, and what it was last sent, so a restart neither doubles nor loses one.
		id: '201-scheduled-events',
		sql: `
			CREATE TABLE programme_scheduled_events (
				session_code TEXT PRIMARY KEY,
				event_id TEXT NOT NULL UNIQUE,
				spec TEXT NOT NULL
			);
		`
	},
	{
		id: '400-agenda-bookmarks',
		sql: `
			-- Members' bookmarked sessions: personal data, deleted by /agenda clear.
			CREATE TABLE agenda_bookmarks (
				user_id TEXT NOT NULL,
				session_code TEXT NOT NULL,
				created_at TEXT NOT NULL,
				PRIMARY KEY (user_id, session_code)
			);
			CREATE INDEX agenda_bookmarks_by_session ON agenda_bookmarks (session_code);
		`
	},
	{
		id: '401-agenda-reminders',
		sql: `
			-- A member's reminder setting and where their DMs go: personal data, deleted with their agenda.
			CREATE TABLE agenda_members (
				user_id TEXT PRIMARY KEY,
				-- Minutes before a bookmarked session; NULL takes [agenda] reminder_minutes, 0 turns DMs off.
				reminder_minutes INTEGER,
				-- Opened once and kept, so a restart does not open 2,000 DM channels again through their slow bucket.
				dm_channel_id TEXT,
				-- Discord refused a DM (50007): no more tries until the member is told, the next time they use /agenda.
				dms_closed_at TEXT
			);
			-- Every agenda DM, so a duplicate job, a retry or a restart never sends one twice. Change notices are written
			-- 'pending' with their text before they go out, so a crash between the refresh and the send loses none.
			CREATE TABLE agenda_dms (
				-- '' for the live conference, a rehearsal's prefix otherwise.
				namespace TEXT NOT NULL,
				user_id TEXT NOT NULL,
				session_code TEXT NOT NULL,
				kind TEXT NOT NULL CHECK (kind IN ('reminder', 'change')),
				-- A reminder's session start, or what a change notice is about.
				occasion TEXT NOT NULL,
				status TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'sent', 'refused')),
				body TEXT,
				updated_at TEXT NOT NULL,
				PRIMARY KEY (namespace, user_id, session_code, kind, occasion)
			);
			CREATE INDEX agenda_dms_by_status ON agenda_dms (status);
		`
	},
	{
		id: '402-agenda-locale',
		sql: `
			-- The Discord locale of the member's last /agenda or 🔔 (a DM has none): their reminders and notices come in it.
			ALTER TABLE agenda_members ADD COLUMN locale TEXT;
		`
	},
	{
		id: '500-speakers',
		sql: `
			-- Members linked by organizers to a speaker of the programme (pretalx's person code, or the name when it has none).
			CREATE TABLE speaker_links (
				user_id TEXT NOT NULL,
				speaker_key TEXT NOT NULL,
				speaker_name TEXT NOT NULL,
				linked_by TEXT NOT NULL,
				linked_at TEXT NOT NULL,
				PRIMARY KEY (user_id, speaker_key)
			);
			CREATE INDEX speaker_links_by_speaker ON speaker_links (speaker_key);
			-- Opened once and kept, like the agenda's: the bot-wide DM-channel bucket is slow.
			CREATE TABLE speaker_dm_channels (
				user_id TEXT PRIMARY KEY,
				channel_id TEXT NOT NULL
			);
			-- "I'm here": one row per speaker and session; a rehearsal keeps its own namespace.
			CREATE TABLE speaker_checkins (
				namespace TEXT NOT NULL,
				session_code TEXT NOT NULL,
				user_id TEXT NOT NULL,
				checked_in_at TEXT NOT NULL,
				PRIMARY KEY (namespace, session_code, user_id)
			);
			-- Every check-in nag (a speaker's DM or channel ping, or a speaker-desk message), claimed before it goes out,
			-- so a retry or a restart neither repeats nor skips one.
			CREATE TABLE speaker_nags (
				namespace TEXT NOT NULL,
				session_code TEXT NOT NULL,
				-- The session start the nag was for.
				occasion TEXT NOT NULL,
				offset_minutes INTEGER NOT NULL,
				-- The speaker's user id for the first nag, 'desk' for the speaker desk's.
				target TEXT NOT NULL,
				status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'pinged', 'none')),
				updated_at TEXT NOT NULL,
				PRIMARY KEY (namespace, session_code, occasion, offset_minutes, target)
			);
		`
	},
	{
		id: '501-speaker-roles',
		sql: `
			-- How a link was made: by an organizer's /speaker link, or by usher matching a registration's ticket name.
			ALTER TABLE speaker_links ADD COLUMN how TEXT NOT NULL DEFAULT 'organizer' CHECK (how IN ('organizer', 'automatic'));
			-- An organizer's /speaker unlink, remembered so that the next automatic match does not link them again.
			CREATE TABLE speaker_link_refusals (
				user_id TEXT NOT NULL,
				speaker_key TEXT NOT NULL,
				refused_by TEXT NOT NULL,
				refused_at TEXT NOT NULL,
				PRIMARY KEY (user_id, speaker_key)
			);
			-- Members usher gave the Speakers role for speaking: the ones it takes back when they lose their last session.
			CREATE TABLE speaker_role_holders (
				user_id TEXT PRIMARY KEY,
				since TEXT NOT NULL
			);
			-- Links made before this migration gave the role.
			INSERT INTO speaker_role_holders (user_id, since) SELECT user_id, MIN(linked_at) FROM speaker_links GROUP BY user_id;
		`
	},
	{
		id: '600-qa',
		sql: `
			-- A session's Q&A thread: claimed before it is created, so a retry or restart never opens two; a rehearsal keeps its own namespace.
			CREATE TABLE qa_threads (
				namespace TEXT NOT NULL,
				session_code TEXT NOT NULL,
				status TEXT NOT NULL CHECK (status IN ('claimed', 'open', 'closed', 'skipped')),
				thread_id TEXT,
				parent_channel_id TEXT,
				-- The bot's first message in the thread, with the ask buttons.
				intro_message_id TEXT,
				summary_message_id TEXT,
				note TEXT,
				updated_at TEXT NOT NULL,
				PRIMARY KEY (namespace, session_code)
			);
			CREATE UNIQUE INDEX qa_threads_by_thread ON qa_threads (thread_id);
			CREATE TABLE qa_questions (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				thread_id TEXT NOT NULL,
				asker_id TEXT NOT NULL,
				-- The display name the message shows, so an edit can draw it again.
				asker_name TEXT NOT NULL,
				text TEXT NOT NULL,
				anonymous INTEGER NOT NULL DEFAULT 0,
				-- Null until Discord has the message.
				message_id TEXT,
				asked_at TEXT NOT NULL,
				answered_at TEXT,
				answered_by TEXT,
				hidden_at TEXT,
				hidden_by TEXT,
				-- What the message shows, so a restart knows which counts to bring up to date; -1: unknown.
				shown_votes INTEGER NOT NULL DEFAULT 0,
				shown_state TEXT NOT NULL DEFAULT 'open'
			);
			CREATE INDEX qa_questions_by_thread ON qa_questions (thread_id);
			CREATE INDEX qa_questions_by_asker ON qa_questions (asker_id, asked_at);
			-- One vote per member and question.
			CREATE TABLE qa_votes (
				question_id INTEGER NOT NULL REFERENCES qa_questions (id) ON DELETE CASCADE,
				user_id TEXT NOT NULL,
				voted_at TEXT NOT NULL,
				PRIMARY KEY (question_id, user_id)
			);
		`
	},
	{
		id: '700-dm-channels',
		sql: `
			-- One home for DM channel ids, whichever feature opened them (agenda reminders, speaker check-in).
			CREATE TABLE dm_channels (
				user_id TEXT PRIMARY KEY,
				channel_id TEXT NOT NULL
			);
			INSERT INTO dm_channels (user_id, channel_id) SELECT user_id, dm_channel_id FROM agenda_members WHERE dm_channel_id IS NOT NULL;
			INSERT INTO dm_channels (user_id, channel_id) SELECT user_id, channel_id FROM speaker_dm_channels WHERE true ON CONFLICT (user_id) DO NOTHING;
			DROP TABLE speaker_dm_channels;
			ALTER TABLE agenda_members DROP COLUMN dm_channel_id;
		`
	},
	// MIGRATIONS-END: append new migrations above this line.
];
