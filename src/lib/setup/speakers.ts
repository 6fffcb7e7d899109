import { container } from '@sapphire/framework';
import { Routes } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { DirectMessages } from '#lib/discord/DirectMessages';
import { failureCause } from '#lib/discord/failureAnswer';
import { findRole } from '#lib/discord/roles';
import { chooseLanguage, fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import type { Clock } from '#lib/programme/Clock';
import type { ScheduleSync } from '#lib/programme/ScheduleSync';
import { TaskQueueJobs } from '#lib/programme/TaskQueueJobs';
import { CheckIns } from '#lib/speakers/CheckIns';
import { NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerCheckin } from '#lib/speakers/SpeakerCheckin';
import { SpeakerDesk, type SpeakerRole } from '#lib/speakers/SpeakerDesk';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';

export interface SpeakersSetup {
	schedule: ScheduleSync;
	clock: Clock;
	/** A rehearsal's namespace ('' live), so its check-ins and nags never stand in for the live ones. */
	namespace: string;
}

/** Speaker links over the programme the programme feature keeps, and the check-in before each session. */
export function installSpeakers(config: BotConfig, { schedule, clock, namespace }: SpeakersSetup): void {
	const { timezone } = config.programme;
	const links = new SpeakerLinks(container.db);
	const dms = new DirectMessages(() => container.client, links);
	const checkin = new SpeakerCheckin({
		links,
		checkIns: new CheckIns(container.db, namespace),
		// Real time, like the programme's ledger: the stale-claim window is about crashed processes.
		ledger: new NagLedger(container.db, () => new Date(), namespace),
		jobs: new TaskQueueJobs(() => container.tasks, 'speakerCheckin'),
		clock,
		sessions: () => schedule.sessions,
		timezone,
		offsets: config.speakers.checkin_minutes,
		idPrefix: namespace,
		send: {
			dm: (userId, body) => dms.send(userId, body),
			post: async (channel, body) => {
				const target = container.directory?.channel(channel === 'desk' ? ChannelKeys.speakerDesk : ChannelKeys.speakers);
				if (!target) throw new Error(`no ${channel === 'desk' ? 'speaker desk' : 'speakers'} channel (see the startup report)`);
				await container.client.rest.post(Routes.channelMessages(target.id), { body: { allowed_mentions: { parse: [] }, ...body } });
			}
		},
		ready: () => container.programme.ready(),
		logger: container.logger,
		language: chooseLanguage({}, config.bot.language),
		// Installed before speakers: a speaker who used /agenda gets the check-in DM in that language too.
		languageOf: (userId) => container.agendaReminders.languageOf(userId)
	});
	container.speakerCheckin = checkin;
	container.programme.refresh.onRefreshed(() => void checkin.sync());
	container.shutdown.add('speakers', () => checkin.stop());
	container.speakerDesk = new SpeakerDesk({ links, checkin, role: speakerRole(config), roleName: config.speakers.role, sessions: () => schedule.sessions, clock, timezone });
}

function speakerRole(config: BotConfig): SpeakerRole {
	const roleId = () => (container.guild ? findRole(container.guild, config.speakers.role)?.id : undefined);
	const change = async (userId: string, reason: string, how: 'add' | 'remove', language: Language): Promise<string | null> => {
		const id = roleId();
		if (!id || !container.guild) return textsFor(language, 'speakers')('roleMissing', { role: config.speakers.role });
		try {
			const member = await container.guild.members.fetch(userId);
			await member.roles[how](id, reason);
			return null;
		} catch (error) {
			return failureCause(error, textsFor(language, 'common'));
		}
	};
	return {
		give: (userId, reason, language = fallbackLanguage) => change(userId, reason, 'add', language),
		take: (userId, reason, language = fallbackLanguage) => change(userId, reason, 'remove', language),
		fromTicket: (userId) => {
			const id = roleId();
			return !!id && config.registration.enabled && container.ledger.ticketsOf(userId).some((registration) => registration.roles.includes(id));
		}
	};
}
