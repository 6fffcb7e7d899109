import { escapeLine } from '#lib/discord/escape';
import { errorText } from '#lib/errorText';
import { fallbackLanguage, type Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { RerunOnce } from '#lib/lifecycle/RerunOnce';
import type { Session } from '#lib/programme/Session';
import { programmeSpeakers } from './programmeSpeakers';
import type { SpeakerRole } from './SpeakerDesk';
import type { SpeakerLinks } from './SpeakerLinks';
import { matchSpeakers, type RegisteredMember } from './speakerMatching';

/** How long a role just taken stays out of a registration's role list: a cache lags the DELETE by a gateway event, not more. */
const WITHHELD_MS = 60_000;

/** The speakers' role on Discord. */
export interface SpeakerRoleAccess {
	/** The role's id in the guild; undefined until the guild is known, or when no such role exists. */
	roleId(): string | undefined;
	/** Whether the member holds the role; null when they are not in the server. `fresh`: ask Discord, not the cache. */
	holds(userId: string, roleId: string, fresh: boolean): Promise<boolean | null>;
	/** Why Discord refused (in `language`), else null. Removing from a member who left counts as done. */
	add(userId: string, roleId: string, reason: string, language?: Language): Promise<string | null>;
	remove(userId: string, roleId: string, reason: string, language?: Language): Promise<string | null>;
}

export interface SpeakerRolesOptions {
	links: SpeakerLinks;
	sessions: () => readonly Session[];
	/** Registered members and their tickets' names (and emails); none when registration is off. */
	registered: () => RegisteredMember[];
	/** How many people pretix has tickets for under each normalised name (`TicketIndex.peopleByName`). */
	ticketHolders: () => ReadonlyMap<string, number>;
	discord: SpeakerRoleAccess;
	/** True when one of the member's tickets gives the role: then it stays whatever the programme says. */
	fromTicket(userId: string, roleId: string): boolean;
	roleName: string;
	/** An entry for the organizers' log channel. */
	log(entry: string): void;
	/** The speakers' texts in `[bot] language`, as the log channel speaks. */
	texts: Texts;
	/** True once the retention after the conference is due: its links are deleted, so none is made, nor any role given or taken. */
	retired(): boolean;
	/** Links were made or dropped: the check-in plans again. */
	onLinksChanged(): void;
	now(): Date;
	logger: { info(message: string): void; warn(message: string): void };
}

/**
 * The speakers' role as a union on top of the tickets' roles: a member linked to a speaker of the programme (by an
 * organizer, or automatically by the name on their ticket) holds it, and loses it only once they have no session left.
 * Who holds it for speaking is kept in SQLite, written before the role is given, so a restart or a registration's
 * PATCH never loses it and nothing is given or taken twice.
 */
export class SpeakerRoles implements SpeakerRole {
	private stopping = false;
	/** Members whose registration just finished: their roles are read from Discord, not the cache, once. */
	private readonly justRegistered = new Set<string>();
	/** When usher last took the role from each member (real time): see `withheldOf`. */
	private readonly takenAt = new Map<string, number>();
	private keysOf: { sessions: readonly Session[]; keys: ReadonlySet<string> } | undefined;
	private readonly runs = new RerunOnce(
		() => this.reconcileOnce().catch((error: unknown) => this.options.logger.warn(`Speakers' role: not brought in line (${errorText(error)}); the next refresh tries again.`)),
		() => this.stopping
	);

	public constructor(private readonly options: SpeakerRolesOptions) {}

	public async stop(): Promise<void> {
		this.stopping = true;
		await Promise.allSettled([this.runs.inFlight]);
	}

	/** Matches speakers to members, then gives and takes the role so that it follows the programme. One run at a time. */
	public sync(): Promise<void> {
		// A registration finishing during shutdown must not start a run over a closing database.
		return this.stopping ? Promise.resolve() : this.runs.run();
	}

	/** A member's ticket roles were just given: match them, and make sure the PATCH left their speaker role in place. */
	public registered(userId: string): Promise<void> {
		this.justRegistered.add(userId);
		return this.sync();
	}

	/** The Speakers role for a while after usher took it from the member: a registration's PATCH from a stale cache must not restore it. */
	public withheldOf(userId: string): string[] {
		const roleId = this.options.discord.roleId();
		const takenAt = this.takenAt.get(userId);
		return roleId && takenAt !== undefined && Date.now() - takenAt < WITHHELD_MS ? [roleId] : [];
	}

	/** The role ids the feature wants the member to hold: `MemberRoles`' source. */
	public rolesOf(userId: string): string[] {
		const roleId = this.options.discord.roleId();
		return roleId && this.speaking(userId) ? [roleId] : [];
	}

	/**
	 * Linked to a speaker of the programme. Before the programme is read after a start, the members holding the role
	 * keep counting as speakers: an empty programme is not read as everyone losing their sessions.
	 */
	public speaking(userId: string): boolean {
		const sessions = this.options.sessions();
		if (!sessions.length) return this.options.links.isHolder(userId);
		const keys = this.speakerKeys(sessions);
		return this.options.links.linksOf(userId).some((link) => keys.has(link.speakerKey));
	}

	/** The programme's speaker keys, worked out once per programme read: every registration's PATCH asks. */
	private speakerKeys(sessions: readonly Session[]): ReadonlySet<string> {
		if (this.keysOf?.sessions !== sessions) this.keysOf = { sessions, keys: new Set(programmeSpeakers(sessions).map((speaker) => speaker.key)) };
		return this.keysOf.keys;
	}

	public async give(userId: string, reason: string, language: Language = fallbackLanguage): Promise<string | null> {
		const roleId = this.options.discord.roleId();
		if (!roleId) return this.noRole(language);
		this.options.links.hold(userId, this.options.now());
		return this.options.discord.add(userId, roleId, reason, language);
	}

	public async take(userId: string, reason: string, language: Language = fallbackLanguage): Promise<string | null> {
		const roleId = this.options.discord.roleId();
		if (!roleId) return this.noRole(language);
		const refused = await this.options.discord.remove(userId, roleId, reason, language);
		if (!refused) {
			this.options.links.letGo(userId);
			this.takenAt.set(userId, Date.now());
		}
		return refused;
	}

	public fromTicket(userId: string): boolean {
		const roleId = this.options.discord.roleId();
		return !!roleId && this.options.fromTicket(userId, roleId);
	}

	private noRole(language: Language): string {
		return textsFor(language, 'speakers')('roleMissing', { role: this.options.roleName });
	}

	private async reconcileOnce(): Promise<void> {
		const { links, sessions, discord, logger } = this.options;
		// Not read yet after a start: nobody is judged on an empty programme.
		if (!sessions().length) return;
		// Matching again would bring back the links the retention deleted, and their absence would take every role back.
		if (this.options.retired()) return;
		this.linkMatches();
		const roleId = discord.roleId();
		if (!roleId) {
			logger.warn(`Speakers' role: ${this.noRole(fallbackLanguage)}; linked speakers get it once it exists (see the startup report).`);
			return;
		}
		const speaking = new Set(links.all().map((link) => link.userId).filter((userId) => this.speaking(userId)));
		let given = 0;
		let taken = 0;
		for (const userId of speaking) {
			if (this.stopping) return;
			if (await this.keep(userId, roleId)) given += 1;
		}
		this.justRegistered.clear();
		for (const userId of links.holders()) {
			if (this.stopping) return;
			if (!speaking.has(userId) && (await this.letGo(userId, roleId))) taken += 1;
		}
		logger.info(`Speakers' role: linked speakers of the programme ${speaking.size}, given ${given}, taken back ${taken}.`);
	}

	/** Drops automatic links to speakers gone from the programme or of members whose ticket was freed, and makes the unambiguous new matches. */
	private linkMatches(): void {
		const { links, sessions, registered, ticketHolders, texts, now, logger } = this.options;
		const speakers = programmeSpeakers(sessions());
		const members = registered();
		const dropped = links.dropAutomatic(new Set(speakers.map((speaker) => speaker.key)), new Set(members.map((member) => member.userId)));
		for (const link of dropped) logger.info(`Speakers: ${link.userId}'s automatic link to ${link.speakerName} dropped (no session in the programme, or no ticket any more).`);
		const holders = ticketHolders();
		const matches = matchSpeakers({ speakers, members, links: links.all(), refused: links.refusals(), ticketHolders: (name) => holders.get(name) ?? 0 });
		let linked = 0;
		for (const match of matches) {
			if (!links.link({ ...match, linkedBy: 'usher', linkedAt: now().toISOString(), how: 'automatic' })) continue;
			linked += 1;
			this.options.log(texts('autoLinked', { user: `<@${match.userId}>`, speaker: escapeLine(match.speakerName) }));
		}
		if (dropped.length || linked) this.options.onLinksChanged();
	}

	/** A speaker holds the role: recorded first, then given if Discord does not show it. True when given now. */
	private async keep(userId: string, roleId: string): Promise<boolean> {
		const { links, discord, now, logger } = this.options;
		if (!links.isHolder(userId)) links.hold(userId, now());
		const holds = await discord.holds(userId, roleId, this.justRegistered.has(userId));
		// Not in the server: a registration when they come back carries the role (MemberRoles).
		if (holds !== false) return false;
		const refused = await discord.add(userId, roleId, 'usher: a speaker of the programme');
		if (refused) logger.warn(`Speakers' role: not given to ${userId} (${refused}); the next refresh tries again.`);
		return !refused;
	}

	/** A member who held the role for speaking has no session left: taken back, unless a ticket gives it. True when taken now. */
	private async letGo(userId: string, roleId: string): Promise<boolean> {
		const { links, discord, texts, roleName, logger } = this.options;
		if (this.options.fromTicket(userId, roleId)) {
			links.letGo(userId);
			return false;
		}
		const refused = await discord.remove(userId, roleId, 'usher: no session in the programme any more');
		if (refused) {
			logger.warn(`Speakers' role: not taken back from ${userId} (${refused}); the next refresh tries again.`);
			return false;
		}
		links.letGo(userId);
		this.takenAt.set(userId, Date.now());
		this.options.log(texts('roleTakenNoSession', { user: `<@${userId}>`, role: escapeLine(roleName) }));
		return true;
	}
}
