import { PretixError } from '#lib/pretix/errors';
import { isStorageFailure } from '#lib/store/errors';
import { fitNickname } from './applyToMember';
import type { AttemptLimiter, AttemptResult } from './AttemptLimiter';
import { positionKey, type ClaimLedger, type ClaimOptions, type ClaimResult, type Registration } from './ClaimLedger';
import type { RepairOutcome } from './messages';
import { normalizeName, normalizeOrderCode } from './normalize';
import type { NewRoleJob, Requester, RoleQueue } from './RoleQueue';
import type { Ticket, TicketRefusal, TicketSummary } from './Ticket';
import type { TicketMiss } from './TicketIndex';
import { errorText } from '#lib/errorText';

/** Where tickets come from: the index, with one direct pretix call on a miss. */
export interface TicketFinder {
	lookupOrFetch(orderInput: string, nameInput: string): Promise<Ticket[]>;
	hasOrder(orderCode: string): boolean;
	/** After a lookup found nothing: why, so the member hears the true reason. */
	explainMiss(orderInput: string, nameInput: string): TicketMiss;
}

/** Role names from the mapping, resolved to this guild's role ids; names that do not resolve are reported. */
export interface ResolvedRoles {
	roleIds: string[];
	roleNames: string[];
	unresolved: string[];
}

export interface RegistrationFlowDeps {
	finder: TicketFinder;
	ledger: ClaimLedger;
	limiter: AttemptLimiter;
	rolesFor(tickets: readonly Pick<Ticket, 'itemName' | 'variationName'>[]): ResolvedRoles;
	/** Where claimed members wait for Discord to take their roles. */
	queue: RoleQueue;
	/** A member was queued: the worker should go on. */
	onQueued(): void;
	now(): Date;
}

export interface RegistrationRequest {
	userId: string;
	orderInput: string;
	nameInput: string;
}

export type RegistrationOutcome =
	| { kind: 'registered'; tickets: TicketSummary[]; roleNames: string[]; nickname: string | null; nicknameSet: boolean; again: boolean }
	/** Ticket verified and claimed; the roles wait their turn in Discord's member bucket (1 = next). */
	| { kind: 'queued'; tickets: TicketSummary[]; roleNames: string[]; nickname: string | null; again: boolean; place: number }
	| { kind: 'bad-order-code' }
	| { kind: 'bad-name' }
	| { kind: 'rate-limited'; retryAt: Date }
	| { kind: 'in-flight' }
	| { kind: 'unknown-ticket'; orderCode: string }
	| { kind: 'wrong-name'; orderCode: string }
	| { kind: 'not-usable'; orderCode: string; refusal: TicketRefusal }
	| { kind: 'no-roles'; tickets: Ticket[] }
	| { kind: 'held-by-other'; tickets: Ticket[]; holderId: string }
	| { kind: 'roles-missing'; tickets: Ticket[]; unresolved: string[] }
	| { kind: 'discord-refused'; tickets: TicketSummary[]; reason: string; roleNames: string[] }
	| { kind: 'pretix-unavailable'; orderCode: string }
	| { kind: 'storage-unavailable'; detail: string };

/** The attempt-log result each outcome is recorded as (and so whether it counts against the user's limit). */
export const attemptResults: Record<RegistrationOutcome['kind'], AttemptResult> = {
	'registered': 'success',
	'queued': 'success',
	'bad-order-code': 'unknown-ticket',
	'bad-name': 'wrong-name',
	'rate-limited': 'rate-limited',
	// A lockout reply like the one above: it never counts against the user.
	'in-flight': 'rate-limited',
	'unknown-ticket': 'unknown-ticket',
	'wrong-name': 'wrong-name',
	'not-usable': 'not-valid',
	'no-roles': 'not-valid',
	'held-by-other': 'held-by-other',
	'roles-missing': 'error',
	'discord-refused': 'discord-refused',
	'pretix-unavailable': 'error',
	'storage-unavailable': 'error'
};

