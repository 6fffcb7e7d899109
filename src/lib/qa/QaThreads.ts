import { RESTJSONErrorCodes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { isDiscordError } from '#lib/discord/apiErrors';
import { errorText } from '#lib/errorText';
import type { Texts } from '#lib/i18n/texts';
import { RerunOnce } from '#lib/lifecycle/RerunOnce';
import type { Clock } from '#lib/programme/Clock';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import { applyJobPlan, requeueIfEarly } from '#lib/programme/plannedJobs';
import type { Session } from '#lib/programme/Session';
import { planQaJobs, QA_JOB_HEAD, type QaJob } from './qaJobs';
import type { QaStore } from './QaStore';
import type { QuestionDisplay } from './QuestionDisplay';
import { introMessage, summaryMessage, threadName } from './qaTexts';

/** Real milliseconds between looks for a room post that is due, and how long to look before opening beside it. */
const POST_WAIT_MS = 3000;
const POST_WAIT_LIMIT_MS = 60_000;

/** What the Q&A threads need of Discord; the bot's REST client in the bot, a fake in unit tests. */
export interface QaDiscord {
	/** A public thread on the message, or in the channel without one; resolves with the thread's id. */
	startThread(channelId: string, messageId: string | null, name: string): Promise<string>;
	/** Resolves with the message's id. */
	send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<string>;
	/** Archives and locks the thread: no more messages, and it leaves the guild's active threads. */
	archive(threadId: string): Promise<void>;
}

export interface QaThreadsOptions {
	store: QaStore;
	display: QuestionDisplay;
	/** Delayed jobs of the `qaThreads` task. */
	jobs: NotificationJobs;
	/** The programme clock (a rehearsal's simulated time). */
	clock: Clock;
	sessions: () => readonly Session[];
	/** The id of the session's room channel, when it has one the bot can post in. */
	roomChannelOf: (session: Session) => string | undefined;
	/** The message id of the session's post in that room channel, once it is out. */
	roomPostOf: (session: Session, channelId: string) => string | undefined;
	discord: QaDiscord;
	/** The `qa` texts of `[bot] language`: the threads are public. */
	texts: Texts;
	anonymous: boolean;
	openMinutes: number;
	archiveMinutes: number;
	/** A rehearsal's namespace for job ids; '' live. */
	idPrefix: string;
	/** Resolves once the programme has been read after a (re)start. */
	ready: () => Promise<void>;
	logger: { info(message: string): void; warn(message: string): void };
}

export type QaJobRun =
	| { kind: 'opened'; threadId: string; onPost: boolean }
	| { kind: 'closed'; threadId: string; questions: number }
	| { kind: 'skipped'; reason: string }
	| { kind: 'early'; retryInMs: number }
	| { kind: 'duplicate' }
	| { kind: 'gone' };

/**
 * A Q&A thread per session: opened on the room channel's post a few minutes before the session, summarised and
 * archived after it. Each step is one delayed job; the store's claim makes a thread open once through retries and restarts.
 */
export class QaThreads {
	private stopping = false;
	private readonly syncs = new RerunOnce(
		() => this.syncOnce().catch((error: unknown) => this.options.logger.warn(`Q&A: jobs not synced (${errorText(error)}); the next refresh tries again.`)),
		() => this.stopping
	);
	private readonly head: string;
	/** Real time each open job first found no room post, so the wait for it ends. */
	private readonly postWaits = new Map<string, number>();

	public constructor(private readonly options: QaThreadsOptions) {
		this.head = `${options.idPrefix}${QA_JOB_HEAD}`;
	}

	public plan(): QaJob[] {
		const { sessions, store, roomChannelOf, openMinutes, archiveMinutes, clock, idPrefix } = this.options;
		return planQaJobs(sessions(), store.threads(), {
			hasRoomChannel: (session) => !!roomChannelOf(session),
			openMinutes,
			archiveMinutes,
			now: clock.now(),
			idPrefix
		});
	}

	/** Brings the jobs in line with the programme and the threads; one at a time, once more if asked meanwhile. */
	public sync(): Promise<void> {
		return this.syncs.run();
	}

	/** After a restart: redraws the counts of open threads a crash left behind. */
	public resume(): number {
		return this.options.store.threadsIn('open').reduce((sum, thread) => sum + (thread.threadId ? this.options.display.resume(thread.threadId) : 0), 0);
	}

	public async stop(): Promise<void> {
		this.stopping = true;
		await Promise.allSettled([this.syncs.inFlight]);
	}

	/** Runs one job of the `qaThreads` task. */
	public async runJob(id: string): Promise<QaJobRun> {
		if (this.stopping) throw new Error('shutting down; the job will retry');
		await this.options.ready();
		const job = this.plan().find((planned) => planned.id === id);
		if (!job) return { kind: 'gone' };
		const retryInMs = await requeueIfEarly(job, this.options.clock, this.options.jobs, 1000);
		if (retryInMs !== null) return { kind: 'early', retryInMs };
		const run = job.kind === 'open' ? await this.open(job) : await this.close(job);
		void this.sync();
		return run;
	}

	private async open(job: QaJob): Promise<QaJobRun> {
		const { store, sessions, roomChannelOf, roomPostOf, discord, texts, anonymous, logger } = this.options;
		const session = sessions().find((candidate) => candidate.code === job.sessionCode);
		if (!session) return { kind: 'gone' };
		const channelId = roomChannelOf(session);
		if (!channelId) return { kind: 'skipped', reason: 'no room channel' };
		const postId = roomPostOf(session, channelId) ?? null;
		// The room post goes out at the same minute; a thread on it beats one beside it, so wait for it a little.
		if (!postId && this.waitForPost(job, session)) {
			await this.options.jobs.schedule(job, POST_WAIT_MS, `${job.id}_wait${Date.now()}`);
			return { kind: 'early', retryInMs: POST_WAIT_MS };
		}
		this.postWaits.delete(job.id);
		if (!store.claim(session.code)) return { kind: 'duplicate' };
		try {
			let threadId: string;
			try {
				threadId = await discord.startThread(channelId, postId, threadName(texts, session.title));
			} catch (error) {
				if (postId && isDiscordError(error, RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage)) {
					// Made before a crash took the record: a message's thread has the message's id.
					threadId = postId;
				} else if (isDiscordError(error, RESTJSONErrorCodes.MaximumActiveThreads)) {
					store.markSkipped(session.code, 'the server has as many active threads as Discord allows');
					logger.warn(`Q&A: no thread for ${session.code}: the server has as many active threads as Discord allows (about 1,000); archive some.`);
					return { kind: 'skipped', reason: 'active thread cap' };
				} else throw error;
			}
			// Open before the intro goes out: someone quick with /ask in the new thread is already taken.
			store.markOpened(session.code, { threadId, parentId: channelId, introMessageId: null });
			const intro = introMessage(texts, session.title, anonymous);
			const introId = await discord.send(threadId, { ...intro, allowed_mentions: { parse: [] } }).catch((error: unknown) => {
				logger.warn(`Q&A: the thread of ${session.code} opened without its ask buttons (${errorText(error)}); /ask works there.`);
				return null;
			});
			if (introId) store.markIntro(session.code, introId);
			logger.info(`Q&A: thread for ${session.code} opened${postId ? ' on its room post' : ''}.`);
			return { kind: 'opened', threadId, onPost: !!postId };
		} catch (error) {
			store.release(session.code);
			throw error;
		}
	}

	/** True while a thread should wait for its room post: not past a minute of waiting, and before the session starts. */
	private waitForPost(job: QaJob, session: Session): boolean {
		const first = this.postWaits.get(job.id) ?? Date.now();
		this.postWaits.set(job.id, first);
		return Date.now() - first < POST_WAIT_LIMIT_MS && this.options.clock.now().getTime() < session.start.getTime();
	}

	private async close(job: QaJob): Promise<QaJobRun> {
		const { store, sessions, discord, texts, display, logger } = this.options;
		const thread = store.thread(job.sessionCode);
		if (thread?.status !== 'open' || !thread.threadId) return { kind: 'gone' };
		const { threadId } = thread;
		await display.flush(threadId);
		const questions = store.ranked(threadId);
		const title = sessions().find((session) => session.code === job.sessionCode)?.title ?? job.sessionCode;
		try {
			if (!thread.summaryMessageId) {
				const summaryId = await discord.send(threadId, { content: summaryMessage(texts, title, questions), allowed_mentions: { parse: [] } });
				store.markSummarised(job.sessionCode, summaryId);
			}
			await discord.archive(threadId);
		} catch (error) {
			// A moderator deleted the thread, or archived it already: nothing left to close.
			if (!isDiscordError(error, RESTJSONErrorCodes.UnknownChannel) && !isDiscordError(error, RESTJSONErrorCodes.InvalidActionOnArchivedThread)) throw error;
			logger.info(`Q&A: the thread of ${job.sessionCode} was gone or archived already (${errorText(error)}).`);
		}
		store.markClosed(job.sessionCode);
		return { kind: 'closed', threadId, questions: questions.length };
	}

	private async syncOnce(): Promise<void> {
		const { jobs, clock, sessions } = this.options;
		if (!sessions().length) return;
		const existing = (await jobs.list()).filter((job) => job.id.startsWith(this.head));
		// The plan holds only what is still to do, so every missed job is wanted.
		await applyJobPlan(this.plan(), existing, jobs, clock, () => true);
	}
}
