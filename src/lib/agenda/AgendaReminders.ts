import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DmOutcome } from '#lib/discord/DirectMessages';
import type { SendPace } from '#lib/discord/SendPace';
import { errorText } from '#lib/errorText';
import { RerunOnce } from '#lib/lifecycle/RerunOnce';
import { chooseLanguage, fallbackLanguage, type Language } from '#lib/i18n/language';
import type { Clock } from '#lib/programme/Clock';
import type { ScheduleChange } from '#lib/programme/diff';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import { applyJobPlan, requeueIfEarly } from '#lib/programme/plannedJobs';
import type { Session } from '#lib/programme/Session';
import type { AgendaReminderHooks } from './AgendaDesk';
import type { AgendaMembers } from './AgendaMembers';
import type { Bookmarks } from './Bookmarks';
import type { AgendaDmKey, PendingNotice, ReminderLedger } from './ReminderLedger';
import { changeNotice, changeOccasion, reminderMessage, type ReminderContext } from './reminderTexts';
import { planReminderWaves, REMINDER_WAVE_HEAD, type ReminderWave } from './reminderWaves';

export interface DmSender {
	open(userId: string): Promise<string>;
	send(userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<DmOutcome>;
}

export interface AgendaRemindersOptions {
	bookmarks: Bookmarks;
	members: AgendaMembers;
	ledger: ReminderLedger;
	/** Delayed jobs of the `agendaReminders` task. */
	jobs: NotificationJobs;
	/** The programme clock (a rehearsal's simulated time). */
	clock: Clock;
	sessions: () => readonly Session[];
	timezone: string;
	/** A rehearsal's namespace for job ids; '' live. */
	idPrefix: string;
	/** A rehearsal's clock speed; 1 live. */
	speed?: number;
	defaultLeadMinutes: number;
	dms: DmSender;
	pace: SendPace;
	/** Resolves once the programme has been read after a (re)start: a wave never reads an empty programme. */
	ready: () => Promise<void>;
	livestream: (session: Session) => string | undefined;
	roomChannelId: (room: string) => string | undefined;
	logger: { info(message: string): void; warn(message: string): void; debug(message: string): void };
	/** Bookmarks come in bursts: one job sync for a burst. */
	syncDelayMs?: number;
	/** `[bot] language`: the DMs' language for members whose locale is unknown or not one of ours; English when absent. */
	language?: string;
}

export type WaveOutcome =
	| { kind: 'sent'; sent: number; refused: number }
	| { kind: 'early'; retryInMs: number }
	| { kind: 'late' }
	| { kind: 'gone' };

type Delivery = 'sent' | 'refused' | 'failed';

/**
 * DM reminders of bookmarked sessions. Each session and lead is one delayed job (a wave) that starts early enough for
 * its last DM to go out on time at the shared send pace; the ledger makes each DM go out once, through retries and restarts.
 * When a bookmarked session moves, changes room or is cancelled, its members get one DM saying so, and the wave moves.
 */
export class AgendaReminders implements AgendaReminderHooks {
	private stopping = false;
	private readonly inFlight = new Set<Promise<unknown>>();
	private syncTimer: NodeJS.Timeout | undefined;
	private readonly syncs = new RerunOnce(
		() => this.syncOnce().catch((error: unknown) => this.options.logger.warn(`Agenda reminders: jobs not synced (${errorText(error)}); the next refresh tries again.`)),
		() => this.stopping
	);
	private draining: Promise<void> | undefined;
	private drainAgain = false;
	private opening: Promise<void> | undefined;
	private readonly toOpen = new Set<string>();
	private readonly head: string;

	public constructor(private readonly options: AgendaRemindersOptions) {
		this.head = `${options.idPrefix}${REMINDER_WAVE_HEAD}`;
	}

	/** After the first programme read: open the DM channels still missing, send the change notices a crash left behind. */
	public start(): void {
		for (const userId of this.options.members.withoutDmChannel()) this.toOpen.add(userId);
		this.openChannels();
		this.drainNotices();
	}

	public async stop(): Promise<void> {
		this.stopping = true;
		clearTimeout(this.syncTimer);
		await Promise.allSettled([...this.inFlight, this.syncs.inFlight, this.draining, this.opening]);
	}

	/** Resolves when no sync, notice sending or channel opening is under way (tests, and a quiet shutdown). */
	public async whenIdle(): Promise<void> {
		while (this.syncs.inFlight || this.draining || this.opening) await Promise.allSettled([this.syncs.inFlight, this.draining, this.opening]);
	}

