/** How long a tally waits for the last handler's verdict; Sapphire asks them all within one event loop turn or two. */
const TALLY_MS = 10_000;

/**
 * Counts the interaction handlers that passed on an interaction. When every handler that could take it passed, no
 * handler will answer it (a button from a feature since turned off, or a post from an older usher), and the caller does.
 */
export class UnclaimedInteractions {
	private readonly passes = new Map<string, { count: number; at: number }>();

	/** One handler passed; true once all `applicable` handlers have, exactly once per interaction. */
	public passed(interactionId: string, applicable: number, now = Date.now()): boolean {
		// Tallies are kept in the order they began, so the stale ones are at the front: the hot path touches only those.
		for (const [id, tally] of this.passes) {
			if (now - tally.at <= TALLY_MS) break;
			this.passes.delete(id);
		}
		const count = (this.passes.get(interactionId)?.count ?? 0) + 1;
		if (count < applicable) {
			this.passes.set(interactionId, { count, at: this.passes.get(interactionId)?.at ?? now });
			return false;
		}
		this.passes.delete(interactionId);
		return count === applicable;
	}
}