/**
 * The one way to registration. The form, an organizer's `/registration register`, a rejoin and a restart's repair all
 * end in the same role queue: admit (members only) → lookup → atomic claim → a place in line → record. Discord's member
 * bucket, not the ticket check, sets the pace of the roles (RoleGrants); a claim whose roles Discord refuses is rolled
 * back there, so the ledger never says someone holds a ticket they cannot use.
 */
export class RegistrationFlow {
	public constructor(private readonly deps: RegistrationFlowDeps) {}

	/** A member's own form: one try at a time per member, within the attempt limit, every try recorded. */
	public async register(request: RegistrationRequest): Promise<RegistrationOutcome> {
		const { limiter, now } = this.deps;
		const admission = limiter.admit(request.userId, now());
		if (!admission.admitted) {
			const refused: RegistrationOutcome = admission.reason === 'in-flight' ? { kind: 'in-flight' } : { kind: 'rate-limited', retryAt: admission.retryAt };
			this.record(request, refused);
			return refused;
		}
		try {
			const outcome = await this.attempt(request, { source: 'self', now: now() });
			this.record(request, outcome);
			return outcome;
		} finally {
			// Released only after the record, so the user's next attempt is checked against this one.
			limiter.release(request.userId);
		}
	}

	/** An organizer registers someone by hand: no attempt limit, the claim carries who and why, and it goes first in line. */
	public registerFor(request: RegistrationRequest, requester: Requester): Promise<RegistrationOutcome> {
		return this.attempt(request, { source: 'organizer', actor: requester.actor, reason: requester.reason, now: this.deps.now() }, requester);
	}

	/** A registered member came back: the roles and nickname the ledger recorded wait in line like any other; null if they hold no ticket. */
	public restore(userId: string, roleNameOf: (roleId: string) => string | undefined): number | null {
		const plan = this.deps.ledger.restoreFor(userId);
		// Roles deleted from the server since are left out; a member with none left has nothing to restore.
		const roleIds = plan?.roles.filter((id) => roleNameOf(id) !== undefined) ?? [];
		if (!plan || !roleIds.length) return null;
		const tickets = this.deps.ledger.ticketsOf(userId).map(summaryOf);
		return this.enqueue({ purpose: 'rejoin', userId, roleIds, roleNames: roleIds.map((id) => roleNameOf(id)!), nickname: plan.nickname, tickets, ticketKeys: plan.ticketKeys, claimedKeys: [], again: true });
	}

	/**
	 * Claims a crash left between the claim and the roles (made before `before`, by an earlier run, and not in line) go
	 * back in line; the worker then gives the roles or releases the claim, as the interrupted attempt would have. A claim
	 * whose ticket type no longer maps to a role is released here.
	 */
	public resumeInterrupted(before: Date): { queued: number; released: RepairOutcome[] } {
		const { ledger, queue, now } = this.deps;
		const byUser = new Map<string, Registration[]>();
		for (const claim of ledger.unappliedClaims(before)) {
			if (queue.placeOf(claim.userId) === null) byUser.set(claim.userId, [...(byUser.get(claim.userId) ?? []), claim]);
		}
		const released: RepairOutcome[] = [];
		for (const [userId, claims] of byUser) {
			const keys = [...new Set(claims.map((claim) => claim.ticketKey))];
			const orderCodes = [...new Set(claims.map((claim) => claim.orderCode))];
			const roles = this.deps.rolesFor(claims);
			if (roles.unresolved.length || !roles.roleIds.length) {
				const detail = `no role to give (${roles.unresolved.join(', ') || 'unmapped'})`;
				ledger.release(keys, { actor: 'usher', reason: `restart repair: ${detail}`, now: now() });
				released.push({ kind: 'released', userId, orderCodes, why: 'no-roles', unresolved: roles.unresolved });
				continue;
			}
			const nickname = fitNickname(claims[0]!.attendeeName) || null;
			this.enqueue({ purpose: 'repair', userId, roleIds: roles.roleIds, roleNames: roles.roleNames, nickname, tickets: claims.map(summaryOf), ticketKeys: keys, claimedKeys: keys, again: false });
		}
		return { queued: byUser.size - released.length, released };
	}

