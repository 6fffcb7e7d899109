import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import type { StandinConference } from './conference';
import { renderFrab, renderLegacySchedule, renderRoot, renderV2Schedule } from './render';

export interface LoggedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	status: number;
}

/** One injected failure, used by the next matching request. */
export type Fault =
	| { kind: 'status'; status: number; retryAfterSeconds?: number }
	| { kind: 'garbage' }
	| { kind: 'slow'; delayMs: number };

/**
 * A loopback pretalx: the frab JSON export (ETag, 304 on the unquoted hash as pretalx compares it) and
 * API v2 `/api/` and `/schedules/latest/` (expand, lang, Pretalx-Version, optional token).
 * With `api: 'legacy'` it is a self-hosted pretalx older than 2025.1: `/schedules/latest/` answers in the legacy shape
 * whatever `Pretalx-Version` says (that pretalx knows no versions). A current pretalx answers v2 even without the header.
 */
export class PretalxStandin {
	public readonly requests: LoggedRequest[] = [];
	private readonly faults: Fault[] = [];
	private server: Server | undefined;
	private origin = '';

	public constructor(
		public conference: StandinConference,
		private readonly options: { token?: string; api?: 'v2' | 'legacy' } = {}
	) {}

	public async start(): Promise<this> {
		this.server = createServer((request, response) => void this.handle(request, response));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	public async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	public get baseUrl(): string {
		return this.origin;
	}

	public get frabUrl(): string {
		return `${this.origin}/${this.conference.event}/schedule/export/schedule.json`;
	}

	/** Queue faults for the next requests, in order. */
	public inject(...faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/** A new schedule release, as when organisers publish in pretalx. */
	public bumpVersion(): void {
		const [major, minor] = this.conference.version.split('.').map(Number);
		this.conference.version = `${major}.${(minor ?? 0) + 1}`;
		this.conference.scheduleId += 1;
	}

	public moveSession(code: string, minutes: number): void {
		const slot = this.slot(code);
		slot.start = DateTime.fromISO(slot.start, { zone: this.conference.timezone }).plus({ minutes }).toISO()!;
		this.bumpVersion();
	}

	public reroomSession(code: string, roomName: string): void {
		const room = this.conference.rooms.find((candidate) => Object.values(candidate.name).includes(roomName));
		if (!room) throw new Error(`no room ${roomName}`);
		this.slot(code).roomIds = [room.id];
		this.bumpVersion();
	}

	public cancelSession(code: string): void {
		this.conference.slots = this.conference.slots.filter((slot) => slot.code !== code);
		this.bumpVersion();
	}

	private slot(code: string): StandinConference['slots'][number] {
		const slot = this.conference.slots.find((candidate) => candidate.code === code);
		if (!slot) throw new Error(`no session ${code}`);
		return slot;
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', this.origin);
		const send = (status: number, body: string, headers: Record<string, string> = {}): void => {
			this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, status });
			response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
			response.end(body);
		};
		const fault = this.faults.shift();
		if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
		if (fault?.kind === 'status') {
			send(fault.status, JSON.stringify({ detail: 'Injected failure.' }), fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {});
			return;
		}
		if (fault?.kind === 'garbage') {
			send(200, '<html><body>502 Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
			return;
		}
		if (request.method !== 'GET') return send(405, JSON.stringify({ detail: `Method "${request.method}" not allowed.` }));
		const event = this.conference.event;
		if (url.pathname === `/${event}/schedule/export/schedule.json`) {
			const body = JSON.stringify(renderFrab(this.conference));
			const hash = createHash('sha1').update(body).digest('hex');
			// pretalx compares the raw header with the bare hash, so a correctly quoted validator never matches.
			if (request.headers['if-none-match'] === hash) return send(304, '', { ETag: `"${hash}"` });
			return send(200, body, { ETag: `"${hash}"`, 'Access-Control-Allow-Origin': '*' });
		}
		if (url.pathname.startsWith('/api/')) {
			const legacy = this.options.api === 'legacy';
			const version = request.headers['pretalx-version'];
			if (!legacy && version !== undefined && version !== 'v1' && version !== 'v2') return send(400, JSON.stringify({ detail: `Unknown API version: ${String(version)}` }));
			if (this.options.token && request.headers.authorization !== `Token ${this.options.token}`) {
				return send(401, JSON.stringify({ detail: 'Authentication credentials were not provided.' }));
			}
			if (url.pathname === '/api/') return send(200, JSON.stringify(renderRoot(this.origin)));
			if (url.pathname === `/api/events/${event}/schedules/latest/`) {
				if (legacy) return send(200, JSON.stringify(renderLegacySchedule(this.conference)));
				const expand = new Set((url.searchParams.get('expand') ?? '').split(',').filter(Boolean));
				const lang = url.searchParams.get('lang') ?? undefined;
				return send(200, JSON.stringify(renderV2Schedule(this.conference, expand, lang)));
			}
		}
		send(404, JSON.stringify({ detail: 'Not found.' }));
	}
}
