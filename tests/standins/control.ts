// The control API: loopback HTTP+JSON over the same DiscordStandIn methods the in-process tests, the sandbox and the
// benches call, so a driver in any language can act as users and read the world. Routes are listed in README.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatEvent, type DiscordStandIn, type InteractionResult, type MessageView, type ModalView, type OptionValue } from './discord';
import { findComponent } from './discord/interactions';
import type { PretixStandin } from './pretix/PretixStandin';

type Json = Record<string, any>;
type Handler = (input: { params: Record<string, string>; query: URLSearchParams; body: Json }) => unknown;

/** A driver's mistake (no such user, button or field): answered 400 with the stand-in's own message. */
class ControlError extends Error {}

const attachments = (view: MessageView) => ({ ...view, attachments: view.attachments.map(({ data, ...rest }) => ({ ...rest, size: data.length })) });

/** An interaction's visible result as JSON: `modal` is what to submit next, `message` what to click next. */
export function resultJson(result: InteractionResult): Json {
	return {
		...result,
		attachments: result.attachments.map(({ data, ...rest }) => ({ ...rest, size: data.length })),
		followUps: result.followUps.map(attachments),
		...(result.message ? { message: attachments(result.message) } : {})
	};
}

export class ControlApi {
	readonly #routes: Array<{ method: string; pattern: RegExp; keys: string[]; handler: Handler }> = [];
	#server: Server | undefined;

