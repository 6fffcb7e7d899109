import { chooseLanguage, fallbackLanguage, type Language } from '#lib/i18n/language';
import type { Clock } from '#lib/programme/Clock';
import type { Session } from '#lib/programme/Session';
import { agendaRepliesIn, formatAgenda, pickedReply, sessionChoiceName, type AgendaScope, type PickOutcome } from './agendaTexts';
import { dmsClosedNoticeIn, reminderSettingReply } from './reminderTexts';
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
	/** `[bot] language`: the answer's language when the member's client and server have none of ours; English when absent. */
	language?: string;
}

/** Who asks, as an interaction says it: the answer comes in their client's language, else their server's. */
export interface Asker {
	locale?: string | null;
	guildLocale?: string | null;
}

/** What the desk tells the reminders, and asks them. */
export interface AgendaReminderHooks {
	bookmarked(userId: string): void;
	changed(): void;
	setLeadMinutes(userId: string, minutes: number): void;
	/** True once after Discord refused the member a DM. */
	takeClosedNotice(userId: string): boolean;
	/** The member's Discord locale, for the DMs they get later (a DM carries none). */
	rememberLocale(userId: string, locale: string): void;
	/** `/agenda clear`: everything else stored about the member (reminder setting, DM channel, locale, sent DMs). */
	forget(userId: string): void;
}

export interface SessionChoice {
	name: string;
	value: string;
}

/** `/agenda`: a member's bookmarks over the programme, answered as text (the command sends it ephemerally). */
export class AgendaDesk {
	public constructor(private readonly options: AgendaDeskOptions) {}

	public add(userId: string, code: string, asker: Asker = {}): string {
		const replies = agendaRepliesIn(this.language(asker));
		const refused = this.refusal(userId, asker);
		if (refused) return refused;
		const session = this.session(code);
		if (!session) return replies.unknownSession;
		const now = this.options.clock.now();
		if (session.end <= now) return replies.over(session.title);
		return this.bookmark(userId, session, now) ? replies.added(session.title, session.start, this.options.timezone) : replies.already(session.title);
	}

	/**
	 * Bookmarks what a member picked on a programme post (a 🔔 button or a select): only sessions still to come, since
	 * a reminder of one that started is no use; each code answered for (cancelled, started, already there, added).
	 */
	public addMany(userId: string, codes: readonly string[], asker: Asker = {}): string {
		const refused = this.refusal(userId, asker);
		if (refused) return refused;
		const now = this.options.clock.now();
		const outcomes: PickOutcome[] = [...new Set(codes)].map((code) => {
			const session = this.session(code);
			if (!session) return { kind: 'gone', code };
			if (session.start <= now) return { kind: 'started', session };
			return { kind: this.bookmark(userId, session, now) ? 'added' : 'already', session };
		});
		return pickedReply(outcomes, this.options.timezone, this.language(asker));
	}

	public remove(userId: string, code: string, asker: Asker = {}): string {
		const replies = agendaRepliesIn(this.language(asker));
		const session = this.session(code);
		if (!this.options.bookmarks.remove(userId, code)) return replies.notBookmarked;
		this.heard(userId, asker);
		this.options.reminders.changed();
		return replies.removed(session?.title ?? code);
	}

	/** `/agenda reminders`: how many minutes before a bookmarked session the member's DM comes; 0 turns them off. */
	public setReminders(userId: string, minutes: number, asker: Asker = {}): string {
		const language = this.language(asker);
		if (!this.options.isRegistered(userId)) return agendaRepliesIn(language).notRegistered;
		this.heard(userId, asker);
		this.options.reminders.setLeadMinutes(userId, minutes);
		this.options.reminders.changed();
		return reminderSettingReply(minutes, language);
	}

	/** Said once, after the command's own answer, to a member whose DMs Discord refused. */
	public closedNotice(userId: string, asker: Asker = {}): string | null {
		return this.options.reminders.takeClosedNotice(userId) ? dmsClosedNoticeIn(this.language(asker)) : null;
	}

	public list(userId: string, scope: AgendaScope, asker: Asker = {}): string {
		const refused = this.refusal(userId, asker);
		if (refused) return refused;
		const byCode = new Map(this.options.sessions().map((session) => [session.code, session]));
		const bookmarked = this.options.bookmarks.of(userId).flatMap((code) => byCode.get(code) ?? []);
		return formatAgenda(bookmarked, scope, this.options.clock.now(), this.options.timezone, this.language(asker));
	}

	/** Anyone may clear: it deletes what is stored, whether or not they are still registered. */
	public clear(userId: string, asker: Asker = {}): string {
		const cleared = this.options.bookmarks.clear(userId);
		this.options.reminders.forget(userId);
		if (cleared) this.options.reminders.changed();
		return agendaRepliesIn(this.language(asker)).cleared(cleared);
	}

	/** Autocomplete for `/agenda add`: sessions still to come that match what the member typed. */
	public suggest(query: string, asker: Asker = {}): SessionChoice[] {
		return searchSessions(this.options.sessions(), query, this.options.clock.now()).map((session) => this.choice(session, asker));
	}

	/** Autocomplete for `/agenda remove`: only the member's own bookmarks. */
	public suggestOwn(userId: string, query: string, asker: Asker = {}): SessionChoice[] {
		const own = new Set(this.options.bookmarks.of(userId));
		const sessions = this.options.sessions().filter((session) => own.has(session.code));
		return searchSessions(sessions, query, new Date(0)).map((session) => this.choice(session, asker));
	}

	/** The one place a bookmark is written (false when the member had it already), so the reminders hear of each new one. */
	private bookmark(userId: string, session: Session, now: Date): boolean {
		if (!this.options.bookmarks.add(userId, session.code, now)) return false;
		this.options.reminders.bookmarked(userId);
		return true;
	}

	private choice(session: Session, asker: Asker): SessionChoice {
		return { name: sessionChoiceName(session, this.options.timezone, this.language(asker)), value: session.code };
	}

	private language(asker: Asker): Language {
		return chooseLanguage(asker, this.options.language ?? fallbackLanguage);
	}

	/** A registered member spoke to us: their client's locale is what their DMs come in. */
	private heard(userId: string, asker: Asker): void {
		if (asker.locale && this.options.isRegistered(userId)) this.options.reminders.rememberLocale(userId, asker.locale);
	}

	private session(code: string): Session | undefined {
		return this.options.sessions().find((session) => session.code === code);
	}

	private refusal(userId: string, asker: Asker): string | null {
		const replies = agendaRepliesIn(this.language(asker));
		if (!this.options.isRegistered(userId)) return replies.notRegistered;
		this.heard(userId, asker);
		return this.options.sessions().length ? null : replies.noProgramme;
	}
}
