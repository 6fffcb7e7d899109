import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { DiscordStandIn, InteractionResult, ModalView, UserRef } from '../../standins/discord';
import type { RawEvent } from '../../standins/pretix/types';
import { findComponent } from '../../standins/discord/interactions';
import { sleep } from '../../helpers/sleep';

export const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN);
export const round = (value: number, digits = 0) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Peak resident set of a process, from the kernel's high-water mark. */
export function peakRssMb(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmHWM:'));
	return round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024, 1);
}

/** The bot's event-loop lag p99 since the previous scrape (prom-client resets its histogram on every collect). */
export async function eventLoopLagP99Ms(base: string): Promise<number> {
	const families = parsePrometheusTextFormat(await (await fetch(`${base}/metrics`)).text());
	const value = families.find((family) => family.name === 'usher_nodejs_eventloop_lag_p99_seconds')?.metrics[0]?.value;
	return round(Number(value) * 1000, 1);
}

export interface Person {
	code: string;
	name: string;
}

/** `count` people who can register (one named, valid admission each) from a generated event, in arrival order. */
export function arrivingCrowd(event: RawEvent, count: number, rng: RandomGenerator, timing: { burst: number; burstMs: number; spanMs: number }): Array<{ person: Person; at: number }> {
	const people = event.orders
		.filter((order) => order.status === 'p' && !order.testmode)
		.flatMap((order) => order.positions.filter((p) => p.attendee_name && !p.canceled && !p.blocked && !p.addon_to).slice(0, 1).map((p) => ({ code: order.code, name: p.attendee_name! })))
		.slice(0, count);
	if (people.length < count) throw new Error(`the generated event has only ${people.length} registrable people`);
	return people
		.map((person, index) => ({ person, at: index < timing.burst ? uniformInt(rng, 0, timing.burstMs - 1) : uniformInt(rng, 0, timing.spanMs - 1) }))
		.sort((a, b) => a.at - b.at);
}

/** Any bot's registration form, as a person finds it: the first message with a button in #registration-form. */
export function findRegistrationForm(discord: DiscordStandIn) {
	const isButton = (component: { type?: number }) => component.type === 2;
	const message = discord.messagesIn('registration-form').find((m) => findComponent(m.components, isButton) !== undefined);
	const button = message && (findComponent(message.components, isButton) as { custom_id?: string } | undefined);
	return message && button?.custom_id ? { message, buttonId: button.custom_id } : undefined;
}

/** Clicks the form's first button and returns the modal it shows. */
export async function openRegistrationForm(discord: DiscordStandIn, user: UserRef): Promise<ModalView> {
	const form = findRegistrationForm(discord);
	if (!form) throw new Error('no message with a button in #registration-form');
	const opened = await discord.clickButton(user, form.message, form.buttonId);
	if (!opened.modal) throw new Error(`clicking the form's button showed no modal: ${JSON.stringify(opened.content)}`);
	return opened.modal;
}

export interface Visit {
	/** The Register click and the form submit, each with its interaction id (null when it never got one) and start. */
	acks: Array<{ id: string | null; at: number }>;
	submitted: number;
	result: InteractionResult | null;
	/** When the submit's interaction reached its first final answer. */
	answeredAt: number;
}

/** Each person arrives at their time: clicks the form's button, fills in the modal by field order (order code, then name), submits, waits for the answer. */
export function rushIn(discord: DiscordStandIn, crowd: ReadonlyArray<{ person: Person; at: number }>, users: readonly UserRef[], submitTimeoutMs: number): Promise<Visit[]> {
	return Promise.all(
		crowd.map(async ({ person, at }, index) => {
			await sleep(at);
			const user = users[index]!;
			const clicked = Date.now();
			let modal: ModalView;
			try {
				modal = await openRegistrationForm(discord, user);
			} catch {
				return { acks: [{ id: null, at: clicked }], submitted: clicked, result: null, answeredAt: Number.NaN };
			}
			// Clicking Register is an interaction too: its acknowledgement (the modal) counts against the 3 s window.
			const click = { id: modal.interactionId, at: clicked };
			const submitted = Date.now();
			try {
				const result = await discord.submitModal(user, modal, [person.code, person.name], { timeoutMs: submitTimeoutMs });
				return { acks: [click, { id: result.interactionId, at: submitted }], submitted, result, answeredAt: Date.now() };
			} catch {
				return { acks: [click, { id: null, at: submitted }], submitted, result: null, answeredAt: Number.NaN };
			}
		})
	);
}

/** Milliseconds from each interaction's start to its first callback (Infinity when none came). */
export function acknowledgementTimes(discord: DiscordStandIn, firstRequest: number, visits: readonly Visit[]): number[] {
	const callbackAt = new Map<string, number>();
	for (const request of discord.requests.slice(firstRequest)) {
		const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
		if (id && !callbackAt.has(id)) callbackAt.set(id, request.at.getTime());
	}
	return visits.flatMap((visit) => visit.acks.map((ack) => (ack.id && callbackAt.has(ack.id) ? callbackAt.get(ack.id)! - ack.at : Number.POSITIVE_INFINITY)));
}
