export type SyncSource = 'pretix' | 'pretalx';

/** When each upstream last synced successfully, for /healthz and /metrics; the sync code reports, the probes read. */
export class SyncWatch {
	private readonly last = new Map<SyncSource, Date>();

	public record(source: SyncSource, at: Date): void {
		this.last.set(source, at);
	}

	/** Seconds since the last successful sync, or null before the first one. */
	public ageSeconds(source: SyncSource, now: Date): number | null {
		const at = this.last.get(source);
		return at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : null;
	}
}