	private record(request: RegistrationRequest, outcome: RegistrationOutcome): void {
		const orderCode = 'orderCode' in outcome ? outcome.orderCode : 'tickets' in outcome ? outcome.tickets[0]?.orderCode : undefined;
		try {
			this.deps.limiter.record(request.userId, attemptResults[outcome.kind], { orderCode: orderCode ?? request.orderInput, name: request.nameInput, note: outcome.kind }, this.deps.now());
		} catch (error) {
			// The attempt log is bookkeeping: when the disk refuses it, the member still gets the answer already decided.
			if (!isStorageFailure(error)) throw error;
		}
	}

	private async attempt({ userId, orderInput, nameInput }: RegistrationRequest, claimAs: ClaimOptions, requester: Requester | null = null): Promise<RegistrationOutcome> {
		const { finder, ledger, now } = this.deps;
		const orderCode = normalizeOrderCode(orderInput);
		if (!orderCode) return { kind: 'bad-order-code' };
		if (!normalizeName(nameInput)) return { kind: 'bad-name' };

		let tickets: Ticket[];
		try {
			tickets = await finder.lookupOrFetch(orderInput, nameInput);
		} catch (error) {
			if (error instanceof PretixError) return { kind: 'pretix-unavailable', orderCode };
			// A cache miss stores pretix's answer; a database that refuses it refuses this registration too.
			// An organizer's command answers a storage failure through the command error listener, which names the cause.
			if (isStorageFailure(error) && !requester) return { kind: 'storage-unavailable', detail: errorText(error) };
			throw error;
		}
		if (!tickets.length) {
			const miss = finder.explainMiss(orderInput, nameInput);
			if (miss === 'unknown-order') return { kind: 'unknown-ticket', orderCode };
			if (miss === 'unknown-name') return { kind: 'wrong-name', orderCode };
			return { kind: 'not-usable', orderCode, refusal: miss };
		}

		const roles = this.deps.rolesFor(tickets);
		if (roles.unresolved.length) return { kind: 'roles-missing', tickets, unresolved: roles.unresolved };
		if (!roles.roleIds.length) return { kind: 'no-roles', tickets };

		let claim: ClaimResult;
		try {
			// Record first: a claim the database refuses must never turn into roles nobody can account for.
			claim = ledger.claim(userId, tickets, claimAs);
		} catch (error) {
			// An organizer's command answers a storage failure through the command error listener, which names the cause.
			if (isStorageFailure(error) && !requester) return { kind: 'storage-unavailable', detail: errorText(error) };
			throw error;
		}
		if (!claim.ok) return { kind: 'held-by-other', tickets, holderId: claim.holderId };

		const nickname = fitNickname(tickets[0]!.attendeeName) || null;
		let place: number;
		try {
			// The claim is the promise; the queue row is the work. A member already waiting keeps their place.
			place = this.enqueue({
				purpose: requester ? 'organizer' : 'self',
				requestedBy: requester,
				userId,
				roleIds: roles.roleIds,
				roleNames: roles.roleNames,
				nickname,
				tickets: tickets.map(summaryOf),
				ticketKeys: tickets.map(positionKey),
				claimedKeys: claim.claimed,
				again: claim.alreadyRegistered
			});
		} catch (error) {
			if (!isStorageFailure(error)) throw error;
			if (claim.claimed.length) ledger.release(claim.claimed, { actor: 'usher', reason: 'the role queue could not be written', now: now() });
			if (requester) throw error;
			return { kind: 'storage-unavailable', detail: errorText(error) };
		}
		return { kind: 'queued', tickets, roleNames: roles.roleNames, nickname, again: claim.alreadyRegistered, place };
	}

	private enqueue(job: NewRoleJob): number {
		const place = this.deps.queue.enqueue(job, this.deps.now());
		this.deps.onQueued();
		return place;
	}
}

function summaryOf({ orderCode, positionId, itemName, variationName, attendeeName }: TicketSummary): TicketSummary {
	return { orderCode, positionId, itemName, variationName, attendeeName };
}
