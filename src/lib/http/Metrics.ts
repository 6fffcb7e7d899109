import type { RoleQueueStatus } from '#lib/registration/RoleGrants';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ATTEMPT_RESULTS, type AttemptResult } from '#lib/registration/AttemptLimiter';
import type { HttpResponse, RouteHandler } from './BotHttpServer';

export interface MetricsSources {
	/** Seconds since the last successful pretix sync; null before the first one. */
	pretixSyncAgeSeconds: () => number | null;
	/** Gateway heartbeat round trip in milliseconds (`client.ws.ping`); null while disconnected. */
	gatewayLatencyMs: () => number | null;
	/** Members waiting for their roles (registration enabled only). */
	roleQueue?: () => RoleQueueStatus;
}

export interface MetricsOptions {
	/** Process metrics (CPU, memory, event loop lag) from prom-client; off in tests. */
	processMetrics?: boolean;
}

/** The bot's Prometheus metrics in their own registry, so nothing else in the process can leak into /metrics. */
export class Metrics {
	public readonly registry = new Registry();
	private readonly registrations;
	private readonly pretixSyncDuration;
	private readonly notificationsPosted;
	private readonly notificationsLate;
	private readonly discordRestErrors;
	private readonly discordRateLimits;

	public constructor(sources: MetricsSources, options: MetricsOptions = {}) {
		const registers = [this.registry];
		this.registrations = new Counter({
			name: 'usher_registrations_total',
			help: 'Registration attempts by result.',
			labelNames: ['result'] as const,
			registers
		});
		// Start every result at zero so rate() works from the first scrape.
		for (const result of ATTEMPT_RESULTS) this.registrations.inc({ result }, 0);
		this.pretixSyncDuration = new Histogram({
			name: 'usher_pretix_sync_duration_seconds',
			help: 'Duration of pretix syncs.',
			buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
			registers
		});
		this.notificationsPosted = new Counter({ name: 'usher_notifications_posted_total', help: 'Programme notifications posted.', registers });
		this.notificationsLate = new Counter({
			name: 'usher_notifications_late_total',
			help: 'Programme notifications posted after their planned time.',
			registers
		});
		this.discordRestErrors = new Counter({
			name: 'usher_discord_rest_errors_total',
			help: 'Discord REST requests that failed, by HTTP status.',
			labelNames: ['status'] as const,
			registers
		});
		this.discordRateLimits = new Counter({
			name: 'usher_discord_rate_limits_total',
			help: 'Discord rate-limit hits, by scope.',
			labelNames: ['scope'] as const,
			registers
		});
		new Gauge({
			name: 'usher_pretix_sync_age_seconds',
			help: 'Seconds since the last successful pretix sync (NaN before the first).',
			registers,
			collect() {
				this.set(sources.pretixSyncAgeSeconds() ?? Number.NaN);
			}
		});
		new Gauge({
			name: 'usher_gateway_latency_seconds',
			help: 'Discord gateway heartbeat round trip (NaN while disconnected).',
			registers,
			collect() {
				const latency = sources.gatewayLatencyMs();
				this.set(latency === null ? Number.NaN : latency / 1000);
			}
		});
		const { roleQueue } = sources;
		if (roleQueue) {
			new Gauge({
				name: 'usher_role_queue_depth',
				help: 'Members whose ticket is confirmed and who wait for Discord to take their roles.',
				registers,
				collect() {
					this.set(roleQueue().waiting);
				}
			});
			new Gauge({
				name: 'usher_role_queue_wait_seconds',
				help: 'Expected seconds until the last member in the role queue has their roles.',
				registers,
				collect() {
					this.set(roleQueue().etaSeconds);
				}
			});
		}
		if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'usher_' });
	}

	public registration(result: AttemptResult): void {
		this.registrations.inc({ result });
	}

	public pretixSynced(durationSeconds: number): void {
		this.pretixSyncDuration.observe(durationSeconds);
	}

	public notificationPosted(late: boolean): void {
		this.notificationsPosted.inc();
		if (late) this.notificationsLate.inc();
	}

	public discordRestError(status: number): void {
		this.discordRestErrors.inc({ status: String(status) });
	}

	public discordRateLimited(global: boolean): void {
		this.discordRateLimits.inc({ scope: global ? 'global' : 'route' });
	}

	/** Route handler for `GET /metrics`. */
	public readonly handler: RouteHandler = async (): Promise<HttpResponse> => ({
		status: 200,
		headers: { 'content-type': this.registry.contentType },
		body: await this.registry.metrics()
	});
}
