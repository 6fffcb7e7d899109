import { PermissionFlagsBits } from 'discord.js';
import { z } from 'zod';
import { SCHEDULED_EVENT_LIMITS } from '#lib/discord/limits';
import { isSnowflake } from '#lib/discord/snowflake';
import { mappedRoleEntries } from '#lib/registration/RoleMapping';

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
		interaction_token_minutes: minutes.default(15),
		// Waited past each rate-limit window's reset (discord.js's REST offset); a time-lapse test shortens it with the windows.
		rate_limit_margin_ms: z.number().int().min(0).max(5000).default(50)
	})
	.strict();

const botSection = z
	.object({
		log_level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
		data_file: z.string().min(1).default('data/usher.sqlite'),
		// How long a graceful shutdown may take before the process exits anyway.
		shutdown_timeout_seconds: z.number().positive().default(10),
		// Public posts, and replies to members whose client and server languages usher has no texts for (a Discord locale: en-US, de, ja…).
		language: z.string().min(2).default('en'),
		// Shown below `language` in public posts (the registration form), e.g. "en" under "de"; absent: one language.
		second_language: z.string().min(2).optional()
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
		// Given ahead through the role routes' own bucket, so a rush lets people in twice as fast; "" turns it off.
		access_role: z.string().trim().default(''),
		roles: z
			.object({
				items: z.record(z.string(), roleList).default({}),
				variations: z.record(z.string(), roleList).default({})
			})
			.strict()
	})
	.strict()
	.superRefine((registration, ctx) => {
		const mapped = mappedRoleEntries(registration.roles).flatMap(([, roles]) => roles);
		if (registration.access_role && !isSnowflake(registration.access_role) && !mapped.includes(registration.access_role))
			ctx.addIssue({ code: 'custom', path: ['access_role'], message: "expected one of the roles tickets give (registration.roles)" });
	});

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
		rooms: z.record(z.string(), discordRef).default({}),
		// Sessions mirrored as Discord scheduled events: none, keynotes only, or every session in the window.
		scheduled_events: z.enum(['off', 'keynotes', 'all']).default('off'),
		// Below Discord's cap of 100 uncompleted events, so organizers can add their own.
		scheduled_events_max: z.number().int().min(1).max(SCHEDULED_EVENT_LIMITS.uncompletedPerGuild).default(90),
		// Session types (as pretalx names them) that count as keynotes.
		keynote_types: z.array(z.string()).default(['Keynote']),
		// pretalx room name → seats, shown beside the most bookmarked sessions in /stats programme.
		room_capacity: z.record(z.string(), z.number().int().positive()).default({})
	})
	.strict();

