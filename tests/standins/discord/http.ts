import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, RateLimitPolicy, Reply, RequestHolds } from './faults';
import type { BodyKind, SpecIssue, SpecMatch, SpecValidator } from './openapi';
import type { Clock } from './snowflake';

export interface UploadedFile {
	/** The multipart field, e.g. `files[0]`. */
	field: string;
	name: string;
	contentType?: string;
	data: Buffer;
}

export interface RecordedRequest {
	method: string;
	/** Path below /api/v10, e.g. `/channels/123/messages`. */
	path: string;
	/** The spec route it matched, e.g. `/channels/{channel_id}/messages`; null when the spec has no such route. */
	route: string | null;
	query: Record<string, string>;
	body: unknown;
	files: UploadedFile[];
	/** True when a valid `Authorization: Bot <token>` header came with it. */
	authorized: boolean;
	/** The `X-Audit-Log-Reason` header, decoded. */
	reason?: string;
	status: number;
	at: Date;
}

export interface RestCall {
	method: string;
	path: string;
	match: SpecMatch;
	params: Record<string, string>;
	query: URLSearchParams;
	body: any;
	files: UploadedFile[];
	reason?: string;
}

export type RestHandler = (call: RestCall) => Reply | Promise<Reply>;

/** A Discord JSON error (`{code, message}`) thrown by handlers and sent as-is. */
export class DiscordApiError extends Error {
	public constructor(
		public readonly status: number,
		public readonly code: number,
		message: string,
		public readonly errors?: unknown
	) {
		super(message);
	}
}

export const unknown = {
	channel: () => new DiscordApiError(404, 10003, 'Unknown Channel'),
	member: () => new DiscordApiError(404, 10007, 'Unknown Member'),
	message: () => new DiscordApiError(404, 10008, 'Unknown Message'),
	role: () => new DiscordApiError(404, 10011, 'Unknown Role'),
	user: () => new DiscordApiError(404, 10013, 'Unknown User'),
	webhook: () => new DiscordApiError(404, 10015, 'Unknown Webhook'),
	guild: () => new DiscordApiError(404, 10004, 'Unknown Guild'),
	command: () => new DiscordApiError(404, 10063, 'Unknown application command'),
	interaction: () => new DiscordApiError(404, 10062, 'Unknown interaction')
};
export const missingPermissions = () => new DiscordApiError(403, 50013, 'Missing Permissions');
export const missingAccess = () => new DiscordApiError(403, 50001, 'Missing Access');

export interface PipelineOptions {
	token: string;
	spec: SpecValidator;
	faults: FaultInjector;
	holds?: RequestHolds;
	rateLimiter?: RateLimitPolicy;
	validateResponses: boolean;
	clock: Clock;
	route: (method: string, route: string) => RestHandler | undefined;
	/** Extra checks for limits Discord enforces beyond the spec (e.g. 2000-character content). */
	limits: (call: RestCall) => DiscordApiError | undefined;
}

/** Request handling shared by all REST routes: parse, authorise, validate against the spec, inject faults, record, answer. */
export class RestPipeline {
	public readonly requests: RecordedRequest[] = [];
	public readonly specViolations: SpecIssue[] = [];
	public readonly responseViolations: SpecIssue[] = [];
	readonly #byRoute = new Map<string, { validated: number; violations: number }>();
	#validated = 0;

	public constructor(private readonly options: PipelineOptions) {}

