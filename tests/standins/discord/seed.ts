import { PermissionFlagsBits as P } from 'discord.js';
import { BOT_CHANNEL_ACCESS } from '#lib/guild/layout';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface RoleSeed {
	name: string;
	color?: number;
	permissions?: bigint;
	hoist?: boolean;
	mentionable?: boolean;
}

export type ChannelKind = 'text' | 'announcement' | 'category' | 'voice' | 'stage' | 'forum';

export interface ChannelSeed {
	name: string;
	type?: ChannelKind;
	/** Name of the category channel this one sits in. */
	category?: string;
	topic?: string;
	/** Permission overwrites by role name ("@everyone" included). */
	overwrites?: Record<string, { allow?: bigint; deny?: bigint }>;
}

export interface MemberSeed {
	username: string;
	globalName?: string;
	nick?: string;
	/** Role names. */
	roles?: string[];
	joinedAt?: Date;
	bot?: boolean;
}

/** Everything a stand-in guild starts with; names are resolved to snowflakes when the stand-in starts. */
export interface GuildSeed {
	name: string;
	preferredLocale?: string;
	everyonePermissions: bigint;
	/** Bottom to top (position 1 upwards), without @everyone. */
	roles: RoleSeed[];
	/** The bot user; `role` names its managed role, which must be in `roles`. */
	bot: { username: string; globalName?: string; role: string };
	/** Username of the guild owner; must be in `members`. */
	owner: string;
	channels: ChannelSeed[];
	members: MemberSeed[];
}

const everyone = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AddReactions | P.UseApplicationCommands | P.ChangeNickname |
	P.EmbedLinks | P.AttachFiles;

const conferenceRoles: RoleSeed[] = [
	{ name: 'Beginners Day', color: 0x2ecc71 },
	{ name: 'Remote Participants', color: 0x95a5a6 },
	{ name: 'Onsite Participants', color: 0x95a5a6 },
	{ name: 'Participants', color: 0x3498db, hoist: true },
	{ name: 'Sponsors', color: 0xf1c40f, hoist: true },
	{ name: 'Speakers', color: 0xe67e22, hoist: true, mentionable: true },
	{ name: 'Volunteers', color: 0x1abc9c, hoist: true, mentionable: true },
	{ name: 'Organisers', color: 0xe74c3c, hoist: true, mentionable: true, permissions: P.ManageMessages },
	// The thread bits: a Q&A thread per session is started, posted in and archived by the bot.
	{
		name: 'usher',
		permissions:
			P.ManageRoles | P.ManageNicknames | P.ManageChannels | P.ManageMessages | P.ViewChannel | P.SendMessages | P.CreatePublicThreads | P.SendMessagesInThreads | P.ManageThreads
	},
	{ name: 'Admin', color: 0x9b59b6, permissions: P.Administrator }
];

// As config/config.toml's [guild] describes it, the bot's role allowed wherever a channel hides or mutes: a clean startup report.
const only = (...roles: string[]) => ({
	'@everyone': { deny: P.ViewChannel },
	...Object.fromEntries(roles.map((role) => [role, { allow: P.ViewChannel }])),
	usher: { allow: BOT_CHANNEL_ACCESS }
});
const readOnly = { '@everyone': { allow: P.ViewChannel | P.ReadMessageHistory, deny: P.SendMessages | P.AddReactions }, usher: { allow: BOT_CHANNEL_ACCESS } };

const conferenceChannels: ChannelSeed[] = [
	{ name: 'Information', type: 'category' },
	{ name: 'welcome', category: 'Information', topic: 'Welcome to EuroPython 2026! Start in #registration-form.', overwrites: readOnly },
	{ name: 'registration-form', category: 'Information', topic: 'Register your ticket here to unlock the server.', overwrites: readOnly },
	{ name: 'registration-help', category: 'Information', topic: 'Trouble registering? Ask here.' },
	{ name: 'programme-notifications', type: 'announcement', category: 'Information', topic: 'Talks starting soon.', overwrites: readOnly },
	{ name: 'Conference', type: 'category', overwrites: only('Participants') },
	{ name: 'hallway', category: 'Conference', topic: 'Chat with everyone at EuroPython 2026.', overwrites: only('Participants') },
	{ name: 'job-board', type: 'forum', category: 'Conference', topic: 'One post per job offer.', overwrites: only('Participants') },
	{ name: 'open-space', type: 'voice', category: 'Conference', overwrites: only('Participants') },
	{ name: 'keynote-stage', type: 'stage', category: 'Conference', overwrites: only('Participants') },
	{ name: 'Rooms', type: 'category', overwrites: only('Participants') },
	...['forum-hall', 'south-hall-2a', 'south-hall-2b', 'terrace-2a', 'terrace-2b', 'exhibit-hall'].map((name) => ({ name, category: 'Rooms', overwrites: only('Participants') })),
	{ name: 'Organisation', type: 'category', overwrites: only('Organisers') },
	{ name: 'organisers', category: 'Organisation', overwrites: only('Organisers'), topic: 'Organisers only.' },
	{ name: 'registration-log', category: 'Organisation', overwrites: only('Organisers'), topic: 'What usher reports to organisers.' }
];

