import { expect } from 'chai';
import { exportRecords, itemsFromExport, ordersFromExport, parseJsonDocuments } from '#lib/pretix/exportFiles';
import { fixtureEvent } from '../../fixtures/pretix/event';

describe('pretix/exportFiles', () => {
	const event = fixtureEvent();
	const page = (results: unknown[], next: string | null = null) => ({ count: results.length, next, previous: null, results });

	it('splits JSON documents written one after another, braces inside strings included', () => {
		expect(parseJsonDocuments('{"a":"}{"} \n[1,{"b":"\\"]"}]{"c":[]}')).to.deep.equal([{ a: '}{' }, [1, { b: '"]' }], { c: [] }]);
	});

	it('rejects text that is not JSON documents', () => {
		expect(() => parseJsonDocuments('{"a":1')).to.throw(/middle of a document/);
		expect(() => parseJsonDocuments('hello')).to.throw(/expected a JSON object or array/);
		expect(() => parseJsonDocuments('{"a":1}}')).to.throw(/unexpected '}'/);
	});

	it('reads one page, an array of pages, a bare results array and concatenated pages alike', () => {
		const [first, second] = [event.orders.slice(0, 4), event.orders.slice(4)];
		const shapes = [
			JSON.stringify(page(event.orders)),
			JSON.stringify([page(first, 'http://x/?page=2'), page(second)]),
			JSON.stringify(event.orders),
			`${JSON.stringify(page(first, 'http://x/?page=2'), null, 2)}\n${JSON.stringify(page(second), null, 2)}\n`
		];
		for (const text of shapes) {
			expect(ordersFromExport(text).orders.map((order) => order.code)).to.deep.equal(event.orders.map((order) => order.code));
		}
		expect(exportRecords([page([1, 2]), [3]])).to.deep.equal([1, 2, 3]);
	});

	it('reads items and reports malformed records', () => {
		const { items, skipped } = itemsFromExport(JSON.stringify([...event.items, { id: 'x' }]));
		expect(items).to.have.length(event.items.length);
		expect(skipped).to.have.length(1);
		expect(ordersFromExport(JSON.stringify([{ code: 'ABC99' }])).skipped.map((skip) => skip.order)).to.deep.equal(['AB***']);
	});
});
