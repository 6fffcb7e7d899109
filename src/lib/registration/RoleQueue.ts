import type { SqliteDatabase } from '#lib/store/Database';
import type { PositionKey } from './ClaimLedger';
import type { TicketSummary } from './Ticket';

/**
 * Why a member waits: their own form, an organizer's `/registration register`, a rejoin (roles from the ledger) or a
 * registration a restart interrupted. One line for all, because all of them spend the same member bucket.
 */
export type RolePurpose = 'self' | 'organizer' | 'rejoin' | 'repair';

/** The organizer who registered someone by hand, and why (for the audit log once the roles are given). */
export interface Requester {
	actor: string;
	reason: string;
}

/** What one member waits for: the roles and badge nickname their claimed tickets give. */
export interface RoleJob {
	purpose: RolePurpose;
	requestedBy: Requester | null;
	userId: string;
	roleIds: string[];
	roleNames: string[];
	nickname: string | null;
	/** The tickets these roles are for (recorded as applied afterwards). */
	tickets: TicketSummary[];
	/** Their ledger keys. */
	ticketKeys: PositionKey[];
	/** The tickets this attempt newly claimed: released again if Discord refuses the roles. */
	claimedKeys: PositionKey[];
	/** The member held these tickets already (a re-registration re-applies their roles). */
	again: boolean;
	queuedAt: Date;
	/** When the access role went ahead through the role bucket (null: not yet, or it does not apply). */
	accessGivenAt: Date | null;
}

/** A job as it is put in line: the member's own form unless said otherwise. */
export type NewRoleJob = Omit<RoleJob, 'queuedAt' | 'purpose' | 'requestedBy' | 'accessGivenAt'> & Partial<Pick<RoleJob, 'purpose' | 'requestedBy'>>;

/** Where to tell the member that their roles arrived: the interaction's reply, editable until its token dies. */
export interface ReplyTarget {
	applicationId: string;
	token: string;
	expiresAt: Date;
}

interface QueueRow {
	seq: number;
	discord_user_id: string;
	role_ids: string;
	role_names: string;
	nickname: string | null;
	tickets: string;
	ticket_keys: string;
	claimed_keys: string;
	again: number;
	queued_at: string;
	purpose: RolePurpose;
	requested_by: string | null;
	request_reason: string | null;
	access_given_at: string | null;
	reply_application_id: string | null;
	reply_token: string | null;
	reply_expires_at: string | null;
}

/**
 * The durable FIFO of members waiting for their roles. Discord lets a bot change about one member a second per guild,
 * so on a rush morning people wait here; a row survives kill -9 and the next process carries on where this one stopped.
 */
export class RoleQueue {
	private readonly statements;

	public constructor(db: SqliteDatabase) {
		this.statements = {
			insert: db.prepare(
				`INSERT INTO role_queue (discord_user_id, role_ids, role_names, nickname, tickets, ticket_keys, claimed_keys, again, queued_at, purpose, requested_by, request_reason)
				 VALUES (@userId, @roleIds, @roleNames, @nickname, @tickets, @ticketKeys, @claimedKeys, @again, @queuedAt, @purpose, @requestedBy, @requestReason)
				 ON CONFLICT (discord_user_id) DO UPDATE SET role_ids = excluded.role_ids, role_names = excluded.role_names, nickname = excluded.nickname, tickets = excluded.tickets,
				   ticket_keys = excluded.ticket_keys, claimed_keys = json(
				     (SELECT json_group_array(value) FROM (SELECT value FROM json_each(role_queue.claimed_keys) UNION SELECT value FROM json_each(excluded.claimed_keys)))
				   ),
				   purpose = excluded.purpose, requested_by = excluded.requested_by, request_reason = excluded.request_reason`
			),
			byUser: db.prepare<[string], QueueRow>('SELECT * FROM role_queue WHERE discord_user_id = ?'),
			// An organizer at the help desk has someone in front of them: their registrations go first, in their own order.
			// Then whoever has no access yet: those given the access role ahead wait for their nickname behind them.
			head: db.prepare<[string], QueueRow>(
				`SELECT * FROM role_queue WHERE discord_user_id NOT IN (SELECT value FROM json_each(?))
				 ORDER BY purpose = 'organizer' DESC, access_given_at IS NOT NULL, seq LIMIT 1`
			),
			accessHead: db.prepare<[string, string], QueueRow>(
				`SELECT * FROM role_queue WHERE access_given_at IS NULL AND discord_user_id NOT IN (SELECT value FROM json_each(?))
				   AND EXISTS (SELECT 1 FROM json_each(role_ids) WHERE value = ?)
				 ORDER BY purpose = 'organizer' DESC, seq LIMIT 1`
			),
			ahead: db.prepare<[string], { count: number }>(
				`SELECT COUNT(*) AS count FROM role_queue,
				   (SELECT seq AS mine, purpose = 'organizer' AS urgent, access_given_at IS NOT NULL AS served FROM role_queue WHERE discord_user_id = ?) AS me
				 WHERE (purpose = 'organizer') > me.urgent OR ((purpose = 'organizer') = me.urgent AND
				   ((access_given_at IS NOT NULL) < me.served OR ((access_given_at IS NOT NULL) = me.served AND seq <= me.mine)))`
			),
			depth: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM role_queue'),
			outside: db.prepare<[string], { count: number }>(
				'SELECT COUNT(*) AS count FROM role_queue WHERE access_given_at IS NULL AND discord_user_id NOT IN (SELECT value FROM json_each(?))'
			),
			remove: db.prepare('DELETE FROM role_queue WHERE discord_user_id = ?'),
			markAccess: db.prepare('UPDATE role_queue SET access_given_at = ? WHERE discord_user_id = ?'),
			setReply: db.prepare('UPDATE role_queue SET reply_application_id = ?, reply_token = ?, reply_expires_at = ? WHERE discord_user_id = ?')
		};
	}

