import { expect } from 'chai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { BotHttpServer } from '#lib/http/BotHttpServer';
import { HealthCheck, sqliteWriteProbe, type HealthReport } from '#lib/http/HealthCheck';
import { Metrics } from '#lib/http/Metrics';
import { openDatabase } from '#lib/store/Database';

describe('http/Metrics and HealthCheck over HTTP', () => {
	let server: BotHttpServer;
	let base: string;
	afterEach(() => server.close());

	async function serve(mount: (server: BotHttpServer) => void): Promise<void> {
		server = new BotHttpServer({ port: 0 });
		mount(server);
		base = `http://127.0.0.1:${(await server.start()).port}`;
	}

	it('exposes counters, gauges and the sync histogram in Prometheus text format', async () => {
		let syncAge: number | null = null;
		const metrics = new Metrics({ pretixSyncAgeSeconds: () => syncAge, gatewayLatencyMs: () => 42 }, { processMetrics: false });
		await serve((s) => s.route('GET', '/metrics', metrics.handler));
		metrics.registration('success');
		metrics.registration('success');
		metrics.registration('wrong-name');
		metrics.pretixSynced(0.3);
		metrics.pretixSynced(4);
		metrics.notificationPosted(false);
		metrics.notificationPosted(true);
		metrics.discordRestError(403);
		metrics.discordRateLimited(false);

		const scrape = async () => {
			const response = await fetch(`${base}/metrics`);
			expect(response.headers.get('content-type')).to.match(/^text\/plain/);
			return new Map(parsePrometheusTextFormat(await response.text()).map((family) => [family.name, family]));
		};
		let families = await scrape();
		const registrations = families.get('usher_registrations_total')!.metrics;
		const byResult = Object.fromEntries(registrations.map((sample) => [sample.labels!.result, Number(sample.value)]));
		expect(byResult).to.include({ success: 2, 'wrong-name': 1, 'held-by-other': 0 });
		const duration = families.get('usher_pretix_sync_duration_seconds')!.metrics[0];
		expect(Number(duration.count)).to.equal(2);
		expect(Number(duration.buckets!['0.5'])).to.equal(1);
		expect(Number(duration.buckets!['5'])).to.equal(2);
		expect(Number(families.get('usher_notifications_posted_total')!.metrics[0].value)).to.equal(2);
		expect(Number(families.get('usher_notifications_late_total')!.metrics[0].value)).to.equal(1);
		expect(families.get('usher_discord_rest_errors_total')!.metrics[0]).to.deep.include({ labels: { status: '403' }, value: '1' });
		expect(families.get('usher_discord_rate_limits_total')!.metrics[0]).to.deep.include({ labels: { scope: 'route' } });
		expect(Number(families.get('usher_gateway_latency_seconds')!.metrics[0].value)).to.equal(0.042);
		expect(Number.isNaN(Number(families.get('usher_pretix_sync_age_seconds')!.metrics[0].value))).to.equal(true);

		syncAge = 12;
		families = await scrape();
		expect(Number(families.get('usher_pretix_sync_age_seconds')!.metrics[0].value)).to.equal(12);
		expect([...families.keys()].every((name) => name.startsWith('usher_'))).to.equal(true);
	});

	it('adds process metrics when asked, in its own registry', async () => {
		const metrics = new Metrics({ pretixSyncAgeSeconds: () => null, gatewayLatencyMs: () => null });
		const names = parsePrometheusTextFormat(await metrics.registry.metrics()).map((family) => family.name);
		expect(names).to.include('usher_process_cpu_user_seconds_total');
	});

	it('flips /healthz between 200 and 503 as a probe flips', async () => {
		let gatewayUp = true;
		const health = new HealthCheck({ gateway: () => gatewayUp, pretixSyncAge: () => 30 });
		await serve((s) => s.route('GET', '/healthz', health.handler));
		const get = async () => {
			const response = await fetch(`${base}/healthz`);
			return { status: response.status, report: (await response.json()) as HealthReport };
		};
		expect(await get()).to.deep.equal({ status: 200, report: { ok: true, checks: { gateway: { ok: true }, pretixSync: { ok: true, ageSeconds: 30 } } } });
		gatewayUp = false;
		const down = await get();
		expect(down.status).to.equal(503);
		expect(down.report.checks.gateway).to.deep.equal({ ok: false });
		gatewayUp = true;
		expect((await get()).status).to.equal(200);
	});

	it('fails stale or never-run syncs, hung or throwing probes, without leaking error text', async () => {
		const health = new HealthCheck(
			{
				redis: () => new Promise<boolean>(() => undefined),
				sqlite: () => {
					throw new Error('SQLITE_FULL at /secret/path');
				},
				pretixSyncAge: () => 901,
				pretalxSyncAge: () => null
			},
			{ pretixMaxAgeSeconds: 900, probeTimeoutMs: 50 }
		);
		const report = await health.run();
		expect(report).to.deep.equal({
			ok: false,
			checks: {
				redis: { ok: false, error: 'timed out' },
				sqlite: { ok: false, error: 'probe failed' },
				pretixSync: { ok: false, ageSeconds: 901, error: 'stale' },
				pretalxSync: { ok: false, ageSeconds: null, error: 'never synced' }
			}
		});
	});

	it('probes SQLite with a real write and fails once the database is gone', () => {
		const db = openDatabase(':memory:');
		const probe = sqliteWriteProbe(db, () => new Date('2026-07-13T08:45:00Z'));
		expect(probe()).to.equal(true);
		expect(db.prepare('SELECT at FROM health_probe').pluck().all()).to.deep.equal(['2026-07-13T08:45:00.000Z']);
		db.close();
		expect(probe()).to.equal(false);
	});
});
