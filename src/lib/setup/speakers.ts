import { container } from '@sapphire/framework';
import { DiscordAPIError, RESTJSONErrorCodes, Routes } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { DirectMessages } from '#lib/discord/DirectMessages';
import { DmChannels } from '#lib/discord/DmChannels';
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
import { SpeakerDesk } from '#lib/speakers/SpeakerDesk';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { SpeakerRoles, type SpeakerRoleAccess } from '#lib/speakers/SpeakerRoles';
import type { RegisteredMember } from '#lib/speakers/speakerMatching';
import type { Registration } from '#lib/registration/ClaimLedger';
import type { TicketIndex } from '#lib/registration/TicketIndex';
import { postToLog } from '#lib/discord/logChannel';
import { publicTexts } from '#lib/i18n/replyTexts';

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
	const dms = new DirectMessages(() => container.client, new DmChannels(container.db));
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
	const roles = new SpeakerRoles({
		links,
		sessions: () => schedule.sessions,
		registered: () => (config.registration.enabled ? registeredMembers(container.ledger.all(), container.tickets) : []),
		ticketHolders: () => (config.registration.enabled ? container.tickets.peopleByName() : new Map()),
		discord: speakerRoleAccess(config.speakers.role),
		fromTicket: (userId, roleId) => container.memberRoles.fromTicket(userId, roleId),
		roleName: config.speakers.role,
		log: (entry) => void postToLog(entry),
		texts: publicTexts('speakers'),
		retired: () => container.personalDataRetention.due(),
		onLinksChanged: () => void checkin.sync(),
		now: () => clock.now(),
		logger: container.logger
	});
	container.speakerRoles = roles;
	container.memberRoles.addSource('speakers', (userId) => roles.rolesOf(userId), (userId) => roles.withheldOf(userId));
	container.memberRoles.onRegistered((userId) => void roles.registered(userId));
	container.programme.refresh.onRefreshed(() => {
		void checkin.sync();
		void roles.sync();
	});
	container.shutdown.add('speakers', () => Promise.all([checkin.stop(), roles.stop()]).then(() => undefined));
	container.speakerDesk = new SpeakerDesk({ links, checkin, role: roles, roleName: config.speakers.role, sessions: () => schedule.sessions, clock, timezone });
}

/** The members the ledger holds tickets for, with the tickets' attendee names and the emails pretix has for them. */
function registeredMembers(registrations: readonly Registration[], tickets: TicketIndex): RegisteredMember[] {
	const byUser = new Map<string, { names: string[]; emails: Set<string> }>();
	for (const registration of registrations) {
		const member = byUser.get(registration.userId) ?? { names: [], emails: new Set<string>() };
		member.names.push(registration.attendeeName);
		const ticket = tickets.lookup(registration.orderCode, registration.attendeeName).find((candidate) => candidate.positionId === registration.positionId);
		if (ticket?.email) member.emails.add(ticket.email);
		byUser.set(registration.userId, member);
	}
	return [...byUser].map(([userId, { names, emails }]) => ({ userId, names, emails: [...emails] }));
}

/** Single-role PUT and DELETE: never a PATCH of the whole list from a cache that may lag behind a registration. */
function speakerRoleAccess(ref: string): SpeakerRoleAccess {
	const guild = () => {
		if (!container.guild) throw new Error('the guild is not ready');
		return container.guild;
	};
	const change = async (how: 'addRole' | 'removeRole', userId: string, roleId: string, reason: string, language: Language = fallbackLanguage): Promise<string | null> => {
		try {
			await guild().members[how]({ user: userId, role: roleId, reason: reason.slice(0, 512) });
			return null;
		} catch (error) {
			// A member who left has no role to take away.
			if (how === 'removeRole' && error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return null;
			return failureCause(error, textsFor(language, 'common'));
		}
	};
	return {
		roleId: () => (container.guild ? findRole(container.guild, ref)?.id : undefined),
		holds: async (userId, roleId, fresh) => {
			const member = await guild()
				.members.fetch({ user: userId, force: fresh })
				.catch((error: unknown) => {
					if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return null;
					throw error;
				});
			return member ? member.roles.cache.has(roleId) : null;
		},
		add: (userId, roleId, reason, language) => change('addRole', userId, roleId, reason, language),
		remove: (userId, roleId, reason, language) => change('removeRole', userId, roleId, reason, language)
	};
}
