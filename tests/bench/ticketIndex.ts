// Conference-scale benchmark of the ticket index: 50,000 orders / ~100,000 positions, build time, memory, lookup latency.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { parseItem, parseOrder, type PretixOrder } from '#lib/pretix/schemas';
import { Catalog } from '#lib/registration/Catalog';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { generateEvent } from '../standins/pretix/generateEvent';

const ORDERS = 50_000;
const LOOKUPS = 20_000;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function benchTicketIndex(): Promise<Record<string, number>> {
	const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
	const event = generateEvent({ seed: 2026, orders: ORDERS });
	const positions = event.orders.reduce((sum, order) => sum + order.positions.length, 0);

	const parseStart = performance.now();
	const catalog = Catalog.fromPretix(event.items.map((raw) => parseItem(raw).item!));
	const orders: PretixOrder[] = event.orders.map((raw) => parseOrder(raw).order!);
	const parseMs = performance.now() - parseStart;
	event.orders.length = 0;

	const heapBefore = process.memoryUsage().heapUsed;
	const buildStart = performance.now();
	const index = new TicketIndex();
	index.replaceAll(orders, catalog);
	const buildMs = performance.now() - buildStart;
	const indexHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

	// Queries as attendees type them: a real person's name, often reordered or lower-cased, and some misses.
	const rng = xoroshiro128plus(7);
	const people = orders.flatMap((order) => order.positions.filter((position) => position.attendee_name).map((position) => [order.code, position.attendee_name!] as const));
	const timings: number[] = [];
	let hits = 0;
	for (let i = 0; i < LOOKUPS; i++) {
		const [code, name] = people[uniformInt(rng, 0, people.length - 1)]!;
		const variant = uniformInt(rng, 0, 9);
		const typed = variant < 3 ? name.split(' ').reverse().join(' ') : variant < 6 ? name.toLowerCase() : variant === 9 ? `${name} Nobody` : name;
		const started = process.hrtime.bigint();
		if (index.lookup(variant % 2 ? `#${code.toLowerCase()}-1` : code, typed).length > 0) hits++;
		timings.push(Number(process.hrtime.bigint() - started) / 1000);
	}
	timings.sort((a, b) => a - b);

	return {
		orders: ORDERS,
		positions,
		tickets: index.size,
		parseMs: Math.round(parseMs),
		buildMs: Math.round(buildMs),
		baselineRssMb: Math.round(baselineRssMb),
		// Peak includes the generated raw event; indexHeapMb is what the index itself adds (garbage included).
		peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
		indexHeapMb: Math.round(indexHeapMb),
		lookups: LOOKUPS,
		hitRate: Math.round((hits / LOOKUPS) * 1000) / 1000,
		lookupP50Us: Math.round(percentile(timings, 50) * 10) / 10,
		lookupP99Us: Math.round(percentile(timings, 99) * 10) / 10
	};
}

if (require.main === module) {
	benchTicketIndex().then((result) => console.log(JSON.stringify(result, null, 2)));
}
