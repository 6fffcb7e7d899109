import { expect } from 'chai';
import type { PretixOrder } from '#lib/pretix/schemas';
import { nameCandidates, TicketIndex } from '#lib/registration/TicketIndex';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';

describe('registration/TicketIndex', () => {
	const event = parsedEvent(fixtureEvent());
	let index: TicketIndex;
	beforeEach(() => {
		index = new TicketIndex();
		index.replaceAll(structuredClone(event.orders), event.catalog);
	});

	it('finds all tickets of a person by order code and name', () => {
		const tickets = index.lookup('ABC12', 'Ada Lovelace');
		expect(tickets.map((ticket) => ticket.itemName)).to.deep.equal(['Business', 'Beginners’ Day Unconference / Humble Data Access']);
	});

	it('accepts ticket ids, a leading #, lower case and surrounding spaces in the order code', () => {
		for (const code of ['#ABC12-1', 'abc12', ' ABC12 ', '#abc12-3']) expect(index.lookup(code, 'Ada Lovelace'), code).to.have.length(2);
	});

	it('accepts names in another word order, case, accents and spacing', () => {
		expect(index.lookup('ABC12', 'lovelace ada')).to.have.length(2);
		expect(index.lookup('VOLNT', 'Sean O Rudai')).to.have.length(1);
		expect(index.lookup('VOLNT', 'Rudaí Ó Seán')).to.have.length(1);
		expect(index.lookup('GRP34', 'zoe  unal')).to.have.length(1);
		expect(index.lookup('GRP34', '山田 太郎')).to.have.length(1);
		expect(index.lookup('RMT56', 'Петрова Ольга')).to.have.length(1);
	});

	it('counts the people under each name: a person with several tickets in one order once, the same name in two orders twice', () => {
		expect(index.peopleByName().get('adalovelace')).to.equal(1);
		expect(index.peopleByName().get('zoeunal')).to.equal(1);
		const again = structuredClone(event.orders.find((order) => order.code === 'ABC12')!);
		index.upsertOrder({ ...again, code: 'ABC99' });
		expect(index.peopleByName().get('adalovelace')).to.equal(2);
	});

	it('returns only the named person of a group order', () => {
		expect(index.lookup('GRP34', 'Zoë Ünal').map((ticket) => ticket.attendeeName)).to.deep.equal(['Zoë Ünal']);
	});

	it('never matches the wrong order, a wrong name, a bad code or an empty name', () => {
		expect(index.lookup('RMT56', 'Ada Lovelace')).to.deep.equal([]);
		expect(index.lookup('ABC12', 'Ada Byron')).to.deep.equal([]);
		expect(index.lookup('ABC12', 'Ada')).to.deep.equal([]);
		expect(index.lookup('AB', 'Ada Lovelace')).to.deep.equal([]);
		expect(index.lookup('ABC12', '🐍 …')).to.deep.equal([]);
		expect(index.lookup('ABC12', '')).to.deep.equal([]);
	});

	it('does not see orders that grant nothing', () => {
		for (const code of ['PEND2', 'CANC1', 'EXPD1', 'BLCK1', 'TEST9']) expect(index.hasOrder(code), code).to.equal(false);
		expect(index.lookup('PEND1', 'Grace Hopper')).to.have.length(1);
	});

	it('explains a miss: the refusal for that name, a name not in a known order, or an unknown order', () => {
		expect(index.explainMiss('#pend2-1', 'turing alan')).to.equal('order-pending');
		expect(index.explainMiss('CANC1', 'Margaret Hamilton')).to.equal('order-canceled');
		expect(index.explainMiss('EXPD1', 'Linus Torvalds')).to.equal('order-expired');
		expect(index.explainMiss('BLCK1', 'Barbara Liskov')).to.equal('ticket-blocked');
		expect(index.explainMiss('GRP34', 'Grace Hopper')).to.equal('unknown-name');
		expect(index.explainMiss('GRP34', 'Ольга Петрова')).to.equal('ticket-canceled');
		expect(index.explainMiss('TEST9', 'Test Person')).to.equal('test-mode');
		expect(index.explainMiss('PEND2', 'Ada Lovelace')).to.equal('unknown-name');
		expect(index.explainMiss('ABC12', 'Ada Byron')).to.equal('unknown-name');
		expect(index.explainMiss('ZZZZ9', 'Ada Lovelace')).to.equal('unknown-order');
		expect(index.explainMiss('AB', 'Ada Lovelace')).to.equal('unknown-order');
		// Refused positions are never tickets.
		expect(index.lookup('PEND2', 'Alan Turing')).to.deep.equal([]);
		expect(index.lookup('GRP34', 'Ольга Петрова')).to.deep.equal([]);
	});

	it('forgets a refusal once the order is paid, removed or gone from a full resync', () => {
		const paid: PretixOrder = { ...structuredClone(event.byCode.get('PEND2')!), status: 'p' };
		index.upsertOrder(paid);
		expect(index.lookup('PEND2', 'Alan Turing')).to.have.length(1);
		expect(index.explainMiss('PEND2', 'Alan Turing')).to.equal('unknown-name');
		index.removeOrder('BLCK1');
		expect(index.explainMiss('BLCK1', 'Barbara Liskov')).to.equal('unknown-order');
		index.replaceAll(
			structuredClone(event.orders).filter((order) => order.code !== 'EXPD1'),
			event.catalog
		);
		expect(index.explainMiss('EXPD1', 'Linus Torvalds')).to.equal('unknown-order');
		expect(index.explainMiss('CANC1', 'Margaret Hamilton')).to.equal('order-canceled');
	});

	it('replaces an order on upsert and forgets it on remove, keeping the size right', () => {
		const before = index.size;
		const renamed: PretixOrder = structuredClone(event.byCode.get('ABC12')!);
		renamed.positions[0]!.attendee_name = 'Augusta Ada King';
		index.upsertOrder(renamed);
		expect(index.lookup('ABC12', 'Augusta Ada King').map((ticket) => ticket.itemName)).to.deep.equal(['Business']);
		expect(index.lookup('ABC12', 'Ada Lovelace').map((ticket) => ticket.itemName)).to.deep.equal(['Beginners’ Day Unconference / Humble Data Access']);
		expect(index.size).to.equal(before);
		index.removeOrder('abc12');
		expect(index.lookup('ABC12', 'Augusta Ada King')).to.deep.equal([]);
		expect(index.size).to.equal(before - 2);
	});

	it('drops on full resync what was cancelled or renamed inside a paid order', () => {
		const orders = structuredClone(event.orders);
		const group = orders.find((order) => order.code === 'GRP34')!;
		group.positions[1]!.canceled = true;
		group.positions[0]!.attendee_name = 'Zoë Ünal-Schmidt';
		index.replaceAll(orders, event.catalog);
		expect(index.lookup('GRP34', '山田太郎')).to.deep.equal([]);
		expect(index.lookup('GRP34', 'Zoë Ünal')).to.deep.equal([]);
		expect(index.lookup('GRP34', 'Zoë Ünal-Schmidt')).to.have.length(1);
	});

	it('counts admission tickets per ticket type for the statistics funnel', () => {
		const stats = index.stats();
		// ABC12 (2), PEND1, NONAM, VOLNT, GRP34 (2), RMT56: the T-shirt is not admission, the rest grant nothing.
		expect(stats.tickets).to.equal(8);
		expect(stats.orders).to.equal(6);
		expect(stats.people).to.equal(7);
		expect(stats.soldByTicketType).to.deep.equal([
			{ type: 'Sponsor Conference Pass', count: 2 },
			{ type: 'Beginners’ Day Unconference / Humble Data Access', count: 1 },
			{ type: 'Business / Conference', count: 1 },
			{ type: 'Community Contributors / Volunteer', count: 1 },
			{ type: 'Grant ticket', count: 1 },
			{ type: 'Personal / Conference', count: 1 },
			{ type: 'Remote Participation Ticket', count: 1 }
		]);
	});

	describe('nameCandidates', () => {
		it('tries every word order once, identity first', () => {
			expect(nameCandidates('Ada Lovelace')).to.deep.equal(['adalovelace', 'lovelaceada']);
			expect(nameCandidates('a b a')).to.have.members(['aba', 'aab', 'baa']).and.have.length(3);
		});

		it('bounds long names to five parts (120 orderings)', () => {
			const candidates = nameCandidates('a1 b2 c3 d4 e5 f6 g7');
			expect(candidates).to.have.length(120);
			expect(candidates[0]).to.equal('a1b2c3d4e5f6g7');
			expect(candidates).to.include('e5f6g7a1b2c3d4');
		});

		it('has nothing to try for an empty name', () => {
			expect(nameCandidates('  🐍 ')).to.deep.equal([]);
		});
	});
});
