import type { SqliteDatabase } from '#lib/store/Database';
import { normalizeName } from './normalize';

declare const positionKeyBrand: unique symbol;
/** `ORDER-positionId`: the ledger's key. A position is the unit of "one ticket, one account", and keeps its id when pretix renames the attendee. */
export type PositionKey = string & { readonly [positionKeyBrand]: true };

export function positionKey(ticket: { orderCode: string; positionId: number }): PositionKey {
	return `${ticket.orderCode.toUpperCase()}-${ticket.positionId}` as PositionKey;
}

/** The ticket fields the ledger keeps; the registration `Ticket` satisfies this structurally. */
export interface LedgerTicket {
	orderCode: string;
	positionId: number;
	itemName: string;
	variationName?: string | null;
	attendeeName: string;
}

export type RegistrationSource = 'self' | 'organizer';

export type RegistrationEventKind = 'claimed' | 'released' | 'reapplied' | 'organizer-register' | 'organizer-unlink' | 'rejoin-restore';

export interface Registration {
	ticketKey: PositionKey;
	orderCode: string;
	positionId: number;
	itemName: string;
	variationName: string | null;
	attendeeName: string;
	userId: string;
	/** Discord role ids applied for this ticket; empty until `setAppliedRoles`. */
	roles: string[];
	nickname: string | null;
	source: RegistrationSource;
	reason: string | null;
	registeredAt: Date;
}

export interface RegistrationEvent {
	kind: RegistrationEventKind;
	userId: string;
	ticketKeys: PositionKey[];
	actor: string;
	at: Date;
	detail: string | null;
}

export type ClaimOptions = { source: 'self'; now: Date } | { source: 'organizer'; actor: string; reason: string; now: Date };

export type ClaimResult =
	| { ok: true; alreadyRegistered: boolean; claimed: PositionKey[] }
	| { ok: false; reason: 'held-by-other'; holderId: string; ticketKeys: PositionKey[] };

export interface ReleaseOptions {
	actor: string;
	reason: string;
	now: Date;
	/** `organizer-unlink` for an organizer's command; `released` (default) for rollbacks and the user's own leaving. */
	kind?: 'released' | 'organizer-unlink';
}

/** What to re-apply when a registered member rejoins the server. */
export interface RestorePlan {
	roles: string[];
	nickname: string | null;
	ticketKeys: PositionKey[];
}


interface RegistrationRow {
	ticket_key: PositionKey;
	order_code: string;
	position_id: number;
	item_name: string;
	variation_name: string | null;
	attendee_name: string;
	discord_user_id: string;
	roles: string;
	nickname: string | null;
	source: RegistrationSource;
	reason: string | null;
	registered_at: string;
}

interface EventRow {
	kind: RegistrationEventKind;
	discord_user_id: string;
	ticket_keys: string;
	actor: string;
	at: string;
	detail: string | null;
}

/**
 * Who holds which ticket. Rule: a position belongs to at most one Discord account; a claim takes all of one attendee's
 * positions (conference + tutorial ticket) at once, or none of them.
 */
export class ClaimLedger {
	private readonly statements;

	public constructor(private readonly db: SqliteDatabase) {
		this.statements = {
			byKey: db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE ticket_key = ? ORDER BY order_code, position_id'),
			byPosition: db.prepare<[string, number], RegistrationRow>('SELECT * FROM registrations WHERE order_code = ? AND position_id = ?'),
			insert: db.prepare(
				`INSERT INTO registrations (ticket_key, order_code, position_id, item_name, variation_name, attendee_name, attendee_name_key,
					discord_user_id, source, reason, registered_at)
				VALUES (@key, @orderCode, @positionId, @itemName, @variationName, @attendeeName, @nameKey, @userId, @source, @reason, @at)`
			),
			byUser: db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE discord_user_id = ? ORDER BY registered_at, ticket_key'),
			byOrder: db.prepare<[string], RegistrationRow>('SELECT * FROM registrations WHERE order_code = ? ORDER BY position_id'),
			byName: db.prepare<[string], RegistrationRow>(
				"SELECT * FROM registrations WHERE attendee_name_key LIKE '%' || ? || '%' ESCAPE '\\' ORDER BY attendee_name_key, ticket_key"
			),
			setRoles: db.prepare('UPDATE registrations SET roles = ?, nickname = ? WHERE ticket_key = ? AND discord_user_id = ?'),
			delete: db.prepare('DELETE FROM registrations WHERE order_code = ? AND position_id = ?'),
			event: db.prepare(
				'INSERT INTO registration_events (kind, discord_user_id, ticket_keys, actor, at, detail) VALUES (?, ?, ?, ?, ?, ?)'
			),
			eventsByUser: db.prepare<[string], EventRow>('SELECT * FROM registration_events WHERE discord_user_id = ? ORDER BY at, id'),
			eventsByTicket: db.prepare<[string], EventRow>(
				'SELECT * FROM registration_events WHERE EXISTS (SELECT 1 FROM json_each(ticket_keys) WHERE value = ?) ORDER BY at, id'
			),
			all: db.prepare<[], RegistrationRow>('SELECT * FROM registrations ORDER BY registered_at, ticket_key'),
			unapplied: db.prepare<[string], RegistrationRow>(
				"SELECT * FROM registrations WHERE roles = '[]' AND registered_at < ? ORDER BY discord_user_id, ticket_key, position_id"
			)
		};
	}

