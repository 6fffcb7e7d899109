import type { Clock } from '#lib/programme/Clock';
import type { Session } from '#lib/programme/Session';
import { agendaReplies, formatAgenda, pickedReply, sessionChoiceName, type AgendaScope, type PickOutcome } from './agendaTexts';
import { dmsClosedNotice, reminderSettingReply } from './reminderTexts';
import type { Bookmarks } from './Bookmarks';
import { searchSessions } from './sessionSearch';

export interface AgendaDeskOptions {
	bookmarks: Bookmarks;
	/** The merged programme as last fetched. */
	sessions: () => readonly Session[];
	/** The programme clock (a rehearsal's simulated time). */
	clock: Clock;
	timezone: string;
	/** Only registered members keep an agenda. */
	isRegistered: (userId: string) => boolean;
	/** The DM reminders that follow the bookmarks. */
	reminders: AgendaReminderHooks;
}

/** What the desk tells the reminders, and asks them. */
export interface AgendaReminderHooks {
	bookmarked(userId: string): void;
	changed(): void;
	setLeadMinutes(userId: string, minutes: number): void;
	/** True once after Discord refused the member a DM. */
	takeClosedNotice(userId: string): boolean;
}

export interface SessionChoice {
	name: string;
	value: string;
}

/** `/agenda`: a member's bookmarks over the programme, answered as text (the command sends it ephemerally). */
export class AgendaDesk {
	public constructor(private readonly options: AgendaDeskOptions) {}

	public add(userId: string, code: string): string {
		const refused = this.refusal(userId);
		if (refused) return refused;
		const session = this.session(code);
		if (!session) return agendaReplies.unknownSession;
		const now = this.options.clock.now();
		if (session.end <= now) return agendaReplies.over(session.title);
		return this.bookmark(userId, session, now) ? agendaReplies.added(session.title, session.start, this.options.timezone) : agendaReplies.already(session.title);
	}

	/**
	 * Bookmarks what a member picked on a programme post (a 🔔 button or a select): only sessions still to come, since
	 * a reminder of one that started is no use; each code answered for (cancelled, started, already there, added).
	 */
	public addMany(userId: string, codes: readonly string[]): string {
		const refused = this.refusal(userId);
		if (refused) return refused;
		const now = this.options.clock.now();
		const outcomes: PickOutcome[] = [...new Set(codes)].map((code) => {
			const session = this.session(code);
			if (!session) return { kind: 'gone', code };
			if (session.start <= now) return { kind: 'started', session };
			return { kind: this.bookmark(userId, session, now) ? 'added' : 'already', session };
		});
		return pickedReply(outcomes, this.options.timezone);
	}

	public remove(userId: string, code: string): string {
		const session = this.session(code);
		if (!this.options.bookmarks.remove(userId, code)) return agendaReplies.notBookmarked;
		this.options.reminders.changed();
		return agendaReplies.removed(session?.title ?? code);
	}

	/** `/agenda reminders`: how many minutes before a bookmarked session the member's DM comes; 0 turns them off. */
	public setReminders(userId: string, minutes: number): string {
		if (!this.options.isRegistered(userId)) return agendaReplies.notRegistered;
		this.options.reminders.setLeadMinutes(userId, minutes);
		this.options.reminders.changed();
		return reminderSettingReply(minutes);
	}

	/** Said once, after the command's own answer, to a member whose DMs Discord refused. */
	public closedNotice(userId: string): string | null {
		return this.options.reminders.takeClosedNotice(userId) ? dmsClosedNotice : null;
	}

	public list(userId: string, scope: AgendaScope): string {
		const refused = this.refusal(userId);
		if (refused) return refused;
		const byCode = new Map(this.options.sessions().map((session) => [session.code, session]));
		const bookmarked = this.options.bookmarks.of(userId).flatMap((code) => byCode.get(code) ?? []);
		return formatAgenda(bookmarked, scope, this.options.clock.now(), this.options.timezone);
	}

	/** Anyone may clear: it deletes what is stored, whether or not they are still registered. */
	public clear(userId: string): string {
		const cleared = this.options.bookmarks.clear(userId);
		if (cleared) this.options.reminders.changed();
		return agendaReplies.cleared(cleared);
	}

	/** Autocomplete for `/agenda add`: sessions still to come that match what the member typed. */
	public suggest(query: string): SessionChoice[] {
		return searchSessions(this.options.sessions(), query, this.options.clock.now()).map((session) => this.choice(session));
	}

	/** Autocomplete for `/agenda remove`: only the member's own bookmarks. */
	public suggestOwn(userId: string, query: string): SessionChoice[] {
		const own = new Set(this.options.bookmarks.of(userId));
		const sessions = this.options.sessions().filter((session) => own.has(session.code));
		return searchSessions(sessions, query, new Date(0)).map((session) => this.choice(session));
	}

	/** The one place a bookmark is written: false when the member had it already. */
	/** Every bookmark goes through here, so the reminders hear of each new one. */
	private bookmark(userId: string, session: Session, now: Date): boolean {
		if (!this.options.bookmarks.add(userId, session.code, now)) return false;
		this.options.reminders.bookmarked(userId);
		return true;
	}

	private choice(session: Session): SessionChoice {
		return { name: sessionChoiceName(session, this.options.timezone), value: session.code };
	}

	private session(code: string): Session | undefined {
		return this.options.sessions().find((session) => session.code === code);
	}

	private refusal(userId: string): string | null {
		if (!this.options.isRegistered(userId)) return agendaReplies.notRegistered;
		return this.options.sessions().length ? null : agendaReplies.noProgramme;
	}
}