	public constructor(
		private readonly discord: DiscordStandIn,
		private readonly pretix?: PretixStandin
	) {
		const d = discord;
		this.#route('GET', '/world', () => ({
			guild: d.guild,
			bot: d.botUser,
			applicationId: d.applicationId,
			channels: d.channels().map(({ overwrites: _overwrites, ...channel }) => channel),
			roles: d.roles().map(({ permissions, ...role }) => ({ ...role, permissions: permissions.toString() })),
			commands: d.commands('guild').map(({ id, name }) => ({ id, name }))
		}));
		this.#route('GET', '/members', () => d.members());
		this.#route('GET', '/members/:user', ({ params }) => d.member(params.user!));
		// Join: a new account; `{ "rejoin": true }` for one that left (same account, no roles, as on Discord).
		this.#route('POST', '/members', ({ body }) =>
			body.rejoin ? d.member(d.rejoin(String(body.username))) : d.member(d.addMember({ username: String(body.username), globalName: body.globalName, nick: body.nick, roles: body.roles }))
		);
		this.#route('DELETE', '/members/:user', ({ params }) => (d.removeMember(params.user!), { left: params.user }));
		this.#route('GET', '/channels/:channel/messages', ({ params }) => d.messagesIn(params.channel!).map(attachments));
		this.#route('POST', '/channels/:channel/messages', ({ params, body }) => attachments(d.postMessage(String(body.user), params.channel!, String(body.content))));
		this.#route('GET', '/channels/:channel/threads', ({ params }) => d.threadsIn(params.channel!));
		this.#route('GET', '/threads/:thread', ({ params }) => {
			const thread = d.thread(params.thread!);
			if (!thread) throw new ControlError(`no thread ${params.thread}`);
			return thread;
		});
		this.#route('GET', '/threads/:thread/messages', ({ params }) => d.messagesInThread(params.thread!).map(attachments));
		this.#route('POST', '/threads/:thread/messages', ({ params, body }) => attachments(d.postMessage(String(body.user), params.thread!, String(body.content))));
		this.#route('POST', '/click', ({ body }) => this.#click(body));
		this.#route('GET', '/modal/:user', ({ params }) => this.#modal(params.user!));
		this.#route('POST', '/submit', ({ body }) => this.#submit(body));
		this.#route('POST', '/command', ({ body }) => this.#command(body));
		this.#route('GET', '/requests', ({ query }) => d.requests.slice(Number(query.get('since') ?? 0)).map(({ files, ...request }) => ({ ...request, files: files.map((f) => ({ field: f.field, name: f.name, size: f.data.length })) })));
		this.#route('GET', '/violations', () => ({ spec: d.specViolations, responses: d.responseViolations, report: d.specReport() }));
		this.#route('GET', '/rate-limits', () => ({ model: d.rateModel ? 'discord' : null, scale: d.rateModel?.scale ?? 1, stats: d.rateModel?.stats ?? null, deadTokenRequests: d.deadTokenRequests }));
		this.#route('GET', '/events', ({ query }) => d.events.slice(Number(query.get('since') ?? 0)).map((event) => ({ ...event, text: d.readable(formatEvent(event)) })));
		this.#route('GET', '/gateway', () => d.gatewayStats);
		this.#route('POST', '/gateway/disconnect', ({ body }) => (d.disconnectGateway(body.code ?? 4000), d.gatewayStats));
		this.#route('GET', '/pretix/requests', () => this.pretix?.requests ?? []);
	}

	/** Serves on 127.0.0.1 (an OS-assigned port unless `port`); resolves with the base URL. */
	public async listen(port = 0): Promise<string> {
		const server = createServer((req, res) => void this.#handle(req, res));
		await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
		this.#server = server;
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	public async close(): Promise<void> {
		const server = this.#server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	async #click(body: Json): Promise<Json> {
		const d = this.discord;
		const user = String(body.user);
		const button = body.customId !== undefined ? String(body.customId) : body.label !== undefined ? { label: String(body.label) } : undefined;
		if (!button) throw new ControlError('click needs "customId" or "label"');
		let message: MessageView | undefined;
		// A thread's messages by its id (`thread`), a channel's by its name (`channel`).
		const messages = body.thread !== undefined ? d.messagesInThread(String(body.thread)) : d.messagesIn(String(body.channel ?? ''));
		if (body.messageId) {
			message = messages.find((m) => m.id === body.messageId);
		} else {
			// Without a message id: the first message in the channel that has that button, as a person scrolling would find it.
			const wanted = typeof button === 'string' ? (c: Json) => c.custom_id === button : (c: Json) => c.label === button.label;
			message = messages.find((m) => findComponent(m.components, wanted) !== undefined);
		}
		if (!message) throw new ControlError(`no message in ${body.thread !== undefined ? `thread ${body.thread}` : `#${body.channel}`} with that button`);
		return resultJson(await d.clickButton(user, message, button, { timeoutMs: body.timeoutMs }));
	}

	#modal(user: string): Json {
		const modal = this.discord.lastModal(user);
		if (!modal) throw new ControlError(`no modal was shown to @${user}`);
		return { ...modal, fields: modalFields(modal) };
	}

	async #submit(body: Json): Promise<Json> {
		const d = this.discord;
		const user = String(body.user);
		const modal: ModalView | undefined = d.lastModal(user);
		if (!modal) throw new ControlError(`no modal was shown to @${user}`);
		if (body.interactionId && body.interactionId !== modal.interactionId) throw new ControlError(`@${user}'s last modal came from interaction ${modal.interactionId}, not ${body.interactionId}`);
		const values = Array.isArray(body.fields) ? body.fields.map(String) : (body.values as Record<string, string> | undefined);
		if (!values) throw new ControlError('submit needs "values" (by custom id) or "fields" (in field order)');
		return resultJson(await d.submitModal(user, modal, values, { timeoutMs: body.timeoutMs }));
	}

	async #command(body: Json): Promise<Json> {
		const options = (body.options ?? {}) as Record<string, OptionValue>;
		return resultJson(await this.discord.runCommand(String(body.user), String(body.name), { subcommand: body.subcommand, group: body.group, channel: body.channel, options, timeoutMs: body.timeoutMs }));
	}

	#route(method: string, path: string, handler: Handler): void {
		const keys: string[] = [];
		const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)'))}$`);
		this.#routes.push({ method, pattern, keys, handler });
	}

	async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(body, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)));
		};
		const found = this.#routes.map((route) => ({ route, match: route.method === req.method ? route.pattern.exec(url.pathname) : null })).find(({ match }) => match);
		if (!found) return send(404, { error: `no control route ${req.method} ${url.pathname}` });
		try {
			const chunks: Buffer[] = [];
			for await (const chunk of req) chunks.push(chunk as Buffer);
			const text = Buffer.concat(chunks).toString('utf8');
			const body = text ? (JSON.parse(text) as Json) : {};
			const params = Object.fromEntries(found.route.keys.map((key, index) => [key, decodeURIComponent(found.match![index + 1]!)]));
			send(200, await found.route.handler({ params, query: url.searchParams, body }));
		} catch (error) {
			// The stand-in's own refusals ("@x is not a member", "has no field …") are the driver's to fix: 400 with the message.
			send(400, { error: error instanceof Error ? error.message : String(error) });
		}
	}
}

/** A modal's inputs in the order a person sees them. */
export function modalFields(modal: ModalView): Array<{ customId: string; label: string | null; required: boolean }> {
	const fields: Array<{ customId: string; label: string | null; required: boolean }> = [];
	const visit = (component: Json, label: string | null) => {
		if (component.type === 4 || component.type === 3) fields.push({ customId: component.custom_id, label: component.label ?? label, required: component.required ?? true });
		for (const child of component.components ?? []) visit(child, label);
		if (component.component) visit(component.component, component.label ?? label);
	};
	for (const component of modal.components) visit(component, null);
	return fields;
}

