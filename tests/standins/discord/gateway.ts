import {
	GatewayCloseCodes,
	GatewayDispatchEvents,
	GatewayIntentBits,
	GatewayOpcodes,
	type GatewayDispatchPayload,
	type GatewayGuildCreateDispatchData,
	type GatewayGuildMembersChunkDispatchData,
	type GatewayHeartbeatAck,
	type GatewayHello,
	type GatewayInvalidSession,
	type GatewayReadyDispatchData
} from 'discord-api-types/v10';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants, createDeflate, type Deflate } from 'node:zlib';
import { WebSocket, WebSocketServer } from 'ws';

/** READY as Discord sends it to a bot. */
export type ReadyData = Omit<GatewayReadyDispatchData, 'application'> & {
	// Discord's docs: the partial application "contains id and flags"; discord-api-types also requires flags_new.
	application: Pick<GatewayReadyDispatchData['application'], 'id' | 'flags'>;
	// Discord sends these to bots as well (empty for them); discord-api-types leaves them out.
	private_channels: [];
	relationships: [];
	presences: [];
	guild_join_requests: [];
	geo_ordered_rtc_regions: string[];
	session_type: 'normal';
};

/** READY before the gateway adds the session's own fields. */
export type ReadyPayload = Omit<ReadyData, 'session_id' | 'session_type' | 'resume_gateway_url' | 'shard'>;

/** The `d` of dispatch `T`, from discord-api-types' payload union except where Discord sends more. */
export type DispatchData<T extends GatewayDispatchEvents> = T extends GatewayDispatchEvents.Ready
	? ReadyData
	: // discord-api-types types RESUMED's d as undefined; Discord sends its trace, and discord.py indexes into d.
		T extends GatewayDispatchEvents.Resumed
		? { _trace: string[] }
		: Extract<GatewayDispatchPayload, { t: T }>['d'];

/** A dispatch on the wire; its `d` was checked against DispatchData when it was dispatched. */
interface DispatchFrame {
	op: GatewayOpcodes.Dispatch;
	t: GatewayDispatchEvents;
	s: number;
	d: unknown;
}

/** What the gateway sends besides dispatches, as Discord sends it. */
type ControlFrame =
	// Discord's HELLO carries its trace too.
	| (GatewayHello & { d: { _trace: string[] } })
	// discord-api-types types the ACK's d as undefined, which JSON cannot carry; Discord sends null.
	| (Omit<GatewayHeartbeatAck, 'd'> & { d: null })
	| GatewayInvalidSession;

export interface GatewayOptions {
	token: string;
	heartbeatIntervalMs: number;
	/** Intents this application may use; identifying with others closes with 4014 like Discord. */
	allowedPrivilegedIntents: number;
	newSessionId: () => string;
	/** READY payload (without session fields) and the GUILD_CREATE that follows it. */
	readyPayload: () => { ready: ReadyPayload; guildCreate: GatewayGuildCreateDispatchData };
	/** Answers REQUEST_GUILD_MEMBERS with the chunks to send. */
	memberChunks: (request: MemberRequest) => GatewayGuildMembersChunkDispatchData[];
	resumeUrl: () => string;
}

export interface MemberRequest {
	guild_id: string;
	query?: string;
	limit?: number;
	user_ids?: string | string[];
	nonce?: string;
	presences?: boolean;
}

interface Session {
	id: string;
	intents: number;
	seq: number;
	/** Every dispatch sent in this session, kept so RESUME can replay what a dropped socket missed. */
	sent: DispatchFrame[];
	socket: WebSocket | null;
	transport: Transport | null;
}

/** Every zlib-stream message ends with a sync flush, whose last four bytes are these (Discord's docs, "Transport Compression"). */
const ZLIB_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * One socket's outgoing payloads: JSON text frames, or with `compress=zlib-stream` one zlib context for the whole
 * connection, each payload flushed with Z_SYNC_FLUSH and sent as one binary frame, as Discord does.
 */
class Transport {
	readonly #deflate: Deflate | undefined;
	#pending: Buffer[] = [];

	public constructor(
		private readonly socket: WebSocket,
		compressed: boolean
	) {
		if (!compressed) return;
		this.#deflate = createDeflate({ flush: constants.Z_SYNC_FLUSH });
		this.#deflate.on('data', (chunk: Buffer) => {
			this.#pending.push(chunk);
			if (!chunk.subarray(-4).equals(ZLIB_SUFFIX)) return;
			const frame = Buffer.concat(this.#pending);
			this.#pending = [];
			if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame, { binary: true });
		});
		socket.once('close', () => this.#deflate?.destroy());
	}

	public send(payload: DispatchFrame | ControlFrame): void {
		if (this.socket.readyState !== WebSocket.OPEN) return;
		const text = JSON.stringify(payload);
		if (this.#deflate) this.#deflate.write(text);
		else this.socket.send(text);
	}
}

const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const REPLAY_LIMIT = 10_000;
const TRACE = ['["usher-standin",{}]'];

/** Gateway v10 over ws with json encoding: HELLO, IDENTIFY/READY, heartbeats, RESUME with replay, member chunks. */
export class GatewayServer {
	readonly #wss = new WebSocketServer({ noServer: true });
	readonly #sessions = new Map<string, Session>();
	readonly #counters = { identified: 0, resumed: 0, heartbeats: 0, zlibStreams: 0 };