const at = (iso: string) => new Date(iso);

/** A EuroPython-like guild: the bot's role sits high, Admin above it, and a handful of ordinary members. */
export function demoGuild(): GuildSeed {
	return {
		name: 'EuroPython 2026',
		preferredLocale: 'en-GB',
		everyonePermissions: everyone,
		roles: conferenceRoles,
		bot: { username: 'usher', globalName: 'Usher', role: 'usher' },
		owner: 'dana',
		channels: conferenceChannels,
		members: [
			{ username: 'dana', globalName: 'Dana Owner', roles: ['Admin', 'Organisers'], joinedAt: at('2025-09-01T09:00:00Z') },
			{ username: 'adam', globalName: 'Adam Admin', roles: ['Admin'], joinedAt: at('2025-09-02T09:00:00Z') },
			{ username: 'olivia', globalName: 'Olivia Organiser', roles: ['Organisers'], joinedAt: at('2025-10-01T09:00:00Z') },
			{ username: 'victor', globalName: 'Victor Volunteer', roles: ['Volunteers'], joinedAt: at('2026-03-01T09:00:00Z') },
			{ username: 'sara', globalName: 'Sara Speaker', roles: ['Speakers', 'Participants', 'Onsite Participants'], joinedAt: at('2026-05-10T09:00:00Z') },
			{ username: 'peter', globalName: 'Peter', nick: 'Peter P.', roles: ['Participants', 'Remote Participants'], joinedAt: at('2026-06-01T09:00:00Z') }
		]
	};
}

/** A new server: only @everyone, the bot's role (what usher needs, nothing else) and the owner. */
export function emptyGuild(): GuildSeed {
	return {
		name: 'EuroPython 2026',
		preferredLocale: 'en-GB',
		everyonePermissions: everyone,
		roles: [{ name: 'usher', permissions: P.ManageRoles | P.ManageNicknames | P.ManageChannels | P.ManageMessages | P.ViewChannel | P.SendMessages }],
		bot: { username: 'usher', globalName: 'Usher', role: 'usher' },
		owner: 'dana',
		channels: [],
		members: [{ username: 'dana', globalName: 'Dana Owner', joinedAt: at('2025-09-01T09:00:00Z') }]
	};
}

const participantRoles = ['Participants', 'Onsite Participants', 'Remote Participants', 'Beginners Day', 'Speakers', 'Sponsors', 'Volunteers'];

/**
 * The demo guild plus `count` generated members (member00001 …) with seeded random roles and join dates,
 * for member fetches, statistics and load tests.
 */
export function largeGuild(count: number, seed = 2026): GuildSeed {
	const base = demoGuild();
	const rng = xoroshiro128plus(seed);
	const start = Date.parse('2026-01-01T00:00:00Z');
	const spanMinutes = 190 * 24 * 60;
	const members: MemberSeed[] = [];
	for (let i = 1; i <= count; i++) {
		const roles = new Set<string>();
		// About two in three members registered; registered members get an attendance-mode role.
		if (uniformInt(rng, 0, 2) > 0) {
			roles.add('Participants');
			roles.add(uniformInt(rng, 0, 3) === 0 ? 'Remote Participants' : 'Onsite Participants');
			for (const extra of participantRoles.slice(3)) if (uniformInt(rng, 0, 19) === 0) roles.add(extra);
		}
		const username = `member${String(i).padStart(5, '0')}`;
		members.push({ username, globalName: `Member ${i}`, roles: [...roles], joinedAt: new Date(start + uniformInt(rng, 0, spanMinutes) * 60_000) });
	}
	return { ...base, name: `${base.name} (large)`, members: [...base.members, ...members] };
}
