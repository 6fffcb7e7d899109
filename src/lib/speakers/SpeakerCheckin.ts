import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DmOutcome } from '#lib/discord/DirectMessages';
import { errorText } from '#lib/errorText';
import { RerunOnce } from '#lib/lifecycle/RerunOnce';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import type { Clock } from '#lib/programme/Clock';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import { applyJobPlan, requeueIfEarly } from '#lib/programme/plannedJobs';
import type { Session } from '#lib/programme/Session';
import type { CheckIns } from './CheckIns';
import { CHECKIN_NAG_HEAD, linkedSpeakersOf, planCheckinNags, type CheckinNag } from './checkinNags';
import { DESK_TARGET, type NagKey, type NagLedger } from './NagLedger';
import type { SpeakerLinks } from './SpeakerLinks';
import { checkinDm, checkinPing, checkinTexts, deskNag, hereButton, type MissingSpeaker } from './speakerTexts';

export interface CheckinSender {
	/** A DM to the member; `closed` when Discord refuses it (50007). */
	dm(userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<DmOutcome>;
	/** A message in the speakers' channel (`speakers`) or the speaker desk (`desk`); throws when it cannot be posted. */
	post(channel: 'speakers' | 'desk', body: RESTPostAPIChannelMessageJSONBody): Promise<void>;
}

export interface SpeakerCheckinOptions {
	links: SpeakerLinks;
	checkIns: CheckIns;
	ledger: NagLedger;
	/** Delayed jobs of the `speakerCheckin` task. */
	jobs: NotificationJobs;
	/** The programme clock (a rehearsal's simulated time). */
	clock: Clock;
	sessions: () => readonly Session[];
	timezone: string;
	/** `[speakers] checkin_minutes`, largest first. */
	offsets: readonly number[];
	/** A rehearsal's namespace for job ids; '' live. */
	idPrefix: string;
	send: CheckinSender;
	/** Resolves once the programme has been read after a (re)start: a nag never reads an empty programme. */
	ready: () => Promise<void>;
	logger: { info(message: string): void; warn(message: string): void; debug(message: string): void };
}

/** `gone`: the session moved, started, lost its linked speakers or left the programme: its plan has no such nag now. */
export type NagRun = { kind: 'done'; sent: number; pinged: number; missing: number } | { kind: 'early'; retryInMs: number } | { kind: 'gone' };

export type CheckinAnswer = { kind: 'checked-in' | 'already' | 'not-yours' | 'gone' | 'over'; content: string };

export interface BoardRow {
	session: Session;
	/** Linked speakers and whether they are in. */
	speakers: Array<{ userId: string; names: string[]; checkedIn: boolean }>;
}

type Delivery = 'sent' | 'pinged' | 'failed';

/**
 * Speaker check-in: before each session with linked speakers, a DM with an "I'm here" button (a ping in the speakers'
 * channel when DMs are closed), then the speaker desk hears who is still missing. One delayed job per session and
 * offset; the ledger makes each nag go out once through retries and restarts, and a check-in stops the rest.
 */
export class SpeakerCheckin {
	private stopping = false;
	private readonly syncs = new RerunOnce(
		() => this.syncOnce().catch((error: unknown) => this.options.logger.warn(`Speaker check-in: jobs not synced (${errorText(error)}); the next refresh tries again.`)),
		() => this.stopping
	);
	private readonly head: string;

	public constructor(private readonly options: SpeakerCheckinOptions) {
		this.head = `${options.idPrefix}${CHECKIN_NAG_HEAD}`;
	}

	public async stop(): Promise<void> {
		this.stopping = true;
		await Promise.allSettled([this.syncs.inFlight]);
	}

	/** The nags the programme and the links call for now. */
	public plan(): CheckinNag[] {
		const { sessions, links, offsets, clock, idPrefix } = this.options;
		return planCheckinNags(sessions(), links.membersBySpeaker(), offsets, clock.now(), idPrefix);
	}

	/** Brings the nags' jobs in line with the programme and the links. One at a time; a call during a sync runs it again after. */
	public sync(): Promise<void> {
		return this.syncs.run();
	}

	/** Runs one nag's job. */
	public async runNag(id: string): Promise<NagRun> {
		// Failing hands the job back to the queue; the next process sends what is left.
		if (this.stopping) throw new Error('shutting down; the job will retry');
		await this.options.ready();
		const { clock, jobs } = this.options;
		const nag = this.plan().find((planned) => planned.id === id);
		if (!nag) return { kind: 'gone' };
		const retryInMs = await requeueIfEarly(nag, clock, jobs, 1000);
		if (retryInMs !== null) return { kind: 'early', retryInMs };
		const session = this.options.sessions().find((candidate) => candidate.code === nag.sessionCode)!;
		return nag.kind === 'speakers' ? this.nagSpeakers(nag, session) : this.nagDesk(nag, session);
	}

	/** A click on "I'm here". */
	public checkIn(userId: string, sessionCode: string, language: Language = fallbackLanguage): CheckinAnswer {
		const { sessions, links, checkIns, clock, timezone } = this.options;
		const texts = checkinTexts(language);
		const session = sessions().find((candidate) => candidate.code === sessionCode);
		if (!session) return { kind: 'gone', content: texts.gone };
		if (!linkedSpeakersOf(session, links.membersBySpeaker()).includes(userId)) return { kind: 'not-yours', content: texts.notYours(session, timezone) };
		const already = checkIns.checkedInAt(sessionCode, userId);
		if (already) return { kind: 'already', content: texts.already(session, timezone, already) };
		if (clock.now().getTime() >= session.end.getTime()) return { kind: 'over', content: texts.over(session, timezone) };
		checkIns.checkIn(sessionCode, userId, clock.now());
		this.options.logger.info(`Speaker check-in: ${userId} is here for ${sessionCode}.`);
		return { kind: 'checked-in', content: texts.checkedIn(session, timezone) };
	}

