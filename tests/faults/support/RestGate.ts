import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a matching request is held: before Discord sees it, or after Discord acted but before the bot hears back. */
export type HoldStage = 'request' | 'response';

interface Hold {
	pattern: RegExp;
	stage: HoldStage;
	held: () => void;
}

/**
 * A loopback proxy in front of the Discord stand-in's REST API that can hold one chosen request, so a test can kill the
 * bot in the exact gap it wants (claim written but roles not sent; roles given but not recorded; reply not sent).
 * Held exchanges are never completed: the bot process dies with them.
 */
export class RestGate {
	public readonly restUrl: string;
	readonly #holds: Hold[] = [];
	readonly #parked: ServerResponse[] = [];

	private constructor(
		private readonly server: Server,
		private readonly target: URL
	) {
		this.restUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
		server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.#forward(req, res));
	}

	/** Proxies to `targetRestUrl` (the stand-in's `…/api`). */
	public static async start(targetRestUrl: string): Promise<RestGate> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new RestGate(server, new URL(targetRestUrl));
	}

	/** Resolves once the next request whose `METHOD /path` matches is held at `stage`. */
	public holdNext(pattern: RegExp, stage: HoldStage): Promise<void> {
		return new Promise((held) => this.#holds.push({ pattern, stage, held }));
	}

	/** Forgets holds that never matched and drops held exchanges (their bot is gone). */
	public reset(): void {
		this.#holds.length = 0;
		for (const res of this.#parked.splice(0)) res.destroy();
	}

	public async close(): Promise<void> {
		this.reset();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	async #forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const path = (req.url ?? '/').replace(/^\/api/, '');
		const hold = this.#takeHold(`${req.method} ${path.replace(/^\/v\d+/, '').split('?')[0]}`);
		if (hold?.stage === 'request') return this.#park(res, hold);
		const headers = { ...req.headers, host: this.target.host };
		const upstream = request({ host: this.target.hostname, port: this.target.port, method: req.method, path: `${this.target.pathname}${path}`, headers });
		upstream.on('error', () => res.destroy());
		upstream.on('response', async (answer) => {
			const body: Buffer[] = [];
			for await (const chunk of answer) body.push(chunk as Buffer);
			if (hold?.stage === 'response') return this.#park(res, hold);
			res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(body));
		});
		upstream.end(Buffer.concat(chunks));
	}

	#takeHold(call: string): Hold | undefined {
		const index = this.#holds.findIndex((hold) => hold.pattern.test(call));
		return index === -1 ? undefined : this.#holds.splice(index, 1)[0];
	}

	#park(res: ServerResponse, hold: Hold): void {
		this.#parked.push(res);
		hold.held();
	}
}
