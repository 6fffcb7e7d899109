import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { statisticsTexts } from './text';

/** A guild member reduced to what the statistics need (built from `GuildMember` by the command). */
export interface MemberSnapshot {
	id: string;
	bot: boolean;
	roleIds: readonly string[];
	joinedAt: Date | null;
}

export interface RoleSnapshot {
	id: string;
	name: string;
	position: number;
}

export interface RoleCount {
	id: string;
	name: string;
	count: number;
}

export interface MemberStats {
	total: number;
	humans: number;
	bots: number;
	/** People (not bots) whose only role is @everyone. */
	withoutRole: number;
	joinedLast24h: number;
	joinedLast7d: number;
	/** Every role except @everyone, highest position first, with how many members (people and bots) hold it. */
	roles: RoleCount[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

// Discord keeps @everyone at position 0 under that name; its id is the guild id, which the snapshot does not carry.
const isEveryone = (role: RoleSnapshot): boolean => role.position === 0 && role.name === '@everyone';

export function memberStats(members: readonly MemberSnapshot[], roles: readonly RoleSnapshot[], now: Date): MemberStats {
	const listed = roles.filter((role) => !isEveryone(role));
	const counts = new Map<string, number>(listed.map((role) => [role.id, 0]));
	const dayAgo = now.getTime() - DAY_MS;
	const weekAgo = now.getTime() - 7 * DAY_MS;
	let bots = 0;
	let withoutRole = 0;
	let joinedLast24h = 0;
	let joinedLast7d = 0;
	for (const member of members) {
		let held = 0;
		for (const roleId of member.roleIds) {
			const count = counts.get(roleId);
			if (count === undefined) continue;
			counts.set(roleId, count + 1);
			held++;
		}
		if (member.bot) bots++;
		else if (held === 0) withoutRole++;
		const joined = member.joinedAt?.getTime();
		if (joined !== undefined && joined <= now.getTime()) {
			if (joined > weekAgo) joinedLast7d++;
			if (joined > dayAgo) joinedLast24h++;
		}
	}
	return {
		total: members.length,
		humans: members.length - bots,
		bots,
		withoutRole,
		joinedLast24h,
		joinedLast7d,
		roles: [...listed]
			.sort((a, b) => b.position - a.position || a.id.localeCompare(b.id))
			.map((role) => ({ id: role.id, name: role.name, count: counts.get(role.id) ?? 0 }))
	};
}

/** Plain-text reply for the organizer command, in `language`; role names never ping and the whole reply fits one Discord message. */
export function formatMemberStats(stats: MemberStats, language: Language = fallbackLanguage): string {
	const t = statisticsTexts(language);
	const head = [
		t('membersTotal', { total: stats.total, people: t('people', { count: stats.humans }), bots: t('bots', { count: stats.bots }) }),
		t('membersWithoutRole', { people: stats.withoutRole }),
		t('membersJoined', { day: stats.joinedLast24h, week: stats.joinedLast7d }),
		'',
		t('membersPerRole')
	];
	return fitLines(
		head,
		stats.roles,
		(role) => t('countLine', { label: escapeLine(role.name), count: role.count }),
		(rest) => t('andMoreRoles', { roles: t('moreRoles', { count: rest.length }), memberships: t('roleMemberships', { count: rest.reduce((sum, role) => sum + role.count, 0) }) })
	);
}
