import { container } from '@sapphire/framework';
import { Routes, type APIChannel, type APIMessage } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { findRole } from '#lib/discord/roles';
import { chooseLanguage } from '#lib/i18n/language';
import type { Clock } from '#lib/programme/Clock';
import type { NotificationLedger } from '#lib/programme/NotificationLedger';
import type { ScheduleSync } from '#lib/programme/ScheduleSync';
import type { Session } from '#lib/programme/Session';
import { TaskQueueJobs } from '#lib/programme/TaskQueueJobs';
import { QaDesk } from '#lib/qa/QaDesk';
import { QaStore } from '#lib/qa/QaStore';
import { qaTexts, questionMessage } from '#lib/qa/qaTexts';
import { QaThreads, type QaDiscord } from '#lib/qa/QaThreads';
import { QuestionDisplay } from '#lib/qa/QuestionDisplay';
import { linkedSpeakersOf } from '#lib/speakers/checkinNags';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';

export interface QaSetup {
	schedule: ScheduleSync;
	clock: Clock;
	/** The programme's posts: a thread opens on the session's room post. */
	ledger: NotificationLedger;
	/** A rehearsal's namespace ('' live). */
	namespace: string;
}

/** When a session's room channel hears of it: the room lead when set, else the main one. */
function roomPostLeadMinutes({ programme }: BotConfig): number {
	return programme.room_lead_minutes > 0 ? programme.room_lead_minutes : programme.lead_minutes;
}

/** Threads live an hour without activity before Discord archives them on its own; the close job archives them first. */
const AUTO_ARCHIVE_MINUTES = 1440;

/** A Q&A thread per session on its room post, questions with votes, and the chair's list. */
export function installQa(config: BotConfig, { schedule, clock, ledger, namespace }: QaSetup): void {
	const { qa } = config;
	const store = new QaStore(container.db, () => new Date(), namespace);
	const publicTexts = qaTexts(chooseLanguage({}, config.bot.language));
	const rest = () => container.client.rest;
	const display = new QuestionDisplay({
		store,
		render: (question) => questionMessage(publicTexts, question),
		edit: async (threadId, messageId, message) => {
			await rest().patch(Routes.channelMessage(threadId, messageId), { body: { ...message, allowed_mentions: { parse: [] } } });
		},
		logger: container.logger
	});
	const discord: QaDiscord = {
		startThread: async (channelId, messageId, name) => {
			const body = { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES };
			const thread = (await (messageId
				? rest().post(Routes.threads(channelId, messageId), { body })
				: rest().post(Routes.threads(channelId), { body: { ...body, type: 11 } }))) as APIChannel;
			return thread.id;
		},
		send: async (channelId, body) => ((await rest().post(Routes.channelMessages(channelId), { body })) as APIMessage).id,
		archive: async (threadId) => {
			await rest().patch(Routes.channel(threadId), { body: { archived: true, locked: true } });
		}
	};
	const roomChannelOf = (session: Session) => session.rooms.map((room) => container.directory?.channel(ChannelKeys.room(room))?.id).find((id) => !!id);
	const threads = new QaThreads({
		store,
		display,
		jobs: new TaskQueueJobs(() => container.tasks, 'qaThreads'),
		clock,
		sessions: () => schedule.sessions,
		roomChannelOf,
		roomPostOf: (session, channelId) =>
			ledger
				.postedFor(session.code)
				.filter((post) => post.channelId === channelId && post.status === 'posted')
				.map((post) => post.messageIds[0])
				.findLast((id) => !!id),
		discord,
		texts: publicTexts,
		anonymous: qa.anonymous,
		openMinutes: qa.open_minutes ?? roomPostLeadMinutes(config),
		archiveMinutes: qa.archive_minutes,
		idPrefix: namespace,
		ready: () => container.programme.ready(),
		logger: container.logger
	});
	const links = new SpeakerLinks(container.db);
	container.qaThreads = threads;
	container.qa = new QaDesk({
		store,
		display,
		sessions: () => schedule.sessions,
		post: discord.send,
		publicTexts,
		anonymous: qa.anonymous,
		cooldownSeconds: qa.question_cooldown_seconds,
		chairRoleId: () => (container.guild && qa.chair_role ? findRole(container.guild, qa.chair_role)?.id : undefined),
		speakersOf: (session) => linkedSpeakersOf(session, links.membersBySpeaker()),
		now: () => new Date(),
		logger: container.logger
	});
	container.programme.refresh.onRefreshed(() => void threads.sync());
	// Counts a crash left half-drawn are redrawn once the programme (and so Discord) is up.
	void container.programme.ready().then(() => {
		const redrawn = threads.resume();
		if (redrawn) container.logger.info(`Q&A: ${redrawn} question counts redrawn after the restart.`);
	});
	container.shutdown.add('qa', async () => {
		await threads.stop();
		await display.stop();
	});
}
