import BetterSqlite3 from 'better-sqlite3';
import { FormLimits } from '#lib/registration/form';
import { normalizeOrderCode } from '#lib/registration/normalize';
import type { InteractionResult, RecordedRequest, UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { FaultRig } from '../faults/support/harness';
import { openForm, submitForm } from '../e2e/support/registration';
import { assertNoSecrets } from '../security/secrets';
import { fitToInput, HostileText } from './generators';

export interface ModalFuzzOptions {
	seed: number;
	count: number;
	/** Submissions in flight at once (default 8). */
	concurrency?: number;
	onProgress?(done: number): void;
}

export interface ModalFuzzReport {
	seed: number;
	submissions: number;
	registered: number;
	/** First words of each reply, counted: shows the inputs reached every branch. */
	replies: Record<string, number>;
	/** Every broken rule, one line each; empty when the bot held. */
	violations: string[];
}

// Real tickets of the fixture event, some typed sloppily, so valid, held and wrong-name paths all get hit.
const validPairs: Array<[string, string]> = [
	['ABC12', 'Ada Lovelace'],
	['#volnt-1', 'rudai sean o'],
	['NONAM', 'Katherine Johnson'],
	['PEND1', 'Grace Hopper'],
	['GRP34', 'Zoë Ünal'],
	['RMT56', 'Olga Petrova'],
	['abc12', 'LOVELACE ADA']
];

const success = /You are registered|You were already registered/;

/** What kind of answer a reply is, by its opening words (emoji and user text stripped). */
function replyKind(content: string): string {
	return content.replace(/^[^A-Za-z]+/, '').split(/[.:!,]/)[0]!.replace(/`[^`]*`/g, '…').slice(0, 48);
}

/** True when every message body in the request leaves mentions unparsed; a body without content still must not opt in. */
function mentionsAllowed(body: unknown): string | null {
	if (body === null || typeof body !== 'object') return null;
	const record = body as Record<string, unknown>;
	if ('content' in record || 'embeds' in record) {
		const allowed = record.allowed_mentions as { parse?: unknown[]; users?: unknown[]; roles?: unknown[] } | undefined;
		if (!allowed) return 'a message without allowed_mentions';
		if ((allowed.parse ?? []).length || (allowed.users ?? []).length || (allowed.roles ?? []).length) return `allowed_mentions ${JSON.stringify(allowed)}`;
	}
	for (const value of Object.values(record)) {
		const found = mentionsAllowed(value);
		if (found) return found;
	}
	return null;
}

/**
 * Submits `count` seeded hostile registration forms through the real bot and checks, for each: exactly one reply, no
 * ping, no role without the ledger holding the ticket, nothing in the ledger after a failure; and that the bot survived.
 */
export async function runModalFuzz(options: ModalFuzzOptions): Promise<ModalFuzzReport> {
	const text = new HostileText(options.seed);
	const rig = await FaultRig.start(fixtureEvent());
	const violations: string[] = [];
	const replies: Record<string, number> = {};
	let registered = 0;
	try {
		await rig.boot();
		const { discord } = rig;
		const inputs = Array.from({ length: options.count }, (_, index) => {
			const [order, name] = text.chance(15) ? text.pick(validPairs) : [text.chance(30) ? text.pick(validPairs)[0] : text.text(), text.chance(10) ? text.long() : text.text()];
			return {
				index,
				order: fitToInput(order, FormLimits.orderMin, FormLimits.orderMax, 'X'),
				name: fitToInput(name, FormLimits.nameMin, FormLimits.nameMax, 'x')
			};
		});
		const outcomes: Array<{ index: number; user: UserRef; order: string; result: InteractionResult | Error }> = [];
		let next = 0;
		const worker = async () => {
			while (next < inputs.length) {
				const input = inputs[next++]!;
				const user = discord.addMember({ username: `fuzz${input.index}` });
				const result = await openForm(discord, user)
					.then((modal) => submitForm(discord, user, modal, input.order, input.name))
					.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
				outcomes.push({ index: input.index, user, order: input.order, result });
				options.onProgress?.(outcomes.length);
			}
		};
		await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
		// Log entries are posted after the reply; let the last ones land before reading the requests.
		await new Promise((resolve) => setTimeout(resolve, 300));

		const db = new BetterSqlite3(rig.bot.databaseFile, { readonly: true });
		const holdings = db.prepare<[string], { order_code: string }>('SELECT order_code FROM registrations WHERE discord_user_id = ?');
		const events = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM registration_events WHERE discord_user_id = ?');
		const callbacks = new Map<string, number>();
		for (const request of discord.requests) {
			const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
			if (id) callbacks.set(id, (callbacks.get(id) ?? 0) + 1);
		}
		for (const { index, user, order, result } of outcomes) {
			const label = `#${index} (seed ${options.seed})`;
			if (result instanceof Error) {
				violations.push(`${label}: no reply: ${result.message.split('\n')[0]}`);
				continue;
			}
			replies[replyKind(result.content)] = (replies[replyKind(result.content)] ?? 0) + 1;
			if (callbacks.get(result.interactionId) !== 1) violations.push(`${label}: ${callbacks.get(result.interactionId) ?? 0} interaction callbacks`);
			if (result.followUps.length) violations.push(`${label}: ${result.followUps.length} follow-up messages besides the reply`);
			if (!result.ephemeral) violations.push(`${label}: the reply is visible to everyone`);
			const held = holdings.all(user.id).map((row) => row.order_code);
			const roles = discord.member(user).roles;
			if (success.test(result.content)) {
				registered++;
				if (!held.includes(normalizeOrderCode(order) ?? '')) violations.push(`${label}: registered without holding order ${order}`);
			} else {
				if (held.length || events.get(user.id)!.n) violations.push(`${label}: a failed attempt ("${replyKind(result.content)}") left ledger rows or events`);
				if (roles.length) violations.push(`${label}: roles ${roles.join(', ')} without a registration`);
			}
		}
		db.close();
		const pinging = discord.requests.filter((request: RecordedRequest) => mentionsAllowed(request.body));
		for (const request of pinging) violations.push(`${request.method} ${request.path}: ${mentionsAllowed(request.body)}`);
		for (const issue of discord.specViolations) violations.push(`Discord spec violation: ${issue.method} ${issue.path}: ${issue.message}`);
		if (rig.bot.process.exitCode !== null || rig.bot.process.signalCode !== null) violations.push('the bot process died');
		try {
			assertNoSecrets(rig.printed(), rig.secrets);
		} catch (error) {
			violations.push((error as Error).message);
		}
		return { seed: options.seed, submissions: outcomes.length, registered, replies, violations };
	} finally {
		await rig.close();
	}
}
