import { PermissionFlagsBits, type Guild } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { guildLayoutFrom } from '#lib/guild/layout';
import { liveGuildFromCache } from '#lib/guild/liveGuild';
import { describeAction } from '#lib/guild/describe';
import { planGuild } from '#lib/guild/plan';
import { mappedRoleEntries } from '#lib/registration/RoleMapping';
import { GuildDirectory } from './GuildDirectory';
import { qaEnabled } from '#lib/qa/qaEnabled';

// Channel keys other code looks up in the directory.
export const ChannelKeys = {
	log: 'discord.log_channel',
	registrationForm: 'registration.form_channel',
	registrationHelp: 'registration.help_channel',
	registrationLog: 'registration.log_channel',
	programmeMain: 'programme.main_channel',
	room: (room: string) => `programme.rooms."${room}"`,
	speakers: 'speakers.channel',
	speakerDesk: 'speakers.desk_channel'
} as const;

/** Resolves everything the config names in the guild and collects the problems into one report. */
export function checkGuild(guild: Guild, config: BotConfig): GuildDirectory {
	const directory = new GuildDirectory(guild);
	const { SendMessages, ViewChannel, EmbedLinks, ManageChannels, CreatePublicThreads, SendMessagesInThreads, ManageThreads } = PermissionFlagsBits;
	directory.requireTextChannel({ key: ChannelKeys.log, ref: config.discord.log_channel });
	config.discord.organizer_roles.forEach((ref, i) => directory.requireRole({ key: `discord.organizer_roles[${i}]`, ref }));

	if (config.registration.enabled) {
		const registration = config.registration;
		directory.requireTextChannel({ key: ChannelKeys.registrationForm, ref: registration.form_channel });
		directory.requireTextChannel({ key: ChannelKeys.registrationHelp, ref: registration.help_channel }, [ViewChannel]);
		directory.requireTextChannel({ key: ChannelKeys.registrationLog, ref: registration.log_channel ?? config.discord.log_channel });
		for (const [ticket, roles] of mappedRoleEntries(registration.roles)) for (const ref of roles) directory.requireAssignableRole({ key: `registration.roles "${ticket}"`, ref });
		if (registration.access_role) directory.requireAssignableRole({ key: 'registration.access_role', ref: registration.access_role });
		if (guild.members.me && !guild.members.me.permissions.has(PermissionFlagsBits.ManageNicknames))
			directory.problems.push('registration: the bot lacks Manage Nicknames, so badge names cannot be set');
	}

	if (config.programme.enabled) {
		directory.requireTextChannel({ key: ChannelKeys.programmeMain, ref: config.programme.main_channel }, [ViewChannel, SendMessages, EmbedLinks]);
		// Q&A threads: created on the room posts, written in, then archived and locked.
		const threadRights = config.qa.enabled ? [CreatePublicThreads, SendMessagesInThreads, ManageThreads] : [];
		for (const [room, ref] of Object.entries(config.programme.rooms))
			directory.requireTextChannel({ key: ChannelKeys.room(room), ref }, [ViewChannel, SendMessages, EmbedLinks, ManageChannels, ...threadRights]);
	}

	if (qaEnabled(config) && config.qa.chair_role) directory.requireRole({ key: 'qa.chair_role', ref: config.qa.chair_role });

	if (config.speakers.enabled && config.programme.enabled) {
		directory.requireTextChannel({ key: ChannelKeys.speakers, ref: config.speakers.channel });
		directory.requireTextChannel({ key: ChannelKeys.speakerDesk, ref: config.speakers.desk_channel });
		directory.requireAssignableRole({ key: 'speakers.role', ref: config.speakers.role });
	}

	// The same plan as `npm run cli -- guild plan`, so the report and the plan never disagree.
	const layout = guildLayoutFrom(config);
	if (layout) {
		const plan = planGuild(liveGuildFromCache(guild), layout);
		for (const problem of plan.problems) directory.problems.push(`guild layout: ${problem}`);
		for (const action of plan.actions) directory.problems.push(`guild layout: ${describeAction(action)} (npm run cli -- guild apply)`);
	}
	return directory;
}

/** The startup report: one line when all is well, else one line per problem under a heading. */
export function formatStartupReport(directory: GuildDirectory): string {
	const { guild, problems } = directory;
	if (!problems.length) return `Startup check: all configured channels and roles found in ${guild.name}.`;
	const unique = [...new Set(problems)];
	return [`Startup check: ${unique.length} problem${unique.length === 1 ? '' : 's'} in ${guild.name}:`, ...unique.map((p) => `  - ${p}`)].join('\n');
}
