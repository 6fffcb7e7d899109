import { z } from 'zod';

// Guild, channels and roles may be given by name or by id; both are strings resolved once the bot is ready.
const discordRef = z.string().trim().min(1, 'expected a name or an id');
const minutes = z.number().positive('expected a number of minutes above 0');
const roleList = z.array(discordRef);

const discordSection = z
	.object({
		guild: discordRef,
		organizer_roles: z.array(discordRef).min(1, 'name at least one organizer role'),
		log_channel: discordRef,
		// Discord's interaction token lifetime; only a time-lapse test of Discord's limits changes it.
		interaction_token_minutes: minutes.default(15)
	})
	.strict();

const botSection = z
	.object({
		log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
		data_file: z.string().min(1).default('data/usher.sqlite'),
		// How long a graceful shutdown may take before the process exits anyway.
		shutdown_timeout_seconds: z.number().positive().default(10)
	})
	.strict();

const redisSection = z.object({ url: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// URL' }) }).strict();

const httpSection = z
	.object({
		enabled: z.boolean().default(false),
		host: z.string().default('127.0.0.1'),
		port: z.number().int().min(0).max(65535).default(8080)
	})
	.strict();

const registrationSection = z
	.object({
		enabled: z.boolean().default(true),
		conference_name: z.string().min(1).max(80),
		form_channel: discordRef,
		help_channel: discordRef,
		log_channel: discordRef.optional(),
		max_failed_attempts: z.number().int().min(1).default(5),
		failed_attempts_window_minutes: minutes.default(10),
		attempt_log_retention_days: z.number().int().min(1, 'expected a number of days, at least 1').default(30),
		roles: z
			.object({
				items: z.record(z.string(), roleList).default({}),
				variations: z.record(z.string(), roleList).default({})
			})
			.strict()
	})
	.strict();

const pretixSection = z
	.object({
		base_url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }),
		organizer: z.string().min(1),
		event: z.string().min(1),
		refresh_minutes: minutes.default(5),
		full_resync_hours: z.number().positive().default(6),
		timeout_seconds: z.number().positive().default(10),
		webhook: z
			.object({ enabled: z.boolean().default(false), path: z.string().startsWith('/').default('/webhooks/pretix') })
			.strict()
			.default({ enabled: false, path: '/webhooks/pretix' })
	})
	.strict();

const programmeSection = z
	.object({
		enabled: z.boolean().default(true),
		source: z.enum(['frab', 'pretalx-api', 'file']).default('frab'),
		url: z.string().min(1),
		event: z.string().optional(),
		extra_files: z.array(z.string()).default([]),
		language: z.string().default('en'),
		timezone: z.string().refine((zone) => isValidTimeZone(zone), 'expected an IANA time zone such as "Europe/Prague"'),
		lead_minutes: minutes.default(5),
		room_lead_minutes: z.number().min(0).default(0),
		refresh_minutes: minutes.default(5),
		change_horizon_hours: z.number().positive().default(24),
		main_channel: discordRef,
		livestreams_file: z.string().optional(),
		simulated_start: z.iso.datetime({ offset: true, error: 'expected an ISO date-time with offset' }).optional(),
		speed: z.number().positive().default(1),
		rooms: z.record(z.string(), discordRef).default({})
	})
	.strict();

export const configSchema = z
	.object({
		bot: botSection.default({ log_level: 'info', data_file: 'data/usher.sqlite', shutdown_timeout_seconds: 10 }),
		discord: discordSection,
		redis: redisSection.default({ url: 'redis://127.0.0.1:6379' }),
		http: httpSection.default({ enabled: false, host: '127.0.0.1', port: 8080 }),
		registration: registrationSection,
		pretix: pretixSection,
		programme: programmeSection
	})
	.strict();

export type FileConfig = z.infer<typeof configSchema>;

export interface Secrets {
	discordBotToken: string;
	pretixToken?: string;
	pretalxToken?: string;
	pretixWebhookSecret?: string;
}

/** The validated configuration plus secrets. Secrets are kept apart so a config dump can never include them. */
export interface BotConfig extends FileConfig {
	secrets: Secrets;
	/** Files the configuration was read from, in merge order. */
	sources: string[];
}

function isValidTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
