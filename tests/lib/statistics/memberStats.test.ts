import { expect } from 'chai';
import { languages } from '#lib/i18n/language';
import { formatMemberStats, memberStats, type MemberSnapshot, type RoleSnapshot } from '#lib/statistics/memberStats';

const now = new Date('2026-07-13T08:45:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

const roles: RoleSnapshot[] = [
	{ id: 'guild', name: '@everyone', position: 0 },
	{ id: 'speakers', name: 'Speakers', position: 2 },
	{ id: 'participants', name: 'Participants', position: 3 },
	{ id: 'bots', name: 'Bots', position: 4 },
	{ id: 'organisers', name: 'Organisers', position: 5 },
	{ id: 'empty', name: 'Sponsors', position: 1 }
];

// Six people and one bot; discord.js includes the @everyone id in a member's roles, so some snapshots do too.
const members: MemberSnapshot[] = [
	{ id: 'org', bot: false, roleIds: ['guild', 'organisers', 'participants'], joinedAt: hoursAgo(24 * 30) },
	{ id: 'speaker', bot: false, roleIds: ['participants', 'speakers'], joinedAt: hoursAgo(24 * 3) },
	{ id: 'p1', bot: false, roleIds: ['participants'], joinedAt: hoursAgo(2) },
	{ id: 'new1', bot: false, roleIds: ['guild'], joinedAt: hoursAgo(1) },
	{ id: 'new2', bot: false, roleIds: [], joinedAt: hoursAgo(24 * 6.9) },
	{ id: 'unknown-join', bot: false, roleIds: ['deleted-role'], joinedAt: null },
	{ id: 'usher', bot: true, roleIds: ['bots'], joinedAt: hoursAgo(24 * 8) }
];

describe('statistics/memberStats', () => {
	it('counts people, bots, role-less people, recent joins and members per role', () => {
		const stats = memberStats(members, roles, now);
		expect(stats).to.deep.include({ total: 7, humans: 6, bots: 1, withoutRole: 3, joinedLast24h: 2, joinedLast7d: 4 });
		expect(stats.roles).to.deep.equal([
			{ id: 'organisers', name: 'Organisers', count: 1 },
			{ id: 'bots', name: 'Bots', count: 1 },
			{ id: 'participants', name: 'Participants', count: 3 },
			{ id: 'speakers', name: 'Speakers', count: 1 },
			{ id: 'empty', name: 'Sponsors', count: 0 }
		]);
	});

	it('treats a join exactly 24 h ago as outside the last day and ignores joins in the future', () => {
		const stats = memberStats(
			[
				{ id: 'a', bot: false, roleIds: [], joinedAt: hoursAgo(24) },
				{ id: 'b', bot: false, roleIds: [], joinedAt: hoursAgo(-1) }
			],
			roles,
			now
		);
		expect(stats).to.deep.include({ joinedLast24h: 0, joinedLast7d: 1 });
	});

	it('formats a reply that names roles without pinging and without markdown', () => {
		const reply = formatMemberStats(
			memberStats(
				[{ id: 'x', bot: false, roleIds: ['r1', 'r2'], joinedAt: null }],
				[
					{ id: 'r1', name: '@here *VIP*', position: 2 },
					{ id: 'r2', name: 'Participants', position: 1 }
				],
				now
			)
		);
		expect(reply).to.include('**Server members: 1** (1 person, 0 bots)');
		expect(reply).to.include('• @\u200bhere \\*VIP\\*: 1');
		expect(reply).to.not.match(/@here/);
		expect(reply.indexOf('VIP')).to.be.lessThan(reply.indexOf('Participants'));
	});

	it('stays within 2000 characters and sums the roles that do not fit', () => {
		const many: RoleSnapshot[] = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, name: `Role number ${i} with a long name`, position: 300 - i }));
		const everyoneHoldsAll: MemberSnapshot[] = Array.from({ length: 4 }, (_, i) => ({ id: `m${i}`, bot: false, roleIds: many.map((r) => r.id), joinedAt: null }));
		const reply = formatMemberStats(memberStats(everyoneHoldsAll, many, now));
		expect(reply.length).to.be.at.most(2000);
		const shown = reply.split('\n').filter((line) => line.startsWith('• ')).length;
		const hidden = 300 - shown;
		expect(shown).to.be.greaterThan(10);
		expect(reply.split('\n').at(-1)).to.equal(`…and ${hidden} more roles (${(hidden * 4).toLocaleString('en-US')} role memberships)`);
		expect(reply).to.include('• Role number 0 with a long name: 4');
	});

	it('lists every role when they all fit', () => {
		const reply = formatMemberStats(memberStats(members, roles, now));
		expect(reply.split('\n').filter((line) => line.startsWith('• '))).to.have.length(5);
		expect(reply).to.not.include('more roles');
	});

	it('answers in the organizer\'s language: German with its grouping, Japanese full-width punctuation, English unchanged', () => {
		const big: MemberSnapshot[] = Array.from({ length: 1234 }, (_, i) => ({ id: `m${i}`, bot: i === 0, roleIds: [], joinedAt: null }));
		const german = formatMemberStats(memberStats(big, roles, now), 'de');
		expect(german.split('\n').slice(0, 3)).to.deep.equal(['**Mitglieder auf dem Server: 1.234** (1.233 Personen, 1 Bot)', 'Personen ohne Rolle: 1.233', 'Beigetreten: 0 in den letzten 24 Std., 0 in den letzten 7 Tagen']);
		expect(german).to.include('**Mitglieder pro Rolle** (höchste Rolle zuerst)\n• Organisers: 0');
		const japanese = formatMemberStats(memberStats(members, roles, now), 'ja');
		expect(japanese.split('\n')[0]).to.equal('**サーバーのメンバー：7**（6人、ボット1）');
		expect(japanese).to.include('• Participants：3');
		expect(formatMemberStats(memberStats(big, roles, now), 'en-US').split('\n')[0]).to.equal('**Server members: 1,234** (1,233 people, 1 bot)');
	});

	it('stays within 2000 characters in every language, the summary counted in that language (Czech few and many)', () => {
		const many: RoleSnapshot[] = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, name: `Role number ${i} with a long name`, position: 300 - i }));
		const holders: MemberSnapshot[] = [{ id: 'm', bot: false, roleIds: many.map((r) => r.id), joinedAt: null }];
		for (const language of languages) expect(formatMemberStats(memberStats(holders, many, now), language).length, language).to.be.at.most(2000);
		const czech = formatMemberStats(memberStats(holders, many, now), 'cs').split('\n').at(-1);
		expect(czech).to.match(/^… a \d+ dalších rolí \(\d+ přidělení rolí\)$/);
	});
});
