import { container } from '@sapphire/framework';
import { AttachmentBuilder, type APIEmbed, type Guild, type GuildBasedChannel } from 'discord.js';
import { DateTime } from 'luxon';
import { resolveRoles } from '#lib/discord/roles';
import { exportRefusal, fetchAllMembers, memberCsvRows, memberSnapshots, roleSnapshots } from './guildData';
import { formatMemberStats, memberStats } from './memberStats';
import { membersCsv } from './membersCsv';
import { registrationReport } from './registrationReport';
import { registrationsPerHour } from './registrationsPerHour';
import { plural } from './text';

export const registrationStatsDisabled = 'Registration is turned off in this bot’s config, so there are no registration statistics.';
export const programmeStatsDisabled = 'The programme is turned off in this bot’s config, so there are no programme statistics.';
const notInChannel = 'The member export holds personal data, so I only post it in an organizers’ channel. Run `/stats export` there.';

const HOURS_SHOWN = 72;
const FAILURE_DAYS = 7;

export interface StatsPayload {
	content: string;
	embeds?: APIEmbed[];
	files?: AttachmentBuilder[];
}

/** Discord-side glue of the organizer statistics: fetches the guild's members and the ledger, builds replies. */
export class StatsDesk {
	public async members(guild: Guild): Promise<StatsPayload> {
		const members = await fetchAllMembers(guild);
		return { content: formatMemberStats(memberStats(memberSnapshots(members.values()), roleSnapshots(guild), container.now())) };
	}

	public async registration(guild: Guild): Promise<StatsPayload> {
		if (!container.config.registration.enabled) return { content: registrationStatsDisabled };
		const now = container.now();
		const members = await fetchAllMembers(guild);
		const registrations = container.ledger.all();
		const report = await registrationReport({
			sold: container.tickets.soldByTicketType(),
			registrations,
			members: members.map((member) => ({ id: member.id, bot: member.user.bot })),
			failureReasons: container.attempts.failureReasons(new Date(now.getTime() - FAILURE_DAYS * 86_400_000)),
			perHour: registrationsPerHour(registrations, new Date(now.getTime() - (HOURS_SHOWN - 1) * 3_600_000), this.timeZone(), now),
			timeZone: this.timeZone(),
			roleQueue: container.roleGrants.status()
		});
		return { content: report.content, files: report.files.map((file) => new AttachmentBuilder(file.data, { name: file.name })) };
	}

	public async programme(): Promise<StatsPayload> {
		if (!container.config.programme.enabled) return { content: programmeStatsDisabled };
		const report = await container.programmeStats.report();
		return { content: report.content, embeds: report.embeds, files: report.files.map((file) => new AttachmentBuilder(file.data, { name: file.name })) };
	}

	/** Why the export may not go to `channel`, or null when it may. */
	public exportRefusal(channel: GuildBasedChannel | null): string | null {
		if (!channel) return notInChannel;
		return exportRefusal(channel, resolveRoles(channel.guild, container.config.discord.organizer_roles).roleIds);
	}

	public async export(guild: Guild): Promise<StatsPayload> {
		const members = await fetchAllMembers(guild);
		const ticketsOf = container.config.registration.enabled ? (userId: string) => container.ledger.ticketsOf(userId) : () => [];
		const csv = membersCsv(memberCsvRows(guild, members.values(), ticketsOf));
		const date = DateTime.fromJSDate(container.now(), { zone: this.timeZone() }).toISODate();
		return {
			content: `Member list: ${plural(members.size, 'member', 'members')} (CSV, UTF-8). It holds personal data: keep it among organizers and delete it when you are done.`,
			files: [new AttachmentBuilder(Buffer.from(csv, 'utf8'), { name: `members-${date}.csv` })]
		};
	}

	/** The conference's time zone: charts and dates read in local time. */
	private timeZone(): string {
		return container.config.programme.timezone;
	}
}
