import type { RoleQueueStatus } from '#lib/registration/RoleGrants';
import type { SqliteDatabase } from '#lib/store/Database';
import { jsonResponse, type HttpResponse, type RouteHandler } from './BotHttpServer';

/** Each probe is optional: a service the deployment does not use is simply not checked. */
export interface HealthProbes {
	gateway?: () => boolean;
	redis?: () => Promise<boolean>;
	sqlite?: () => boolean;
	/** Seconds since the last successful sync; null before the first one. */
	pretixSyncAge?: () => number | null;
	pretalxSyncAge?: () => number | null;
	/** Reported, never unhealthy: a long line on a rush morning is Discord's pace, not a fault. */
	roleQueue?: () => RoleQueueStatus;
}

export interface HealthThresholds {
	pretixMaxAgeSeconds: number;
	pretalxMaxAgeSeconds: number;
	/** A probe that takes longer counts as failed (a hung Redis must not hang the health endpoint). */
	probeTimeoutMs: number;
}

export interface CheckResult {
	ok: boolean;
	ageSeconds?: number | null;
	error?: string;
	waiting?: number;
	etaSeconds?: number;
}

export interface HealthReport {
	ok: boolean;
	checks: Record<string, CheckResult>;
}

export const defaultHealthThresholds: HealthThresholds = { pretixMaxAgeSeconds: 15 * 60, pretalxMaxAgeSeconds: 30 * 60, probeTimeoutMs: 2000 };

/** Composes the probes into one report; healthy only if every configured probe passes. */
export class HealthCheck {
	private readonly thresholds: HealthThresholds;

	public constructor(
		private readonly probes: HealthProbes,
		thresholds: Partial<HealthThresholds> = {}
	) {
		this.thresholds = { ...defaultHealthThresholds, ...thresholds };
	}

	public async run(): Promise<HealthReport> {
		const checks: Record<string, CheckResult> = {};
		const { gateway, redis, sqlite, pretixSyncAge, pretalxSyncAge } = this.probes;
		if (gateway) checks.gateway = await this.probe(async () => gateway());
		if (redis) checks.redis = await this.probe(redis);
		if (sqlite) checks.sqlite = await this.probe(async () => sqlite());
		if (pretixSyncAge) checks.pretixSync = this.freshness(pretixSyncAge, this.thresholds.pretixMaxAgeSeconds);
		if (pretalxSyncAge) checks.pretalxSync = this.freshness(pretalxSyncAge, this.thresholds.pretalxMaxAgeSeconds);
		if (this.probes.roleQueue) checks.roleQueue = { ok: true, ...this.probes.roleQueue() };
		return { ok: Object.values(checks).every((check) => check.ok), checks };
	}

	/** Route handler for `GET /healthz`: 200 when healthy, 503 otherwise, with the report as JSON either way. */
	public readonly handler: RouteHandler = async (): Promise<HttpResponse> => {
		const report = await this.run();
		return jsonResponse(report.ok ? 200 : 503, report);
	};

	private async probe(check: () => Promise<boolean>): Promise<CheckResult> {
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<CheckResult>((resolve) => {
			timer = setTimeout(() => resolve({ ok: false, error: 'timed out' }), this.thresholds.probeTimeoutMs);
		});
		try {
			// Errors are reduced to a fixed text: probe messages may carry connection strings.
			const outcome = check().then(
				(ok): CheckResult => ({ ok }),
				(): CheckResult => ({ ok: false, error: 'probe failed' })
			);
			return await Promise.race([outcome, timeout]);
		} catch {
			return { ok: false, error: 'probe failed' };
		} finally {
			clearTimeout(timer);
		}
	}

	private freshness(age: () => number | null, maxAgeSeconds: number): CheckResult {
		const ageSeconds = age();
		if (ageSeconds === null) return { ok: false, ageSeconds, error: 'never synced' };
		return ageSeconds <= maxAgeSeconds ? { ok: true, ageSeconds } : { ok: false, ageSeconds, error: 'stale' };
	}
}

/** SQLite probe that proves the file is writable (a full disk or a lost lock fails a write, not a read). */
export function sqliteWriteProbe(db: SqliteDatabase, now: () => Date = () => new Date()): () => boolean {
	const write = db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET at = excluded.at');
	return () => {
		try {
			write.run(now().toISOString());
			return true;
		} catch {
			return false;
		}
	};
}