	public report(): { validated: number; violations: number; byRoute: Record<string, { validated: number; violations: number }> } {
		return { validated: this.#validated, violations: this.specViolations.length, byRoute: Object.fromEntries(this.#byRoute) };
	}

	public async handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
		const method = req.method ?? 'GET';
		const at = this.options.clock();
		const raw = await readBody(req);
		const auth = req.headers.authorization;
		const authorized = auth === `Bot ${this.options.token}`;
		const reasonHeader = req.headers['x-audit-log-reason'];
		const reason = typeof reasonHeader === 'string' ? decodeURIComponent(reasonHeader) : undefined;
		const record: RecordedRequest = { method, path, route: null, query: Object.fromEntries(query), body: undefined, files: [], authorized, reason, status: 0, at };
		this.requests.push(record);
		const send = (reply: Reply) => {
			record.status = reply.status;
			writeReply(res, reply);
		};

		let bodyKind: BodyKind;
		try {
			const parsed = await parseBody(req.headers['content-type'], raw);
			bodyKind = parsed.kind;
			record.body = parsed.body;
			record.files = parsed.files;
		} catch (error) {
			return send({ status: 400, body: { message: `400: Bad Request (${(error as Error).message})`, code: 50109 } });
		}

		const match = this.options.spec.match(method, path);
		if (match === undefined || match === 'method-not-allowed') {
			const issue = { kind: 'request' as const, method, path, route: null, message: `${method} ${path} is not in Discord's OpenAPI spec`, errors: [] };
			this.specViolations.push(issue);
			return send(match ? { status: 405, body: { message: '405: Method Not Allowed', code: 0 } } : { status: 404, body: { message: '404: Not Found', code: 0 } });
		}
		record.route = match.route;
		if (auth !== undefined && !authorized) return send({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
		if (match.requiresAuth && !authorized) return send({ status: 401, body: { message: '401: Unauthorized', code: 0 } });

		const stats = this.#byRoute.get(`${match.method.toUpperCase()} ${match.route}`) ?? { validated: 0, violations: 0 };
		this.#byRoute.set(`${match.method.toUpperCase()} ${match.route}`, stats);
		this.#validated++;
		stats.validated++;
		const issues = this.options.spec.validateRequest(match, query, bodyKind, record.body);
		if (issues.length > 0) {
			stats.violations++;
			for (const issue of issues) this.specViolations.push({ kind: 'request', method, path, route: match.route, ...issue });
			return send({ status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: issues } });
		}

		const call: RestCall = { method, path, match, params: match.params, query, body: record.body, files: record.files, reason };
		const limitError = this.options.limits(call);
		if (limitError) {
			stats.violations++;
			this.specViolations.push({ kind: 'discord-limit', method, path, route: match.route, message: limitError.message, errors: [limitError.errors] });
			return send(errorReply(limitError));
		}

		const injected = this.options.faults.take(method, path, match.route);
		if (injected) return send(injected);
		const limited = this.options.rateLimiter?.consume(method, match.route, match.params, record.body);
		if (limited?.limited) return send(limited.limited);

		await this.options.holds?.wait(method, path, match.route);
		const handler = this.options.route(method, match.route);
		let reply: Reply;
		if (!handler) reply = { status: 501, body: { message: `The Discord stand-in does not implement ${method} ${match.route}`, code: 0 } };
		else {
			try {
				reply = await handler(call);
			} catch (error) {
				if (!(error instanceof DiscordApiError)) throw error;
				reply = errorReply(error);
			}
		}
		if (this.options.validateResponses && handler) {
			const body = reply.body === undefined ? undefined : JSON.parse(JSON.stringify(reply.body));
			const problem = this.options.spec.validateResponse(match, reply.status, body);
			if (problem) this.responseViolations.push({ kind: 'response', method, path, route: match.route, ...problem });
		}
		send({ ...reply, headers: { ...limited?.headers, ...reply.headers } });
	}
}

function errorReply(error: DiscordApiError): Reply {
	return { status: error.status, body: { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ kind: BodyKind; body: unknown; files: UploadedFile[] }> {
	if (raw.length === 0) return { kind: 'none', body: undefined, files: [] };
	if (contentType?.startsWith('multipart/form-data')) {
		// undici's Response parses multipart the way Discord's edge does: named parts, files with filenames.
		const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
		const files: UploadedFile[] = [];
		let body: unknown = {};
		for (const [field, value] of form.entries()) {
			if (typeof value === 'string') {
				if (field === 'payload_json') body = JSON.parse(value);
				continue;
			}
			files.push({ field, name: value.name, contentType: value.type || undefined, data: Buffer.from(await value.arrayBuffer()) });
		}
		return { kind: 'multipart', body, files };
	}
	return { kind: 'json', body: JSON.parse(raw.toString('utf8')), files: [] };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
	const headers: Record<string, string> = { ...reply.headers };
	// An empty 204 must not claim JSON, or @discordjs/rest tries to parse it.
	if (reply.body !== undefined && reply.status !== 204) {
		headers['Content-Type'] = 'application/json';
		res.writeHead(reply.status, headers);
		res.end(JSON.stringify(reply.body));
		return;
	}
	res.writeHead(reply.status, headers);
	res.end();
}
