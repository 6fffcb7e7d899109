import type { ConnectionOptions } from 'bullmq';

/** Turns `redis://user:pass@host:port/db` into the ioredis options BullMQ takes. */
export function redisConnectionOptions(url: string): ConnectionOptions {
	const parsed = new URL(url);
	return {
		host: parsed.hostname || '127.0.0.1',
		port: parsed.port ? Number(parsed.port) : 6379,
		username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
		password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
		db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
		tls: parsed.protocol === 'rediss:' ? {} : undefined,
		// BullMQ workers need blocking commands to wait forever rather than fail after a retry count.
		maxRetriesPerRequest: null
	};
}