	/** Claims every ticket for `userId` in one write transaction, or none of them if another account holds any. */
	public claim(userId: string, tickets: readonly LedgerTicket[], options: ClaimOptions): ClaimResult {
		if (tickets.length === 0) throw new RangeError('claim needs at least one ticket');
		const run = this.db.transaction((): ClaimResult => {
			const heldByOther = tickets
				.map((ticket) => this.statements.byPosition.get(ticket.orderCode.toUpperCase(), ticket.positionId))
				.filter((row): row is RegistrationRow => row !== undefined && row.discord_user_id !== userId);
			if (heldByOther.length > 0) {
				return {
					ok: false,
					reason: 'held-by-other',
					holderId: heldByOther[0].discord_user_id,
					ticketKeys: unique(heldByOther.map((row) => row.ticket_key))
				};
			}
			const fresh = tickets.filter((ticket) => this.statements.byPosition.get(ticket.orderCode.toUpperCase(), ticket.positionId) === undefined);
			if (fresh.length === 0) return { ok: true, alreadyRegistered: true, claimed: [] };
			const at = options.now.toISOString();
			const reason = options.source === 'organizer' ? options.reason : null;
			for (const ticket of fresh) {
				this.statements.insert.run({
					key: positionKey(ticket),
					orderCode: ticket.orderCode.toUpperCase(),
					positionId: ticket.positionId,
					itemName: ticket.itemName,
					variationName: ticket.variationName ?? null,
					attendeeName: ticket.attendeeName,
					nameKey: normalizeName(ticket.attendeeName),
					userId,
					source: options.source,
					reason,
					at
				});
			}
			const claimed = unique(fresh.map(positionKey));
			if (options.source === 'organizer') {
				this.logEvent('organizer-register', userId, claimed, options.actor, options.now, options.reason);
			} else {
				this.logEvent('claimed', userId, claimed, userId, options.now, null);
			}
			return { ok: true, alreadyRegistered: false, claimed };
		});
		// IMMEDIATE takes the write lock before the holder check, so a second process cannot claim between our read and write.
		return run.immediate();
	}

	/** Records what Discord actually applied; a second application for the same tickets is logged as `reapplied`. */
	public setAppliedRoles(userId: string, ticketKeys: readonly PositionKey[], roles: readonly string[], nickname: string | null, now: Date): number {
		return this.db.transaction(() => {
			const rows = unique(ticketKeys)
				.flatMap((key) => this.statements.byKey.all(key))
				.filter((row) => row.discord_user_id === userId);
			const rolesJson = JSON.stringify([...roles]);
			for (const key of unique(rows.map((row) => row.ticket_key))) this.statements.setRoles.run(rolesJson, nickname, key, userId);
			const hadRoles = rows.some((row) => (JSON.parse(row.roles) as string[]).length > 0);
			if (hadRoles) {
				this.logEvent('reapplied', userId, unique(rows.map((row) => row.ticket_key)), userId, now, `roles=${roles.length}`);
			}
			return rows.length;
		})();
	}