	public constructor(private readonly options: GatewayOptions) {
	}

	/** `zlibStreams`: connections that asked for zlib-stream transport compression. */
	public get stats(): Readonly<{ identified: number; resumed: number; heartbeats: number; zlibStreams: number; connected: number }> {
		return { ...this.#counters, connected: [...this.#sessions.values()].filter((session) => session.socket).length };
	}

	public handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const compress = url.searchParams.get('compress');
		// The stand-in speaks json, uncompressed or zlib-stream (discord.py asks for it); etf and zstd-stream it refuses.
		if (url.pathname !== '/gateway' || url.searchParams.get('v') !== '10' || (url.searchParams.get('encoding') ?? 'json') !== 'json' || (compress !== null && compress !== 'zlib-stream')) {
			socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
			return;
		}
		this.#wss.handleUpgrade(request, socket, head, (ws) => this.#onConnection(ws, compress === 'zlib-stream'));
	}

	/** Sends a dispatch to every session whose intents cover it (`intent` undefined = always sent). */
	public dispatch<T extends GatewayDispatchEvents>(t: T, d: DispatchData<T>, intent?: number): void {
		for (const session of this.#sessions.values()) {
			if (intent !== undefined && (session.intents & intent) === 0) continue;
			this.#send(session, t, d);
		}
	}

	/** Drops every connected socket with `code`; sessions stay resumable unless the code forbids it. */
	public disconnect(code: number): void {
		for (const session of this.#sessions.values()) session.socket?.close(code, 'Discord stand-in disconnect');
	}

	public async close(): Promise<void> {
		for (const client of this.#wss.clients) client.terminate();
		this.#sessions.clear();
		await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
	}

	#send<T extends GatewayDispatchEvents>(session: Session, t: T, d: DispatchData<T>): void {
		const frame: DispatchFrame = { op: GatewayOpcodes.Dispatch, t, s: ++session.seq, d };
		session.sent.push(frame);
		if (session.sent.length > REPLAY_LIMIT) session.sent.shift();
		session.transport?.send(frame);
	}

	#onConnection(socket: WebSocket, compressed: boolean): void {
		let session: Session | undefined;
		const transport = new Transport(socket, compressed);
		if (compressed) this.#counters.zlibStreams++;
		const raw = (payload: DispatchFrame | ControlFrame) => transport.send(payload);
		raw({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: TRACE }, s: null, t: null });
		socket.on('close', (code) => {
			if (session?.socket !== socket) return;
			session.socket = null;
			session.transport = null;
			// A client closing normally ends its session; anything else leaves it resumable.
			if (code === 1000 || code === 1001) this.#sessions.delete(session.id);
		});
		socket.on('message', (data) => {
			let payload: { op: number; d: any };
			try {
				payload = JSON.parse(data.toString());
			} catch {
				socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
				return;
			}
			switch (payload.op) {
				case GatewayOpcodes.Heartbeat:
					this.#counters.heartbeats++;
					raw({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null });
					return;
				case GatewayOpcodes.Identify: {
					if (session) return void socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'You sent more than one identify payload.');
					if (payload.d?.token !== this.options.token) return void socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
					const intents = Number(payload.d.intents ?? 0);
					if (intents & PRIVILEGED & ~this.options.allowedPrivilegedIntents) {
						return void socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
					}
					session = { id: this.options.newSessionId(), intents, seq: 0, sent: [], socket, transport };
					this.#sessions.set(session.id, session);
					this.#counters.identified++;
					const { ready, guildCreate } = this.options.readyPayload();
					this.#send(session, GatewayDispatchEvents.Ready, {
						...ready,
						session_id: session.id,
						session_type: 'normal',
						resume_gateway_url: this.options.resumeUrl(),
						shard: payload.d.shard ?? [0, 1]
					});
					if (intents & GatewayIntentBits.Guilds) this.#send(session, GatewayDispatchEvents.GuildCreate, guildCreate);
					return;
				}
				case GatewayOpcodes.Resume: {
					const known = this.#sessions.get(payload.d?.session_id);
					if (!known || payload.d?.token !== this.options.token) {
						raw({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
						return;
					}
					known.socket?.terminate();
					known.socket = socket;
					known.transport = transport;
					session = known;
					const after = Number(payload.d.seq ?? 0);
					for (const missed of known.sent.filter((frame) => frame.s > after)) raw(missed);
					this.#counters.resumed++;
					// Discord's RESUMED carries its trace like HELLO does; discord.py indexes into `d`, so null would crash it.
					this.#send(known, GatewayDispatchEvents.Resumed, { _trace: TRACE });
					return;
				}
				case GatewayOpcodes.RequestGuildMembers: {
					if (!session) return void socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
					const wantsAll = !payload.d?.user_ids && (payload.d?.query ?? '') === '';
					// Discord refuses full member lists without the GUILD_MEMBERS intent.
					if (wantsAll && (session.intents & GatewayIntentBits.GuildMembers) === 0) {
						return void socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
					}
					for (const chunk of this.options.memberChunks(payload.d)) this.#send(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
					return;
				}
				case GatewayOpcodes.PresenceUpdate:
				case GatewayOpcodes.VoiceStateUpdate:
					return;
				default:
					socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
			}
		});
	}
}