	/** A member bookmarked a session: plan its wave, and open their DM channel now rather than in the rush before it. */
	public bookmarked(userId: string): void {
		if (this.options.members.leadMinutes(userId) > 0 && !this.options.members.dmChannel(userId)) {
			this.toOpen.add(userId);
			this.openChannels();
		}
		this.requestSync();
	}

	public setLeadMinutes(userId: string, minutes: number): void {
		this.options.members.setLeadMinutes(userId, minutes);
		if (minutes > 0) this.bookmarked(userId);
	}

	public forget(userId: string): void {
		this.options.members.forget(userId);
		this.options.ledger.forget(userId);
	}

	public takeClosedNotice(userId: string): boolean {
		return this.options.members.takeClosedNotice(userId);
	}

	/** Kept only when it changes the DMs' language: a member who reads the default language leaves nothing stored. */
	public rememberLocale(userId: string, locale: string): void {
		const fallback = this.options.language ?? fallbackLanguage;
		this.options.members.rememberLocale(userId, chooseLanguage({ locale }, fallback) === chooseLanguage({}, fallback) ? null : locale);
	}

	/** The language of a member's DMs: the locale of their last /agenda or 🔔, else `[bot] language`, else English. */
	public languageOf(userId: string): Language {
		return chooseLanguage({ locale: this.options.members.locale(userId) }, this.options.language ?? fallbackLanguage);
	}

	/** Bookmarks or a reminder setting changed: the waves follow. */
	public changed(): void {
		this.requestSync();
	}

	/** Each programme refresh: DMs for changes to bookmarked sessions, then the waves follow the new times. */
	public programmeRefreshed(changes: readonly ScheduleChange[]): void {
		const { bookmarks, members, ledger, timezone } = this.options;
		const notices: PendingNotice[] = changes
			.filter((change) => change.kind !== 'added')
			.flatMap((change) =>
				bookmarks
					.bookmarkersOf(change.code)
					.filter((userId) => members.leadMinutes(userId) > 0)
					.map((userId) => ({ userId, sessionCode: change.code, kind: 'change' as const, occasion: changeOccasion(change), body: changeNotice(change, timezone, this.languageOf(userId)) }))
			);
		if (notices.length && ledger.queue(notices) > 0) this.drainNotices();
		this.requestSync(0);
	}

	/** Brings the waves' jobs in line with the programme and the bookmarks. One at a time; a call during a sync runs it again after. */
	public sync(): Promise<void> {
		return this.syncs.run();
	}

	/** Runs one wave's job: every member due a reminder of that session with that lead, at the shared pace. */
	public async runWave(id: string): Promise<WaveOutcome> {
		// Failing hands the job back to the queue; the next process sends what is left.
		if (this.stopping) throw new Error('shutting down; the job will retry');
		await this.options.ready();
		const { clock, bookmarks, ledger, members, jobs, defaultLeadMinutes } = this.options;
		const wave = this.plan().find((planned) => planned.id === id);
		if (!wave) return { kind: 'gone' };
		const retryInMs = await requeueIfEarly(wave, clock, jobs, 1000);
		if (retryInMs !== null) return { kind: 'early', retryInMs };
		const session = this.options.sessions().find((candidate) => candidate.code === wave.sessionCode)!;
		if (clock.now().getTime() >= session.start.getTime()) return { kind: 'late' };
		const deliveries: Array<Promise<Delivery>> = [];
		let refused = 0;
		for (const userId of bookmarks.reminderRecipients(wave.sessionCode, wave.leadMinutes, defaultLeadMinutes)) {
			if (this.stopping) break;
			const key: AgendaDmKey = { userId, sessionCode: wave.sessionCode, kind: 'reminder', occasion: wave.startsAt.toISOString() };
			if (ledger.settled(key) || !ledger.claim(key)) continue;
			// Known closed: no request Discord would refuse again (refusals count towards its invalid-request ban).
			if (members.dmsClosed(userId)) {
				ledger.markRefused(key);
				refused++;
				continue;
			}
			await this.options.pace.slot();
			if (clock.now().getTime() >= session.start.getTime()) {
				ledger.release(key);
				break;
			}
			deliveries.push(this.deliver(key, () => reminderMessage(session, { ...this.context(session), language: this.languageOf(userId) })));
		}
		const results = await Promise.all(deliveries);
		const count = (what: Delivery) => results.filter((result) => result === what).length;
		if (count('failed') || this.stopping) throw new Error(`${count('failed')} reminders of wave ${id} failed; the retry sends the rest`);
		return { kind: 'sent', sent: count('sent'), refused: refused + count('refused') };
	}

