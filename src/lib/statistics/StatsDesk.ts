import { container } from '@sapphire/framework';
import { AttachmentBuilder, type APIEmbed, type Guild, type GuildBasedChannel } from 'discord.js';
import { DateTime } from 'luxon';
import { resolveRoles } from '#lib/discord/roles';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { exportRefusal, fetchAllMembers, memberCsvRows, memberSnapshots, roleSnapshots } from './guildData';
import { formatMemberStats, memberStats } from './memberStats';
import { membersCsv } from './membersCsv';
import { registrationReport } from './registrationReport';
import { registrationsPerHour } from './registrationsPerHour';

const HOURS_SHOWN = 72;
const FAILURE_DAYS = 7;

export interface StatsPayload {
	content: string;
	embeds?: APIEmbed[];
	files?: AttachmentBuilder[];
}

/** Discord-side glue of the organizer statistics: fetches the guild's members and the ledger, builds replies in the organizer's `language`. */
export class StatsDesk {
	public async members(guild: Guild, language: Language = fallbackLanguage): Promise<StatsPayload> {
		const members = await fetchAllMembers(guild);
		return { content: formatMemberStats(memberStats(memberSnapshots(members.values()), roleSnapshots(guild), container.now()), language) };
	}

	public async registration(guild: Guild, language: Language = fallbackLanguage): Promise<StatsPayload> {
		if (!container.config.registration.enabled) return { content: organizerTexts(language)('registrationStatsDisabled') };
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
			roleQueue: container.roleGrants.status(),
			language
		});
		return { content: report.content, files: report.files.map((file) => new AttachmentBuilder(file.data, { name: file.name })) };
	}

	public async programme(language: Language = fallbackLanguage): Promise<StatsPayload> {
		if (!container.config.programme.enabled) return { content: organizerTexts(language)('programmeStatsDisabled') };
		const report = await container.programmeStats.report(language);
		return { content: report.content, embeds: report.embeds, files: report.files.map((file) => new AttachmentBuilder(file.data, { name: file.name })) };
	}

	/** Why the export may not go to `channel`, or null when it may. */
	public exportRefusal(channel: GuildBasedChannel | null, language: Language = fallbackLanguage): string | null {
		const t = organizerTexts(language);
		if (!channel) return t('exportNotInChannel');
		return exportRefusal(channel, resolveRoles(channel.guild, container.config.discord.organizer_roles).roleIds, t);
	}

	public async export(guild: Guild, language: Language = fallbackLanguage): Promise<StatsPayload> {
		const members = await fetchAllMembers(guild);
		const ticketsOf = container.config.registration.enabled ? (userId: string) => container.ledger.ticketsOf(userId) : () => [];
		const csv = membersCsv(memberCsvRows(guild, members.values(), ticketsOf));
		const date = DateTime.fromJSDate(container.now(), { zone: this.timeZone() }).toISODate();
		return {
			content: organizerTexts(language)('exportMembers', { count: members.size }),
			files: [new AttachmentBuilder(Buffer.from(csv, 'utf8'), { name: `members-${date}.csv` })]
		};
	}

	/** The conference's time zone: charts and dates read in local time. */
	private timeZone(): string {
		return container.config.programme.timezone;
	}
}

const organizerTexts = (language: Language) => textsFor(language, 'organizers');
