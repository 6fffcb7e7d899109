import { expect } from 'chai';
import { ClaimLedger, positionKey } from '#lib/registration/ClaimLedger';
import { formatLookup, formatManualRegistration } from '#lib/registration/organizerReplies';
import { MemberRoles } from '#lib/registration/MemberRoles';
import { OrganizerRegistrations } from '#lib/registration/OrganizerRegistrations';
import { attendeeKey, type Ticket } from '#lib/registration/Ticket';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

const now = new Date('2026-07-13T07:00:00Z');

function ticket(orderCode: string, positionId: number, attendeeName: string, itemName = 'Business'): Ticket {
	return { key: attendeeKey(orderCode, attendeeName), orderCode, positionId, itemId: 1, variationId: null, itemName, variationName: null, attendeeName, admission: true, status: 'paid' };
}

const ada = ticket('ABC12', 1, 'Ada Lovelace');
const adaTutorial = ticket('ABC12', 2, 'Ada Lovelace', 'Tutorial');
const grace = ticket('GRP34', 3, 'Grace Hopper');
const rolesByItem: Record<string, string[]> = { Business: ['r-participant'], Tutorial: ['r-participant', 'r-tutorial'] };

describe('registration/OrganizerRegistrations', () => {
	let db: SqliteDatabase;
	let ledger: ClaimLedger;
	let tools: OrganizerRegistrations;

	beforeEach(() => {
		db = openDatabase(':memory:');
		ledger = new ClaimLedger(db);
		const all = [ada, adaTutorial, grace];
		tools = new OrganizerRegistrations({ finder: { hasOrder: (code) => all.some((t) => t.orderCode === code) }, ledger, now: () => now });
	});
	afterEach(() => db.close());

	const claim = (userId: string, tickets: Ticket[]) => {
		ledger.claim(userId, tickets, { source: 'self', now });
		ledger.setAppliedRoles(userId, tickets.map(positionKey), [...new Set(tickets.flatMap((t) => rolesByItem[t.itemName]!))], null, now);
	};

	it('looks up by member, order and name, and narrows to what matches all given criteria', () => {
		claim('u1', [ada]);
		claim('u2', [grace]);
		expect(tools.lookup({ userId: 'u1' }).registrations.map((r) => r.userId)).to.deep.equal(['u1']);
		expect(tools.lookup({ order: '#grp34' }).registrations.map((r) => r.userId)).to.deep.equal(['u2']);
		expect(tools.lookup({ name: 'hopper' }).registrations.map((r) => r.attendeeName)).to.deep.equal(['Grace Hopper']);
		expect(tools.lookup({ userId: 'u1', order: 'GRP34' }).registrations).to.deep.equal([]);
		expect(tools.lookup({}).registrations).to.deep.equal([]);
		expect(tools.lookup({ order: 'NOPE1' }).order).to.deep.equal({ code: 'NOPE1', known: false });
	});

	it('unlinks and lists only roles no remaining ticket still gives', () => {
		claim('u1', [ada]);
		claim('u1', [grace]);
		const result = tools.unlink({ order: 'ABC12' }, { actor: 'organizer', reason: 'duplicate' });
		expect(result.released.map((r) => r.orderCode)).to.deep.equal(['ABC12']);
		expect([...result.rolesNoLongerGranted]).to.deep.equal([['u1', []]]);
		const all = tools.unlink({ userId: 'u1' }, { actor: 'organizer', reason: 'left' });
		expect([...all.rolesNoLongerGranted]).to.deep.equal([['u1', ['r-participant']]]);
		expect(ledger.history({ userId: 'u1' }).filter((e) => e.kind === 'organizer-unlink').map((e) => e.detail)).to.deep.equal(['duplicate', 'left']);
		expect(tools.unlink({ userId: 'u1' }, { actor: 'organizer', reason: 'again' }).released).to.deep.equal([]);
	});

	it('never lists a role another feature still gives: a linked speaker keeps Speakers when the ticket that also gave it is unlinked', () => {
		const memberRoles = new MemberRoles((userId) => ledger.ticketsOf(userId).flatMap((registration) => registration.roles));
		memberRoles.addSource('speakers', (userId) => (userId === 'u1' ? ['r-speakers'] : []));
		const withSpeakers = new OrganizerRegistrations({ finder: { hasOrder: () => true }, ledger, memberRoles, now: () => now });
		ledger.claim('u1', [ada], { source: 'self', now });
		ledger.setAppliedRoles('u1', [positionKey(ada)], ['r-participant', 'r-speakers'], null, now);
		ledger.claim('u2', [grace], { source: 'self', now });
		ledger.setAppliedRoles('u2', [positionKey(grace)], ['r-participant', 'r-speakers'], null, now);
		expect([...withSpeakers.unlink({ userId: 'u1' }, { actor: 'organizer', reason: 'wrong ticket' }).rolesNoLongerGranted]).to.deep.equal([['u1', ['r-participant']]]);
		expect([...withSpeakers.unlink({ userId: 'u2' }, { actor: 'organizer', reason: 'wrong ticket' }).rolesNoLongerGranted]).to.deep.equal([['u2', ['r-participant', 'r-speakers']]]);
	});

	it('unlinks one attendee of a group order without touching the other', () => {
		const zoe = ticket('GRP34', 4, 'Zoe Unal');
		claim('u1', [grace]);
		claim('u2', [zoe]);
		const result = tools.unlink({ order: 'GRP34', name: 'Zoe Unal' }, { actor: 'organizer', reason: 'moved' });
		expect(result.released.map((r) => r.userId)).to.deep.equal(['u2']);
		expect(ledger.ticketsOf('u1')).to.have.length(1);
	});

	it('escapes attendee text in replies so a name cannot format or ping', () => {
		claim('u1', [ticket('ABC12', 9, '*bold* @everyone')]);
		const text = formatLookup(tools.lookup({ userId: 'u1' }));
		expect(text).to.include('\\*bold\\* @\u200beveryone');
		expect(formatManualRegistration({ kind: 'roles-missing', tickets: [], unresolved: ['@here'] }, 'u1')).to.include('@\u200bhere');
	});
});
