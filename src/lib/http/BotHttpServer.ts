import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

export interface HttpResponse {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

export type RouteHandler = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface BotHttpServerOptions {
	port: number;
	/** Loopback by default: metrics and health are for a local scraper or reverse proxy, not the internet. */
	host?: string;
	/** Larger bodies get 413; pretix webhook payloads are a few hundred bytes. */
	maxBodyBytes?: number;
	/** Called with a handler's exception (the client only sees a generic 500). */
	onError?: (error: unknown, request: { method: string; path: string }) => void;
}

export function jsonResponse(status: number, value: unknown): HttpResponse {
	return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** Minimal HTTP server with an exact-match route table, for /metrics, /healthz and webhooks. Not started until `start()`. */
export class BotHttpServer {
	private readonly routes = new Map<string, Map<string, RouteHandler>>();
	private readonly server: Server;
	private readonly maxBodyBytes: number;

	public constructor(private readonly options: BotHttpServerOptions) {
		this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
		this.server = createServer((request, response) => void this.handle(request, response));
	}

	public route(method: string, path: string, handler: RouteHandler): this {
		const byMethod = this.routes.get(path) ?? new Map<string, RouteHandler>();
		if (byMethod.has(method.toUpperCase())) throw new Error(`Route ${method.toUpperCase()} ${path} is already mounted`);
		byMethod.set(method.toUpperCase(), handler);
		this.routes.set(path, byMethod);
		return this;
	}

	public start(): Promise<AddressInfo> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve(this.server.address() as AddressInfo);
			});
		});
	}

	/** Stops accepting connections, drops idle keep-alive sockets and resolves once in-flight requests have finished. */
	public close(): Promise<void> {
		if (!this.server.listening) return Promise.resolve();
		return new Promise((resolve, reject) => {
			this.server.close((error) => (error ? reject(error) : resolve()));
			this.server.closeIdleConnections();
		});
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const method = request.method ?? 'GET';
		const byMethod = this.routes.get(url.pathname);
		const handler = byMethod?.get(method);
		if (!byMethod) return this.send(response, jsonResponse(404, { error: 'not found' }));
		if (!handler) {
			const reply = jsonResponse(405, { error: 'method not allowed' });
			return this.send(response, { ...reply, headers: { ...reply.headers, allow: [...byMethod.keys()].join(', ') } });
		}
		let body: Buffer | null;
		try {
			body = await this.readBody(request);
		} catch {
			// The client went away mid-body; nobody is left to answer.
			response.destroy();
			return;
		}
		if (!body) {
			const reply = jsonResponse(413, { error: 'payload too large' });
			return this.send(response, { ...reply, headers: { ...reply.headers, connection: 'close' } });
		}
		try {
			this.send(response, await handler({ method, path: url.pathname, query: url.searchParams, headers: request.headers, body }));
		} catch (error) {
			this.options.onError?.(error, { method, path: url.pathname });
			this.send(response, jsonResponse(500, { error: 'internal error' }));
		}
	}

	/** The body, or null once it grows past the limit (the rest is not buffered). */
	private readBody(request: IncomingMessage): Promise<Buffer | null> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			let size = 0;
			request.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > this.maxBodyBytes) {
					request.removeAllListeners('data');
					request.resume();
					resolve(null);
					return;
				}
				chunks.push(chunk);
			});
			request.on('end', () => resolve(Buffer.concat(chunks)));
			request.on('error', reject);
		});
	}

	private send(response: ServerResponse, reply: HttpResponse): void {
		if (response.headersSent) return;
		response.writeHead(reply.status, reply.headers);
		response.end(reply.body);
	}
}