	/** Sessions with linked speakers that have not ended, soonest first. */
	public board(limit: number): BoardRow[] {
		const { sessions, links, checkIns, clock } = this.options;
		const membersBySpeaker = links.membersBySpeaker();
		const now = clock.now().getTime();
		return sessions()
			.filter((session) => !session.isBreak && session.end.getTime() > now)
			.map((session) => ({ session, userIds: linkedSpeakersOf(session, membersBySpeaker) }))
			.filter((row) => row.userIds.length > 0)
			.slice(0, limit)
			.map(({ session, userIds }) => {
				const inside = checkIns.checkedIn(session.code);
				return { session, speakers: userIds.map((userId) => ({ userId, names: this.namesOf(userId, session), checkedIn: inside.has(userId) })) };
			});
	}

	private async nagSpeakers(nag: CheckinNag, session: Session): Promise<NagRun> {
		const { ledger, checkIns, send, timezone } = this.options;
		const minutesLeft = this.minutesLeft(session);
		const inside = checkIns.checkedIn(session.code);
		const deliveries: Array<Promise<Delivery>> = [];
		for (const userId of nag.userIds) {
			if (this.stopping) break;
			const key = this.key(nag, userId);
			if (inside.has(userId) || ledger.settled(key) || !ledger.claim(key)) continue;
			deliveries.push(
				this.deliver(key, async () => {
					const button = [hereButton(session)];
					if ((await send.dm(userId, { content: checkinDm(session, timezone, minutesLeft), components: button })) === 'sent') return 'sent';
					await send.post('speakers', { content: checkinPing(userId, session, timezone, minutesLeft), components: button, allowed_mentions: { parse: [], users: [userId] } });
					return 'pinged';
				})
			);
		}
		const results = await Promise.all(deliveries);
		const count = (what: Delivery) => results.filter((result) => result === what).length;
		if (count('failed') || this.stopping) throw new Error(`${count('failed')} check-in DMs of ${nag.id} failed; the retry sends the rest`);
		return { kind: 'done', sent: count('sent'), pinged: count('pinged'), missing: nag.userIds.filter((userId) => !inside.has(userId)).length };
	}

	private async nagDesk(nag: CheckinNag, session: Session): Promise<NagRun> {
		const { ledger, checkIns, send, timezone } = this.options;
		const key = this.key(nag, DESK_TARGET);
		if (ledger.settled(key) || !ledger.claim(key)) return { kind: 'done', sent: 0, pinged: 0, missing: 0 };
		const inside = checkIns.checkedIn(session.code);
		const missing: MissingSpeaker[] = nag.userIds.filter((userId) => !inside.has(userId)).map((userId) => ({ userId, names: this.namesOf(userId, session) }));
		if (!missing.length) {
			ledger.settle(key, 'none');
			return { kind: 'done', sent: 0, pinged: 0, missing: 0 };
		}
		const result = await this.deliver(key, async () => {
			await send.post('desk', { content: deskNag(session, timezone, this.minutesLeft(session), missing), allowed_mentions: { parse: [] } });
			return 'sent';
		});
		if (result === 'failed') throw new Error(`the speaker desk's nag ${nag.id} failed; the retry sends it`);
		return { kind: 'done', sent: 1, pinged: 0, missing: missing.length };
	}

	/** One nag, settled in the ledger whatever happens; never throws. */
	private async deliver(key: NagKey, send: () => Promise<'sent' | 'pinged'>): Promise<Delivery> {
		try {
			const outcome = await send();
			this.options.ledger.settle(key, outcome);
			return outcome;
		} catch (error) {
			this.options.ledger.release(key);
			this.options.logger.warn(`Speaker check-in: a nag for ${key.sessionCode} was not sent (${errorText(error)}); it is retried.`);
			return 'failed';
		}
	}

	private async syncOnce(): Promise<void> {
		const { jobs, clock, sessions } = this.options;
		if (!sessions().length) return;
		const existing = (await jobs.list()).filter((job) => job.id.startsWith(this.head));
		// Due while no job held it (the bot was down, a late link): run now unless it went out already.
		await applyJobPlan(this.plan(), existing, jobs, clock, (nag) => !this.settledNag(nag));
	}

	private settledNag(nag: CheckinNag): boolean {
		const { ledger, checkIns } = this.options;
		if (nag.kind === 'desk') return ledger.settled(this.key(nag, DESK_TARGET));
		const inside = checkIns.checkedIn(nag.sessionCode);
		return nag.userIds.every((userId) => inside.has(userId) || ledger.settled(this.key(nag, userId)));
	}

	private key(nag: CheckinNag, target: string): NagKey {
		return { sessionCode: nag.sessionCode, occasion: nag.startsAt.toISOString(), offsetMinutes: nag.offsetMinutes, target };
	}

	private namesOf(userId: string, session: Session): string[] {
		const names = new Set(session.speakers.map((speaker) => speaker.name));
		return this.options.links
			.linksOf(userId)
			.map((link) => link.speakerName)
			.filter((name) => names.has(name));
	}

	private minutesLeft(session: Session): number {
		return Math.max(1, Math.round((session.start.getTime() - this.options.clock.now().getTime()) / 60_000));
	}
}