	/**
	 * Puts a member in line; returns their place, 1 = next. A member already waiting keeps their place with the newest
	 * request (roles, purpose), and every ticket either request claimed stays released if Discord refuses.
	 */
	public enqueue(job: NewRoleJob, now: Date): number {
		this.statements.insert.run({
			purpose: job.purpose ?? 'self',
			requestedBy: job.requestedBy?.actor ?? null,
			requestReason: job.requestedBy?.reason ?? null,
			userId: job.userId,
			roleIds: JSON.stringify(job.roleIds),
			roleNames: JSON.stringify(job.roleNames),
			nickname: job.nickname,
			tickets: JSON.stringify(job.tickets),
			ticketKeys: JSON.stringify(job.ticketKeys),
			claimedKeys: JSON.stringify(job.claimedKeys),
			again: job.again ? 1 : 0,
			queuedAt: now.toISOString()
		});
		return this.placeOf(job.userId)!;
	}

	/** A waiting member's place in line (1 = next), or null when they are not waiting. */
	public placeOf(userId: string): number | null {
		return this.statements.byUser.get(userId) ? this.statements.ahead.get(userId)!.count : null;
	}

	public get depth(): number {
		return this.statements.depth.get()!.count;
	}

	/** The member whose roles and nickname are next, leaving out those already being served. */
	public head(excluding: Iterable<string> = []): { job: RoleJob; reply: ReplyTarget | null } | null {
		const row = this.statements.head.get(JSON.stringify([...excluding]));
		return row ? fromRow(row) : null;
	}

	/** The first member in line whose roles include `accessRoleId` and who does not have it yet. */
	public accessHead(accessRoleId: string, excluding: Iterable<string> = []): { job: RoleJob; reply: ReplyTarget | null } | null {
		const row = this.statements.accessHead.get(JSON.stringify([...excluding]), accessRoleId);
		return row ? fromRow(row) : null;
	}

	/** How many in line have no access yet, leaving out those already being served. */
	public outside(excluding: Iterable<string> = []): number {
		return this.statements.outside.get(JSON.stringify([...excluding]))!.count;
	}

	/** The access role went ahead: the member now waits only for their nickname and other roles, behind those without access. */
	public markAccess(userId: string, at: Date): void {
		this.statements.markAccess.run(at.toISOString(), userId);
	}

	public get(userId: string): { job: RoleJob; reply: ReplyTarget | null } | null {
		const row = this.statements.byUser.get(userId);
		return row ? fromRow(row) : null;
	}

	/** The latest reply wins: a member who submitted again sees that message updated. */
	public setReply(userId: string, reply: ReplyTarget): void {
		this.statements.setReply.run(reply.applicationId, reply.token, reply.expiresAt.toISOString(), userId);
	}

	public remove(userId: string): void {
		this.statements.remove.run(userId);
	}
}

function fromRow(row: QueueRow): { job: RoleJob; reply: ReplyTarget | null } {
	return {
		job: {
			purpose: row.purpose,
			requestedBy: row.requested_by === null ? null : { actor: row.requested_by, reason: row.request_reason ?? '' },
			userId: row.discord_user_id,
			roleIds: JSON.parse(row.role_ids) as string[],
			roleNames: JSON.parse(row.role_names) as string[],
			nickname: row.nickname,
			tickets: JSON.parse(row.tickets) as TicketSummary[],
			ticketKeys: JSON.parse(row.ticket_keys) as PositionKey[],
			claimedKeys: JSON.parse(row.claimed_keys) as PositionKey[],
			again: row.again === 1,
			queuedAt: new Date(row.queued_at),
			accessGivenAt: row.access_given_at === null ? null : new Date(row.access_given_at)
		},
		reply:
			row.reply_token && row.reply_application_id && row.reply_expires_at
				? { applicationId: row.reply_application_id, token: row.reply_token, expiresAt: new Date(row.reply_expires_at) }
				: null
	};
}
