import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/** A throwaway redis-server on a free loopback port that keeps nothing on disk; never touches anyone's Redis. */
export class ThrowawayRedis {
	private constructor(private readonly process: ChildProcess, public readonly port: number) {}

	public get url(): string {
		return `redis://127.0.0.1:${this.port}`;
	}

	public static async start(port?: number): Promise<ThrowawayRedis> {
		const binary = findRedisServer();
		const chosen = port ?? (await freePort());
		const child = spawn(binary, ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
			stdio: 'ignore'
		});
		const redis = new ThrowawayRedis(child, chosen);
		await waitForPort(chosen, 5000);
		return redis;
	}

	/** Kills it like a crash would (SIGKILL), for fault tests; `start(port)` brings one back on the same port. */
	public async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		if (this.process.exitCode !== null || this.process.signalCode !== null) return;
		await new Promise<void>((resolve) => {
			this.process.once('exit', () => resolve());
			this.process.kill(signal);
		});
	}
}

export function findRedisServer(): string {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	if (!found) throw new Error('redis-server is not installed. On Debian: sudo apt-get install -y redis-server (the tests start their own on a free port).');
	return found;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const ok = await new Promise<boolean>((resolve) => {
			const socket = createConnection({ port, host: '127.0.0.1' }, () => {
				socket.write('PING\r\n');
			});
			socket.once('data', (data) => {
				socket.destroy();
				resolve(data.toString().startsWith('+PONG'));
			});
			socket.once('error', () => resolve(false));
		});
		if (ok) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}