	/** Releases tickets (given as keys) or everything a user holds (given as a user id); returns what was released. */
	public release(target: readonly PositionKey[] | string, options: ReleaseOptions): Registration[] {
		return this.db.transaction(() => {
			const rows = typeof target === 'string' ? this.statements.byUser.all(target) : unique(target).flatMap((key) => this.statements.byKey.all(key));
			const byUser = new Map<string, PositionKey[]>();
			for (const row of rows) {
				this.statements.delete.run(row.order_code, row.position_id);
				byUser.set(row.discord_user_id, [...(byUser.get(row.discord_user_id) ?? []), row.ticket_key]);
			}
			for (const [userId, keys] of byUser) {
				this.logEvent(options.kind ?? 'released', userId, unique(keys), options.actor, options.now, options.reason);
			}
			return rows.map(toRegistration);
		}).immediate();
	}

	/**
	 * Claims made before `before` whose roles were never recorded as applied: the process died between the claim and the
	 * role grant (every flow records roles right after Discord accepts them, and never claims for a ticket with no role).
	 */
	public unappliedClaims(before: Date): Registration[] {
		return this.statements.unapplied.all(before.toISOString()).map(toRegistration);
	}

	/** One entry per claimed position. */
	public ticketsOf(userId: string): Registration[] {
		return this.statements.byUser.all(userId).map(toRegistration);
	}

	public holderOf(ticketKey: PositionKey): string | null {
		return this.statements.byKey.get(ticketKey)?.discord_user_id ?? null;
	}

	public findByOrder(orderCode: string): Registration[] {
		return this.statements.byOrder.all(orderCode.trim().toUpperCase()).map(toRegistration);
	}

	/** Substring match on the attendee name folded by `normalizeName`; pass the fragment through `normalizeName` too. */
	public findByName(normalizedFragment: string): Registration[] {
		if (normalizedFragment.length === 0) return [];
		return this.statements.byName.all(normalizedFragment.replace(/[\\%_]/g, '\\$&')).map(toRegistration);
	}

	/** Roles and nickname to put back when a registered member rejoins; null if they hold no ticket. */
	public restoreFor(userId: string): RestorePlan | null {
		const rows = this.statements.byUser.all(userId);
		if (rows.length === 0) return null;
		const roles = new Set(rows.flatMap((row) => JSON.parse(row.roles) as string[]));
		return {
			roles: [...roles],
			nickname: rows.find((row) => row.nickname !== null)?.nickname ?? null,
			ticketKeys: unique(rows.map((row) => row.ticket_key))
		};
	}

	/** Audit entry for a completed rejoin restore (the plan came from `restoreFor`). */
	public recordRestore(userId: string, ticketKeys: readonly PositionKey[], roleCount: number, now: Date): void {
		this.logEvent('rejoin-restore', userId, ticketKeys, userId, now, `roles=${roleCount}`);
	}

	public history(filter: { userId: string } | { ticketKey: PositionKey }): RegistrationEvent[] {
		const rows = 'userId' in filter ? this.statements.eventsByUser.all(filter.userId) : this.statements.eventsByTicket.all(filter.ticketKey);
		return rows.map((row) => ({
			kind: row.kind,
			userId: row.discord_user_id,
			ticketKeys: JSON.parse(row.ticket_keys) as PositionKey[],
			actor: row.actor,
			at: new Date(row.at),
			detail: row.detail
		}));
	}

	/** Every registration, oldest first (the statistics read them; a conference has a few thousand). */
	public all(): Registration[] {
		return this.statements.all.all().map(toRegistration);
	}

	private logEvent(kind: RegistrationEventKind, userId: string, ticketKeys: readonly PositionKey[], actor: string, at: Date, detail: string | null): void {
		this.statements.event.run(kind, userId, JSON.stringify(ticketKeys), actor, at.toISOString(), detail);
	}
}

function unique<T>(values: readonly T[]): T[] {
	return [...new Set(values)];
}

function toRegistration(row: RegistrationRow): Registration {
	return {
		ticketKey: row.ticket_key,
		orderCode: row.order_code,
		positionId: row.position_id,
		itemName: row.item_name,
		variationName: row.variation_name,
		attendeeName: row.attendee_name,
		userId: row.discord_user_id,
		roles: JSON.parse(row.roles) as string[],
		nickname: row.nickname,
		source: row.source,
		reason: row.reason,
		registeredAt: new Date(row.registered_at)
	};
}
