import { fitNickname, type MemberApplier } from './applyToMember';
import type { ClaimLedger, Registration } from './ClaimLedger';
import type { ResolvedRoles } from './RegistrationFlow';
import type { Ticket } from './Ticket';

export interface ClaimRepairDeps {
	ledger: ClaimLedger;
	rolesFor(tickets: readonly Pick<Ticket, 'itemName' | 'variationName'>[]): ResolvedRoles;
	/** The member's applier, or null when Discord says they are not a member. Other errors throw. */
	memberOf(userId: string): Promise<MemberApplier | null>;
	/** Members waiting in the role queue: the queue finishes theirs. */
	isQueued(userId: string): boolean;
	now(): Date;
}

export type RepairOutcome =
	| { kind: 'reapplied'; userId: string; orderCodes: string[]; roleNames: string[] }
	| { kind: 'released'; userId: string; orderCodes: string[]; why: 'left-server' | 'no-roles' | 'discord-refused'; detail: string }
	| { kind: 'kept'; userId: string; orderCodes: string[]; detail: string };

/**
 * Finishes registrations a crash interrupted between the claim and the role grant. The claim is the record, so the
 * member either gets what it promises (they are still here and Discord accepts) or it is released (they left, the
 * roles are gone, or Discord refuses), which is exactly what a completed or rolled-back attempt would have left.
 * Transient failures keep the claim for the next start, and the member's own retry finishes it anyway.
 */
export class ClaimRepair {
	public constructor(private readonly deps: ClaimRepairDeps) {}

	public async repair(before: Date): Promise<RepairOutcome[]> {
		const byUser = new Map<string, Registration[]>();
		for (const claim of this.deps.ledger.unappliedClaims(before)) {
			if (!this.deps.isQueued(claim.userId)) byUser.set(claim.userId, [...(byUser.get(claim.userId) ?? []), claim]);
		}
		const outcomes: RepairOutcome[] = [];
		for (const [userId, claims] of byUser) outcomes.push(await this.repairOne(userId, claims));
		return outcomes;
	}

	private async repairOne(userId: string, claims: Registration[]): Promise<RepairOutcome> {
		const { ledger, now } = this.deps;
		const orderCodes = [...new Set(claims.map((claim) => claim.orderCode))];
		const keys = [...new Set(claims.map((claim) => claim.ticketKey))];
		const release = (why: 'left-server' | 'no-roles' | 'discord-refused', detail: string): RepairOutcome => {
			ledger.release(keys, { actor: 'usher', reason: `restart repair: ${detail}`, now: now() });
			return { kind: 'released', userId, orderCodes, why, detail };
		};
		let apply: MemberApplier | null;
		try {
			apply = await this.deps.memberOf(userId);
		} catch (error) {
			return { kind: 'kept', userId, orderCodes, detail: error instanceof Error ? error.message : String(error) };
		}
		if (!apply) return release('left-server', 'the member is not in the server');
		const roles = this.deps.rolesFor(claims);
		if (roles.unresolved.length || !roles.roleIds.length) return release('no-roles', `no role to give (${roles.unresolved.join(', ') || 'unmapped'})`);
		const nickname = fitNickname(claims[0]!.attendeeName) || null;
		const applied = await apply(roles.roleIds, nickname);
		if (!applied.ok) {
			if (applied.reason === 'error') return { kind: 'kept', userId, orderCodes, detail: applied.detail };
			return release(applied.reason === 'unknown-member' ? 'left-server' : 'discord-refused', applied.detail);
		}
		ledger.setAppliedRoles(userId, keys, roles.roleIds, applied.nicknameSet ? nickname : null, now());
		return { kind: 'reapplied', userId, orderCodes, roleNames: roles.roleNames };
	}
}
