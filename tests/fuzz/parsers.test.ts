import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseItem, parseOrder, type PretixItem } from '#lib/pretix/schemas';
import { parseWebhook } from '#lib/pretix/webhook';
import { ScheduleFormatError } from '#lib/programme/sources/errors';
import { parseScheduleDocument } from '#lib/programme/sources/ScheduleSource';
import { Catalog } from '#lib/registration/Catalog';
import { fitNickname } from '#lib/registration/applyToMember';
import { normalizeName, normalizeOrderCode } from '#lib/registration/normalize';
import { ticketsFromOrder } from '#lib/registration/Ticket';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { fixtureEvent } from '../fixtures/pretix/event';
import { parsedEvent } from '../fixtures/pretix/parsed';
import { HostileText } from './generators';

const SEED = 20260602;
const ROUNDS = 400;

/** Breaks a valid JSON document in the ways real feeds break: fields gone, wrong types, hostile strings, odd numbers. */
class JsonMutator {
	public constructor(private readonly text: HostileText) {}

	public mutate<T>(document: T, mutations: number): unknown {
		const copy = structuredClone(document) as unknown;
		for (let i = 0; i < mutations; i++) this.mutateOnce(copy);
		return copy;
	}

	private mutateOnce(root: unknown): void {
		const path = this.randomPath(root);
		if (!path) return;
		const [parent, key] = path;
		const replacements: Array<() => unknown> = [
			() => undefined,
			() => null,
			() => this.text.text(),
			() => this.text.long(),
			() => this.text.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 3.14159]),
			() => this.text.pick([true, false]),
			() => [],
			() => ({}),
			() => [this.text.text(), null, 7],
			() => ({ nested: { deeper: [this.text.text()] } }),
			() => this.text.pick(['2026-13-45T25:61:00', 'not a date', '', '0000-00-00', '2026-06-01T09:00:00+99:00', '99:99', 'P1D'])
		];
		const value = this.text.pick(replacements)();
		if (value === undefined) {
			if (Array.isArray(parent)) parent.splice(Number(key), 1);
			else delete (parent as Record<string, unknown>)[key];
		} else (parent as Record<string, unknown>)[key] = value;
	}

	/** A random (container, key) pair anywhere in the document. */
	private randomPath(root: unknown): [object, string] | null {
		let current = root;
		let chosen: [object, string] | null = null;
		for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
			const keys = Object.keys(current);
			if (keys.length === 0) break;
			const key = this.text.pick(keys);
			chosen = [current, key];
			if (this.text.chance(35)) break;
			current = (current as Record<string, unknown>)[key];
		}
		return chosen;
	}
}

describe('fuzz: pretix and pretalx parsers with malformed payloads', () => {
	const text = new HostileText(SEED);
	const mutator = new JsonMutator(text);
	const event = fixtureEvent();
	const { catalog } = parsedEvent(event);

	it(`pretix orders: ${ROUNDS} broken orders are parsed or reported, never thrown, and never yield a ticket without a name`, () => {
		const index = new TicketIndex(catalog);
		let parsed = 0;
		let reported = 0;
		for (let round = 0; round < ROUNDS; round++) {
			const raw = mutator.mutate(text.pick(event.orders), text.int(1, 6));
			const { order, skipped } = parseOrder(raw);
			if (!order) {
				expect(skipped, `round ${round}`).to.have.length(1);
				reported++;
				continue;
			}
			parsed++;
			const { tickets } = ticketsFromOrder(order, catalog);
			for (const ticket of tickets) expect(normalizeName(ticket.attendeeName), `round ${round}`).to.not.equal('');
			index.upsertOrder(order);
		}
		expect(parsed, 'some orders survive their mutations').to.be.greaterThan(0);
		expect(reported, 'some orders are rejected whole').to.be.greaterThan(0);
	});

	it(`pretix items: ${ROUNDS} broken items are parsed or reported, and a catalog builds from the survivors`, () => {
		const survivors: PretixItem[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const { item, skipped } = parseItem(mutator.mutate(text.pick(event.items), text.int(1, 4)));
			if (item) survivors.push(item);
			else expect(skipped, `round ${round}`).to.have.length(1);
		}
		expect(() => Catalog.fromPretix(survivors)).to.not.throw();
	});

	it('pretix webhook bodies: a hostile body only ever triggers a re-fetch of a well-formed code for our own event', () => {
		const valid = { notification_id: 1, organizer: 'europython', event: 'ep2026', code: 'ABC12', action: 'pretix.event.order.paid' };
		const target = { organizer: 'europython', event: 'ep2026' };
		const kinds = new Set<string>();
		for (let round = 0; round < ROUNDS; round++) {
			const body = mutator.mutate(valid, text.int(1, 4)) as Record<string, unknown>;
			const outcome = parseWebhook(body, target);
			kinds.add(outcome.kind);
			if (outcome.kind !== 'refetch') continue;
			expect([body.organizer, body.event], `round ${round}`).to.deep.equal(['europython', 'ep2026']);
			expect(outcome.code, `round ${round}`).to.equal(normalizeOrderCode(String(body.code)));
			expect(outcome.code, `round ${round}`).to.match(/^[A-Z0-9]{5,}$/);
		}
		expect([...kinds].sort(), 'hostile bodies reach every outcome').to.deep.equal(['ignored', 'invalid', 'refetch']);
	});

	for (const file of ['frab-schedule.json', 'v2-schedule.json', 'legacy-schedule.json']) {
		it(`pretalx ${file}: ${ROUNDS} broken documents parse or fail with ScheduleFormatError only`, () => {
			const document = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'pretalx', file), 'utf8')) as unknown;
			const failures = new Map<string, number>();
			for (let round = 0; round < ROUNDS; round++) {
				try {
					const schedule = parseScheduleDocument(mutator.mutate(document, text.int(1, 8)));
					expect(schedule.sessions, `round ${round}`).to.be.an('array');
				} catch (error) {
					if (!(error instanceof ScheduleFormatError)) throw new Error(`round ${round}: ${file} threw ${(error as Error).name}: ${(error as Error).message}`, { cause: error });
					failures.set(error.message.slice(0, 40), (failures.get(error.message.slice(0, 40)) ?? 0) + 1);
				}
			}
			expect(failures.size, 'some documents are broken beyond use').to.be.greaterThan(0);
		});
	}

	it('form normalisers take 4,000-character hostile strings (beyond the form limits) without throwing, and find no ticket', () => {
		const index = new TicketIndex(catalog);
		for (const order of parsedEvent(event).orders) index.upsertOrder(order);
		expect(index.size, 'the index holds the fixture tickets').to.be.greaterThan(0);
		for (let round = 0; round < ROUNDS; round++) {
			const order = text.long();
			const name = text.long();
			normalizeOrderCode(order);
			expect(fitNickname(name).length).to.be.at.most(32);
			expect(index.lookup(order, name)).to.deep.equal([]);
		}
	});
});
