import { container } from '@sapphire/framework';
import { Status } from 'discord.js';
import type { BotConfig } from '#lib/config/schema';
import { BotHttpServer } from '#lib/http/BotHttpServer';
import { HealthCheck, sqliteWriteProbe, type HealthProbes } from '#lib/http/HealthCheck';
import { Metrics } from '#lib/http/Metrics';
import { pretixWebhookRoute } from '#lib/http/pretixWebhookRoute';
import { SyncWatch } from '#lib/http/SyncWatch';
import type { SyncReport } from '#lib/pretix/TicketSync';
import { maskOrderCode } from '#lib/registration/privacy';
import { errorText } from '#lib/errorText';


/**
 * Metrics and sync freshness always exist (features report into them); the HTTP server with /metrics, /healthz and
 * the pretix webhook only runs when `[http] enabled`. It starts at once, so /healthz answers 503 until the gateway is up.
 */
export function installHttp(config: BotConfig): void {
	container.syncs = new SyncWatch();
	container.metrics = new Metrics(
		{
			pretixSyncAgeSeconds: () => container.syncs.ageSeconds('pretix', container.now()),
			gatewayLatencyMs: () => (container.client.ws.status === Status.Ready && container.client.ws.ping >= 0 ? container.client.ws.ping : null),
			...(config.registration.enabled ? { roleQueue: () => container.roleGrants.status() } : {})
		},
		{ processMetrics: config.http.enabled }
	);
	if (!config.http.enabled) return;

	const server = new BotHttpServer({
		port: config.http.port,
		host: config.http.host,
		onError: (error, request) => container.logger.error(`HTTP ${request.method} ${request.path} failed: ${errorText(error)}`)
	});
	server.route('GET', '/metrics', container.metrics.handler);
	server.route('GET', '/healthz', healthCheck(config).handler);
	const webhookSecret = config.secrets.pretixWebhookSecret;
	// loadConfig refuses `pretix.webhook.enabled` without PRETIX_WEBHOOK_SECRET, so an enabled webhook has its secret.
	if (config.pretix.webhook.enabled && config.registration.enabled && webhookSecret) {
		server.route(
			'POST',
			config.pretix.webhook.path,
			pretixWebhookRoute({
				organizer: config.pretix.organizer,
				event: config.pretix.event,
				secret: webhookSecret,
				onOrderChanged: async (code) => {
					await container.ticketSync.refreshOrder(code);
					container.logger.info(`pretix webhook: order ${maskOrderCode(code)} refreshed`);
				},
				onError: (error) => container.logger.warn(`pretix webhook: refreshing the order failed: ${errorText(error)}`)
			})
		);
	}
	void server.start().then(
		(address) => container.logger.info(`HTTP server listening on http://${address.address}:${address.port}`),
		(error: unknown) => container.logger.error(`HTTP server could not start on ${config.http.host}:${config.http.port}: ${errorText(error)}`)
	);
	container.shutdown.add('http server', () => server.close());
}

/** Feeds a pretix sync report into metrics and /healthz; single-order refreshes say nothing about the list sync's age. */
export function observePretixSync(report: SyncReport): void {
	if (report.kind !== 'full' && report.kind !== 'incremental') return;
	container.syncs.record('pretix', new Date(report.at));
	container.metrics.pretixSynced(report.durationMs / 1000);
}

function healthCheck(config: BotConfig): HealthCheck {
	const probes: HealthProbes = {
		gateway: () => container.client.ws.status === Status.Ready,
		redis: async () => {
			const redis = await container.tasks.client.client;
			// ioredis queues commands while disconnected; a ping then would only time out.
			return redis.status === 'ready' && (await redis.ping()) === 'PONG';
		},
		sqlite: sqliteWriteProbe(container.db, container.now),
		...(config.registration.enabled ? { roleQueue: () => container.roleGrants.status() } : {})
	};
	if (config.registration.enabled) probes.pretixSyncAge = () => container.syncs.ageSeconds('pretix', container.now());
	if (config.programme.enabled) probes.pretalxSyncAge = () => container.syncs.ageSeconds('pretalx', container.now());
	// A sync counts as stale after three missed refreshes.
	return new HealthCheck(probes, {
		pretixMaxAgeSeconds: config.pretix.refresh_minutes * 60 * 3,
		pretalxMaxAgeSeconds: config.programme.refresh_minutes * 60 * 3,
		probeTimeoutMs: 1500
	});
}
