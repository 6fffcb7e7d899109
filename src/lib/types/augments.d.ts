import type { Guild } from 'discord.js';
import type { AgendaDesk } from '#lib/agenda/AgendaDesk';
import type { AgendaReminders } from '#lib/agenda/AgendaReminders';
import type { BotConfig } from '#lib/config/schema';
import type { GuildDirectory } from '#lib/discord/GuildDirectory';
import type { Metrics } from '#lib/http/Metrics';
import type { SyncWatch } from '#lib/http/SyncWatch';
import type { ShutdownCoordinator } from '#lib/lifecycle/ShutdownCoordinator';
import type { NotifyPayload } from '#lib/programme/NotificationJobs';
import type { Programme } from '#lib/programme/Programme';
import type { QaDesk } from '#lib/qa/QaDesk';
import type { QaThreads } from '#lib/qa/QaThreads';
import type { SpeakerCheckin } from '#lib/speakers/SpeakerCheckin';
import type { SpeakerDesk } from '#lib/speakers/SpeakerDesk';
import type { SpeakerRoles } from '#lib/speakers/SpeakerRoles';
import type { SyncReport } from '#lib/pretix/TicketSync';
import type { TicketSync } from '#lib/pretix/TicketSync';
import type { AttemptLimiter } from '#lib/registration/AttemptLimiter';
import type { ClaimLedger } from '#lib/registration/ClaimLedger';
import type { MemberRoles } from '#lib/registration/MemberRoles';
import type { RegistrationDesk } from '#lib/registration/RegistrationDesk';
import type { RegistrationHelpDesk } from '#lib/registration/RegistrationHelpDesk';
import type { OrganizerRegistrations } from '#lib/registration/OrganizerRegistrations';
import type { RegistrationFlow } from '#lib/registration/RegistrationFlow';
import type { RoleGrants } from '#lib/registration/RoleGrants';
import type { RoleMapping } from '#lib/registration/RoleMapping';
import type { RoleQueue } from '#lib/registration/RoleQueue';
import type { TicketIndex } from '#lib/registration/TicketIndex';
import type { PersonalDataRetention } from '#lib/retention/PersonalDataRetention';
import type { ProgrammeStats } from '#lib/statistics/ProgrammeStats';
import type { StatsDesk } from '#lib/statistics/StatsDesk';
import type { SqliteDatabase } from '#lib/store/Database';
import type { KeyValueStore } from '#lib/store/KeyValueStore';

declare module '@sapphire/pieces' {
	interface Container {
		config: BotConfig;
		now: () => Date;
		shutdown: ShutdownCoordinator;
		db: SqliteDatabase;
		kv: KeyValueStore;
		/** The configured guild once the gateway is ready; null before, or when the bot is not in it. */
		guild: Guild | null;
		/** Channels and roles from config, resolved at ready. */
		directory: GuildDirectory | null;
		/** Prometheus metrics; always present, served on /metrics when `[http] enabled`. */
		metrics: Metrics;
		/** Last successful pretix/pretalx syncs, for /healthz and /metrics. */
		syncs: SyncWatch;

		// Registration (installed when registration is enabled).
		tickets: TicketIndex;
		ticketSync: TicketSync;
		lastPretixSync: SyncReport | null;
		ledger: ClaimLedger;
		attempts: AttemptLimiter;
		roleMapping: RoleMapping;
		registration: RegistrationFlow;
		registrationDesk: RegistrationDesk;
		/** Which roles a member should hold: their tickets' and the speakers' role (always installed). */
		memberRoles: MemberRoles;
		/** Members whose roles wait for Discord's member bucket, and the worker that gives them. */
		roleQueue: RoleQueue;
		roleGrants: RoleGrants;

		// Programme notifications (installed when the programme is enabled).
		programme: Programme;
		/** /agenda: members' bookmarks over the programme. */
		agenda: AgendaDesk;
		/** DM reminders of bookmarked sessions, and DMs when one moves or is cancelled. */
		agendaReminders: AgendaReminders;
		/** Empties every table of members' personal data (agenda, speakers, Q&A) once the conference and its retention days are over (a daily task). */
		personalDataRetention: PersonalDataRetention;
		/** `/stats programme`: bookmarks and "Interested" per day and slot, beside the rooms' seats. */
		programmeStats: ProgrammeStats;
		/** The help desk's /registration lookup, unlink and register: the ledger's queries, and their Discord side. */
		organizerRegistrations: OrganizerRegistrations;
		registrationHelpDesk: RegistrationHelpDesk;

		// Speakers (installed when `[speakers] enabled` and the programme is).
		/** "I'm here" check-ins and the nags before each session with linked speakers. */
		speakerCheckin: SpeakerCheckin;
		/** /speaker link|unlink|list and /checkin status. */
		speakerDesk: SpeakerDesk;
		/** The speakers' role on top of the tickets' roles: matched or linked speakers of the programme hold it. */
		speakerRoles: SpeakerRoles;

		// Q&A (installed when `[qa] enabled` and the programme is).
		/** A thread per session: opened before it, summarised and archived after it. */
		qaThreads: QaThreads;
		/** Questions, votes and the chair's list. */
		qa: QaDesk;

		/** /stats (always installed; the registration report says so when registration is off). */
		statsDesk: StatsDesk;
	}
}

// Scheduled tasks and their payloads (src/scheduled-tasks/), so `scheduledTasks.create(name, payload)` is checked.
declare module '@sapphire/plugin-scheduled-tasks' {
	interface ScheduledTasks {
		agendaRetention: never;
		attemptLogPrune: never;
		pretixSync: never;
		agendaReminders: NotifyPayload;
		programmeNotify: NotifyPayload;
		programmeRefresh: never;
		speakerCheckin: NotifyPayload;
		qaThreads: NotifyPayload;
	}
}

// Preconditions by name (src/preconditions/).
declare module '@sapphire/framework' {
	interface Preconditions {
		OrganizerOnly: never;
	}
}

// usher's own client events (UsherEvents in src/lib/discord/events.ts).
declare module 'discord.js' {
	interface ClientEvents {
		usherGuildReady: [directory: GuildDirectory];
	}
}
