import { expect } from 'chai';
import type { PretixOrder } from '#lib/pretix/schemas';
import { ticketsFromOrder } from '#lib/registration/Ticket';
import { fixtureEvent, VARIATION_IDS } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';
import { ITEM_IDS } from '../../standins/pretix/generateEvent';

describe('registration/ticketsFromOrder', () => {
	const { catalog, byCode } = parsedEvent(fixtureEvent());
	const order = (code: string): PretixOrder => structuredClone(byCode.get(code)!);
	const tickets = (value: PretixOrder) => ticketsFromOrder(value, catalog).tickets;

	it('turns a paid order into tickets with item and variation names, ignoring the nameless add-on', () => {
		const result = tickets(order('ABC12'));
		expect(result.map((ticket) => [ticket.itemName, ticket.variationName, ticket.admission])).to.deep.equal([
			['Business', 'Conference', true],
			['Beginners’ Day Unconference / Humble Data Access', null, true]
		]);
		expect(result.every((ticket) => ticket.key === 'ABC12-adalovelace' && ticket.status === 'paid' && ticket.attendeeName === 'Ada Lovelace')).to.equal(true);
		expect(new Set(result.map((ticket) => ticket.positionId)).size).to.equal(2);
	});

	it('carries the attendee’s own email when pretix has one, never the buyer’s', () => {
		const group = order('GRP34');
		group.positions[0]!.attendee_email = ' zoe@example.org ';
		expect(tickets(group).map((ticket) => [ticket.attendeeName, ticket.email])).to.deep.equal([
			['Zoë Ünal', 'zoe@example.org'],
			['山田太郎', undefined]
		]);
	});

	it('counts pending orders only when pretix marks them valid_if_pending', () => {
		expect(tickets(order('PEND1')).map((ticket) => ticket.status)).to.deep.equal(['pending']);
		expect(tickets(order('PEND2'))).to.deep.equal([]);
	});

	it('ignores cancelled and expired orders', () => {
		expect(tickets(order('CANC1'))).to.deep.equal([]);
		expect(tickets(order('EXPD1'))).to.deep.equal([]);
		const paidButCancelled = { ...order('ABC12'), status: 'c' as const };
		expect(tickets(paidButCancelled)).to.deep.equal([]);
	});

	it('ignores test-mode orders', () => {
		expect(tickets(order('TEST9'))).to.deep.equal([]);
		expect(tickets({ ...order('TEST9'), testmode: false })).to.have.length(1);
	});

	it('drops cancelled positions inside a paid order and keeps the others', () => {
		expect(tickets(order('GRP34')).map((ticket) => ticket.attendeeName)).to.deep.equal(['Zoë Ünal', '山田太郎']);
	});

	it('drops blocked positions; an empty block list is not a block', () => {
		expect(tickets(order('BLCK1'))).to.deep.equal([]);
		const unblocked = order('BLCK1');
		unblocked.positions[0]!.blocked = [];
		expect(tickets(unblocked)).to.have.length(1);
	});

	it('gives a nameless admission ticket the invoice-address name, but never a nameless add-on', () => {
		expect(tickets(order('NONAM')).map((ticket) => [ticket.key, ticket.attendeeName])).to.deep.equal([['NONAM-katherinejohnson', 'Katherine Johnson']]);
		const noInvoice = { ...order('NONAM'), invoice_address: null };
		expect(tickets(noInvoice)).to.deep.equal([]);
		const onlyAddon = order('ABC12');
		onlyAddon.positions = onlyAddon.positions.filter((position) => position.item === ITEM_IDS.tshirt);
		expect(onlyAddon.invoice_address?.name).to.equal('Ada Lovelace');
		expect(tickets(onlyAddon)).to.deep.equal([]);
	});

	it('ignores names that fold to nothing', () => {
		const emoji = order('VOLNT');
		emoji.positions[0]!.attendee_name = '🐍 ✨';
		expect(tickets(emoji)).to.deep.equal([]);
	});

	it('maps variations per item even when a variation id equals another item id', () => {
		expect(VARIATION_IDS.volunteer).to.equal(ITEM_IDS.beginnersDay);
		const [ticket] = tickets(order('VOLNT'));
		expect([ticket!.itemName, ticket!.variationName]).to.deep.equal(['Community Contributors', 'Volunteer']);
	});

	it('reports why each named position that grants nothing is refused, order reasons before position reasons', () => {
		const refused = (value: PretixOrder) => ticketsFromOrder(value, catalog).refused;
		expect(refused(order('PEND2'))).to.deep.equal([{ key: 'PEND2-alanturing', refusal: 'order-pending' }]);
		expect(refused({ ...order('PEND2'), require_approval: true })).to.deep.equal([{ key: 'PEND2-alanturing', refusal: 'order-awaiting-approval' }]);
		expect(refused(order('CANC1'))).to.deep.equal([{ key: 'CANC1-margarethamilton', refusal: 'order-canceled' }]);
		expect(refused(order('EXPD1'))).to.deep.equal([{ key: 'EXPD1-linustorvalds', refusal: 'order-expired' }]);
		expect(refused(order('BLCK1'))).to.deep.equal([{ key: 'BLCK1-barbaraliskov', refusal: 'ticket-blocked' }]);
		expect(refused(order('GRP34'))).to.deep.equal([{ key: 'GRP34-olgapetrova', refusal: 'ticket-canceled' }]);
		expect(refused({ ...order('BLCK1'), testmode: true, status: 'c' })).to.deep.equal([{ key: 'BLCK1-barbaraliskov', refusal: 'test-mode' }]);
		expect(refused(order('TEST9'))).to.deep.equal([{ key: 'TEST9-testperson', refusal: 'test-mode' }]);
		// A nameless admission ticket is refused under the invoice name, like it would be registered under it.
		expect(refused({ ...order('NONAM'), status: 'e' })).to.deep.equal([{ key: 'NONAM-katherinejohnson', refusal: 'order-expired' }]);
		expect(refused(order('ABC12'))).to.deep.equal([]);
		expect(refused(order('PEND1'))).to.deep.equal([]);
	});

	it('skips and reports unknown items and variations without losing the rest of the order', () => {
		const broken = order('GRP34');
		broken.positions[0]!.item = 9999;
		broken.positions[1]!.variation = VARIATION_IDS.volunteer;
		const result = ticketsFromOrder(broken, catalog);
		expect(result.tickets).to.deep.equal([]);
		expect(result.skipped.map((skip) => skip.reason)).to.deep.equal(['unknown item 9999', `unknown variation ${VARIATION_IDS.volunteer} of item ${ITEM_IDS.sponsor}`]);
		expect(result.skipped.every((skip) => skip.order === 'GR***')).to.equal(true);
		const partly = order('ABC12');
		partly.positions[1]!.item = 9999;
		expect(ticketsFromOrder(partly, catalog).tickets.map((ticket) => ticket.itemName)).to.deep.equal(['Business']);
	});
});
