import type { Session } from '#lib/programme/Session';

const DAY_MS = 86_400_000;

export interface RetentionInput {
	/** The merged programme as last fetched. */
	sessions: readonly Session[];
	/** True once a programme has come from the source (now or in an earlier run's saved copy). */
	fetched: boolean;
	/** A rehearsal (`[programme] simulated_start`) runs against the same database as the live conference. */
	rehearsal: boolean;
	retentionDays: number;
	/** Work that still runs after the last session (Q&A summaries and archives) needs its data until at least this long after. */
	minimumAfterEndMs?: number;
	/** Real time: the rule is about the real conference, never a rehearsal's clock. */
	now: Date;
}

export type RetentionDecision =
	| { kind: 'no-programme' }
	| { kind: 'rehearsal' }
	| { kind: 'keep'; deleteFrom: Date }
	| { kind: 'delete'; deleteFrom: Date };

/** When members' personal data goes: `retentionDays` after the last session's end, never without a programme or in a rehearsal. */
export function retentionDecision(input: RetentionInput): RetentionDecision {
	if (input.rehearsal) return { kind: 'rehearsal' };
	// An outage or a first start without a saved copy leaves no programme: its "last session" would be no date at all.
	if (!input.fetched || input.sessions.length === 0) return { kind: 'no-programme' };
	const lastEnd = Math.max(...input.sessions.map((session) => session.end.getTime()));
	const deleteFrom = new Date(lastEnd + Math.max(input.retentionDays * DAY_MS, input.minimumAfterEndMs ?? 0));
	return input.now.getTime() >= deleteFrom.getTime() ? { kind: 'delete', deleteFrom } : { kind: 'keep', deleteFrom };
}
