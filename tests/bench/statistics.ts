// Bench: organizer statistics over a 20,000-member guild; the command must answer well inside Discord's 3 s window.
import { performance } from 'node:perf_hooks';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { formatMemberStats, memberStats, type MemberSnapshot, type RoleSnapshot } from '#lib/statistics/memberStats';
import { formatFunnel, registrationFunnel } from '#lib/statistics/registrationFunnel';

export interface BenchResult {
	name: string;
	milliseconds: number;
	budgetMilliseconds: number;
}

const MEMBER_COUNT = 20_000;
const ROLE_COUNT = 60;

export async function benchStatistics(): Promise<BenchResult[]> {
	const rng = xoroshiro128plus(20260713);
	const now = new Date('2026-07-13T08:45:00Z');
	const roles: RoleSnapshot[] = [
		{ id: 'guild', name: '@everyone', position: 0 },
		...Array.from({ length: ROLE_COUNT }, (_, i) => ({ id: `role-${i}`, name: `Role ${i}`, position: i + 1 }))
	];
	const members: MemberSnapshot[] = Array.from({ length: MEMBER_COUNT }, (_, i) => ({
		id: `member-${i}`,
		bot: uniformInt(rng, 0, 999) === 0,
		roleIds: ['guild', ...Array.from({ length: uniformInt(rng, 0, 4) }, () => `role-${uniformInt(rng, 0, ROLE_COUNT - 1)}`)],
		joinedAt: new Date(now.getTime() - uniformInt(rng, 0, 30 * 24 * 3600) * 1000)
	}));
	const registeredUserIds = new Set(members.filter(() => uniformInt(rng, 0, 2) > 0).map((member) => member.id));

	const time = (name: string, budgetMilliseconds: number, run: () => unknown): BenchResult => {
		const started = performance.now();
		run();
		return { name, milliseconds: Math.round((performance.now() - started) * 10) / 10, budgetMilliseconds };
	};
	return [
		time(`memberStats + format, ${MEMBER_COUNT} members`, 200, () => formatMemberStats(memberStats(members, roles, now))),
		time(`registrationFunnel + format, ${MEMBER_COUNT} members`, 200, () =>
			formatFunnel(
				registrationFunnel({
					soldByTicketType: new Map([['Business', 9000], ['Personal', 6000]]),
					registeredByTicketType: new Map([['Business', 7000], ['Personal', 5000]]),
					members,
					registeredUserIds
				})
			)
		)
	];
}
