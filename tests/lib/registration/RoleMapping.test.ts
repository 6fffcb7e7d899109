import { expect } from 'chai';
import { RoleMapping } from '#lib/registration/RoleMapping';
import { TicketIndex } from '#lib/registration/TicketIndex';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';

describe('registration/RoleMapping', () => {
	const event = parsedEvent(fixtureEvent());
	const index = new TicketIndex();
	index.replaceAll(event.orders, event.catalog);
	// The original bot's production mapping, with its typographic apostrophe.
	const mapping = new RoleMapping({
		items: {
			Business: ['Participants', 'Onsite Participants'],
			Personal: ['Participants', 'Onsite Participants'],
			'Community Contributors': ['Participants', 'Onsite Participants'],
			'Remote Participation Ticket': ['Participants', 'Remote Participants'],
			'Sponsor Conference Pass': ['Participants', 'Onsite Participants', 'Sponsors'],
			"Beginners' Day Unconference / Humble Data Access": ['Beginners Day']
		},
		variations: {
			Volunteer: ['Organisers', 'Volunteers', 'Onsite Volunteers'],
			'Business / Combined': ['Tutorial Attendees'],
			Combined: ['Should Not Win']
		}
	});

	it('unions item roles over all tickets of a person, in first-seen order', () => {
		expect(mapping.rolesFor(index.lookup('ABC12', 'Ada Lovelace'))).to.deep.equal(['Participants', 'Onsite Participants', 'Beginners Day']);
	});

	it('adds variation roles by bare variation name, as the original did', () => {
		expect(mapping.rolesFor(index.lookup('VOLNT', 'Seán Ó Rudaí'))).to.deep.equal([
			'Participants',
			'Onsite Participants',
			'Organisers',
			'Volunteers',
			'Onsite Volunteers'
		]);
	});

	it('prefers a qualified "Item / Variation" key over the bare variation name', () => {
		expect(mapping.rolesFor([{ itemName: 'Business', variationName: 'Combined' }])).to.deep.equal(['Participants', 'Onsite Participants', 'Tutorial Attendees']);
		expect(mapping.rolesFor([{ itemName: 'Personal', variationName: 'Combined' }])).to.deep.equal(['Participants', 'Onsite Participants', 'Should Not Win']);
	});

	it('gives no roles for unmapped tickets or no tickets', () => {
		expect(mapping.rolesFor(index.lookup('NONAM', 'Katherine Johnson'))).to.deep.equal([]);
		expect(mapping.rolesFor([])).to.deep.equal([]);
	});

	it('lists admission ticket types that would give no role, never add-ons', () => {
		const unmapped = mapping.unmappedItems(event.catalog).map((entry) => (entry.variationName ? `${entry.itemName} / ${entry.variationName}` : entry.itemName));
		// Education / Combined gets its role from the bare `Combined` variation key.
		expect(unmapped).to.deep.equal(['Education / Conference', 'Education / Tutorials', 'Grant ticket', 'Presenter', 'On-site Volunteer']);
	});

	it('lists config keys that match nothing in the catalog', () => {
		const typo = new RoleMapping({ items: { Bussiness: ['Participants'] }, variations: { 'Business / Volunteer': ['X'], Volunteer: ['Y'] } });
		expect(typo.unknownKeys(event.catalog)).to.deep.equal(['items: Bussiness', 'variations: Business / Volunteer']);
	});

	it('rejects a malformed mapping', () => {
		expect(() => new RoleMapping({ items: { Business: 'Participants' as unknown as string[] } })).to.throw();
		expect(() => new RoleMapping({ items: { Business: [''] } })).to.throw();
	});
});