const agendaSection = z
	.object({
		// A member's DM reminder comes this many minutes before a bookmarked session unless they chose otherwise.
		reminder_minutes: z.number().int().min(1).max(120).default(10),
		// Conference-local time of the day's "Today's programme" post in the main channel, or "off".
		morning_post: z.union([z.literal('off'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time such as "08:00", or "off"')]).default('08:00'),
		// Bookmarks and reminder records are deleted this many days after the last session.
		retention_days: z.number().int().min(0).default(30)
	})
	.strict();

const speakersSection = z
	.object({
		// Speaker links and check-in; needs the programme.
		enabled: z.boolean().default(false),
		// Given to linked speakers on top of their ticket's roles.
		role: discordRef.default('Speakers'),
		// Where a speaker whose DMs are closed is pinged with the "I'm here" button.
		channel: discordRef.default('speakers'),
		// Organizers' channel naming speakers not checked in.
		desk_channel: discordRef.default('speaker-desk'),
		// Minutes before a session: the first is the speakers' DM, the others the speaker desk's reminders.
		checkin_minutes: z
			.array(z.number().int().min(1).max(240))
			.min(1)
			.refine((minutes) => minutes.every((value, i) => i === 0 || value < minutes[i - 1]!), 'expected minutes from the largest down, e.g. [60, 30, 15]')
			.default([60, 30, 15])
	})
	.strict();

const qaSection = z
	.object({
		// A Q&A thread per session on the room channel's post; needs the programme and room channels.
		enabled: z.boolean().default(false),
		// Minutes before a session its thread opens; absent: with the session's room post, on which it opens.
		open_minutes: z.number().int().min(0).max(120).optional(),
		// Minutes after a session ends its summary is posted and the thread archived.
		archive_minutes: z.number().int().min(0).max(24 * 60).default(15),
		// Members may ask without their name shown; organizers can still see who asked.
		anonymous: z.boolean().default(true),
		// Besides organizers and the session's linked speakers, members with this role chair every session's Q&A.
		chair_role: discordRef.optional(),
		// Seconds a member waits between two questions.
		question_cooldown_seconds: z.number().int().min(0).max(3600).default(30)
	})
	.strict();

const permissionName = z.enum(Object.keys(PermissionFlagsBits) as [keyof typeof PermissionFlagsBits]);
// Role name (or "@everyone") → what that role may and may not do in the channel.
const overwrites = z.record(
	z.string().min(1),
	z.object({ allow: z.array(permissionName).default([]), deny: z.array(permissionName).default([]) }).strict()
);
const layoutName = z.string().trim().min(1).max(100);

const guildSection = z
	.object({
		// Highest first, as Discord's role list shows them; every role sits below the bot's own role.
		roles: z
			.array(
				z
					.object({
						name: layoutName,
						color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as "#3498db"').default('#000000'),
						hoist: z.boolean().default(false),
						mentionable: z.boolean().default(false),
						permissions: z.array(permissionName).default([])
					})
					.strict()
			)
			.default([]),
		categories: z.array(z.object({ name: layoutName, permissions: overwrites.optional() }).strict()).default([]),
		channels: z
			.array(
				z
					.object({
						name: layoutName,
						type: z.enum(['text', 'announcement', 'forum', 'voice', 'stage']).default('text'),
						category: z.string().optional(),
						topic: z.string().max(1024).optional(),
						// Without it a channel in a category takes the category's permissions.
						permissions: overwrites.optional()
					})
					.strict()
			)
			.default([]),
		// Where the text channels of [programme.rooms] go.
		room_category: z.string().optional()
	})
	.strict()
	.superRefine((guild, ctx) => {
		const categories = new Set(guild.categories.map((category) => category.name));
		for (const [list, names] of [
			['roles', guild.roles.map((role) => role.name)],
			['categories', guild.categories.map((category) => category.name)],
			['channels', guild.channels.map((channel) => channel.name)]
		] as const)
			for (const name of new Set(names.filter((name, i) => names.indexOf(name) !== i))) ctx.addIssue({ code: 'custom', path: [list], message: `"${name}" is listed twice` });
		guild.channels.forEach((channel, i) => {
			// Discord stores such names lower case, spaces as dashes: any other spelling would never match and be created again on each apply.
			const stored = channel.name.toLowerCase().replace(/\s+/g, '-');
			if (!['voice', 'stage'].includes(channel.type) && stored !== channel.name)
				ctx.addIssue({ code: 'custom', path: ['channels', i, 'name'], message: `Discord names a ${channel.type} channel "${stored}"; write it that way` });
			if (channel.category && !categories.has(channel.category))
				ctx.addIssue({ code: 'custom', path: ['channels', i, 'category'], message: `no category "${channel.category}" in [[guild.categories]]` });
		});
		if (guild.room_category && !categories.has(guild.room_category))
			ctx.addIssue({ code: 'custom', path: ['room_category'], message: `no category "${guild.room_category}" in [[guild.categories]]` });
	});

export const configSchema = z
	.object({
		bot: botSection.default({ log_level: 'info', data_file: 'data/usher.sqlite', shutdown_timeout_seconds: 10, language: 'en', second_language: undefined }),
		discord: discordSection,
		redis: redisSection.default({ url: 'redis://127.0.0.1:6379' }),
		http: httpSection.default({ enabled: false, host: '127.0.0.1', port: 8080 }),
		registration: registrationSection,
		pretix: pretixSection,
		programme: programmeSection,
		agenda: agendaSection.default({ reminder_minutes: 10, morning_post: '08:00', retention_days: 30 }),
		speakers: speakersSection.default({ enabled: false, role: 'Speakers', channel: 'speakers', desk_channel: 'speaker-desk', checkin_minutes: [60, 30, 15] }),
		qa: qaSection.default({ enabled: false, archive_minutes: 15, anonymous: true, question_cooldown_seconds: 30 }),
		// Optional: without it usher only checks the channels and roles named above.
		guild: guildSection.optional()
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