	/** Reminders sent and refused so far, for organizers. */
	public counts(): { sent: number; refused: number } {
		return this.options.ledger.counts();
	}

	/** The waves the programme and the bookmarks call for now. */
	public plan(): ReminderWave[] {
		const { sessions, bookmarks, clock, defaultLeadMinutes, idPrefix, speed } = this.options;
		return planReminderWaves(sessions(), bookmarks.reminderGroups(defaultLeadMinutes), clock.now(), idPrefix, speed);
	}

	private async syncOnce(): Promise<void> {
		const { jobs, clock, ledger } = this.options;
		if (!this.options.sessions().length) return;
		const existing = (await jobs.list()).filter((job) => job.id.startsWith(this.head));
		// Due while no job held it (the bot was down, Redis lost it, a late bookmark): run now if anyone still waits for it.
		await applyJobPlan(this.plan(), existing, jobs, clock, (wave) =>
			this.options.bookmarks
				.reminderRecipients(wave.sessionCode, wave.leadMinutes, this.options.defaultLeadMinutes)
				.some((userId) => !ledger.settled({ userId, sessionCode: wave.sessionCode, kind: 'reminder', occasion: wave.startsAt.toISOString() }))
		);
	}

	private requestSync(delayMs = this.options.syncDelayMs ?? 2000): void {
		if (this.stopping) return;
		clearTimeout(this.syncTimer);
		this.syncTimer = setTimeout(() => void this.sync(), delayMs);
		this.syncTimer.unref();
	}

	/** Sends the change notices waiting in the ledger, at the shared pace. */
	private drainNotices(): void {
		if (this.draining) {
			this.drainAgain = true;
			return;
		}
		this.draining = (async () => {
			await this.options.ready();
			do {
				this.drainAgain = false;
				const deliveries: Array<Promise<Delivery>> = [];
				for (const notice of this.options.ledger.pendingNotices()) {
					if (this.stopping) break;
					if (!this.options.ledger.claim(notice)) continue;
					if (this.options.members.dmsClosed(notice.userId)) {
						this.options.ledger.markRefused(notice);
						continue;
					}
					await this.options.pace.slot();
					deliveries.push(this.deliver(notice, () => ({ content: notice.body })));
				}
				const failed = (await Promise.all(deliveries)).filter((result) => result === 'failed').length;
				if (failed) this.options.logger.warn(`Agenda: ${failed} change notices not sent yet; the next refresh tries again.`);
			} while (this.drainAgain && !this.stopping);
		})()
			.catch((error: unknown) => this.options.logger.warn(`Agenda: change notices stopped (${errorText(error)}).`))
			.finally(() => (this.draining = undefined));
	}

	/** One DM, settled in the ledger whatever happens; never throws. */
	private deliver(key: AgendaDmKey, body: () => RESTPostAPIChannelMessageJSONBody): Promise<Delivery> {
		const { dms, ledger, members, clock, logger } = this.options;
		const run = (async (): Promise<Delivery> => {
			try {
				const outcome = await dms.send(key.userId, body());
				if (outcome === 'sent') {
					ledger.markSent(key);
					return 'sent';
				}
				ledger.markRefused(key);
				members.markDMsClosed(key.userId, clock.now());
				return 'refused';
			} catch (error) {
				ledger.release(key);
				logger.debug(`Agenda DM not sent: ${errorText(error)}`);
				return 'failed';
			}
		})();
		this.inFlight.add(run);
		void run.finally(() => this.inFlight.delete(run));
		return run;
	}

	/** Opens the queued members' DM channels one by one; Discord's bucket for that is slow and shared by the whole bot. */
	private openChannels(): void {
		if (this.opening) return;
		this.opening = (async () => {
			let failed = 0;
			while (!this.stopping && this.toOpen.size) {
				const userId = this.toOpen.values().next().value as string;
				this.toOpen.delete(userId);
				await this.options.dms.open(userId).catch(() => failed++);
			}
			// The send opens them when it comes to it.
			if (failed) this.options.logger.warn(`Agenda: ${failed} DM channels not opened ahead; they are opened when their reminder is due.`);
		})().finally(() => (this.opening = undefined));
	}

	private context(session: Session): ReminderContext {
		const livestream = this.options.livestream(session);
		return { timezone: this.options.timezone, now: this.options.clock.now(), roomChannelId: this.options.roomChannelId, ...(livestream ? { livestream } : {}) };
	}
}
