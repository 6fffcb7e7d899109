import { expect } from 'chai';
import { PretixError } from '../../../src/lib/pretix/errors';
import type { ApplyResult } from '../../../src/lib/registration/applyToMember';
import { ClaimLedger } from '../../../src/lib/registration/ClaimLedger';
import { formatLookup, formatManualRegistration } from '../../../src/lib/registration/organizerReplies';
import { OrganizerRegistrations, type ManualRegistrationRequest } from '../../../src/lib/registration/organizerTools';
import { toLedgerTicket } from '../../../src/lib/registration/RegistrationFlow';
import type { Ticket } from '../../../src/lib/registration/Ticket';
import { openDatabase, type SqliteDatabase } from '../../../src/lib/store/Database';

const now = new Date('2026-07-13T07:00:00Z');

function ticket(orderCode: string, positionId: number, attendeeName: string, itemName = 'Business'): Ticket {
	return { key: `${orderCode}-${attendeeName}`, orderCode, positionId, itemId: 1, variationId: null, itemName, variationName: null, attendeeName, admission: true, status: 'paid' };
}

const ada = ticket('ABC12', 1, 'Ada Lovelace');
const adaTutorial = ticket('ABC12', 2, 'Ada Lovelace', 'Tutorial');
const grace = ticket('GRP34', 3, 'Grace Hopper');
const rolesByItem: Record<string, string[]> = { Business: ['r-participant'], Tutorial: ['r-participant', 'r-tutorial'] };

describe('registration/OrganizerRegistrations', () => {
	let db: SqliteDatabase;
	let ledger: ClaimLedger;
	let tools: OrganizerRegistrations;
	let pretixDown: boolean;
	const applied: Array<{ roleIds: string[]; nickname: string | null }> = [];
	const request = (overrides: Partial<ManualRegistrationRequest> = {}): ManualRegistrationRequest => ({
		userId: 'u1',
		orderInput: 'ABC12',
		nameInput: 'Ada Lovelace',
		actor: 'organizer',
		reason: 'lost their email',
		apply: async (roleIds, nickname) => {
			applied.push({ roleIds, nickname });
			return { ok: true, nicknameSet: true, addedRoleIds: roleIds };
		},
		...overrides
	});

	beforeEach(() => {
		db = openDatabase(':memory:');
		ledger = new ClaimLedger(db);
		pretixDown = false;
		applied.length = 0;
		const all = [ada, adaTutorial, grace];
		tools = new OrganizerRegistrations({
			finder: {
				lookupOrFetch: async (order, name) => {
					if (pretixDown) throw new PretixError('pretix answered 503');
					return all.filter((t) => t.orderCode === order.toUpperCase() && t.attendeeName === name);
				},
				hasOrder: (code) => all.some((t) => t.orderCode === code)
			},
			ledger,
			rolesFor: (tickets) => {
				const roleIds = [...new Set(tickets.flatMap((t) => rolesByItem[t.itemName] ?? []))];
				return { roleIds, roleNames: roleIds.map((id) => id.slice(2)), unresolved: [] };
			},
			now: () => now
		});
	});
	afterEach(() => db.close());

	const claim = (userId: string, tickets: Ticket[]) => {
		ledger.claim(userId, tickets.map(toLedgerTicket), { source: 'self', now });
		ledger.setAppliedRoles(userId, tickets.map((t) => toLedgerTicket(t).key), [...new Set(tickets.flatMap((t) => rolesByItem[t.itemName]!))], null, now);
	};

	it('registers by hand: claim with source organizer and reason, roles and badge name applied', async () => {
		const outcome = await tools.register(request());
		// Both of Ada's tickets in the order go to the account together: the union of their roles.
		expect(outcome).to.deep.include({ kind: 'registered', again: false, roleNames: ['participant', 'tutorial'] });
		expect(applied).to.deep.equal([{ roleIds: ['r-participant', 'r-tutorial'], nickname: 'Ada Lovelace' }]);
		const rows = ledger.ticketsOf('u1');
		expect(rows.map((row) => row.itemName)).to.deep.equal(['Business', 'Tutorial']);
		for (const row of rows) expect(row).to.deep.include({ source: 'organizer', reason: 'lost their email', roles: ['r-participant', 'r-tutorial'] });
		expect(ledger.history({ userId: 'u1' }).map((e) => [e.kind, e.actor])).to.deep.equal([['organizer-register', 'organizer']]);
	});

	it('refuses a ticket another account holds and names the holder', async () => {
		claim('u2', [ada]);
		expect(await tools.register(request())).to.deep.include({ kind: 'held-by-other', holderId: 'u2' });
		expect(applied).to.deep.equal([]);
	});

	it('rolls the claim back when Discord refuses the roles', async () => {
		const refuse = async (): Promise<ApplyResult> => ({ ok: false, reason: 'missing-permissions', detail: 'Missing Permissions' });
		expect(await tools.register(request({ apply: refuse }))).to.deep.equal({ kind: 'discord-refused', reason: 'missing-permissions' });
		expect(ledger.ticketsOf('u1')).to.deep.equal([]);
	});

	it('tells an unknown order from a wrong name, and reports pretix being down and empty input', async () => {
		expect(await tools.register(request({ orderInput: 'ZZZZ9' }))).to.deep.equal({ kind: 'not-found', orderCode: 'ZZZZ9', orderKnown: false });
		expect(await tools.register(request({ nameInput: 'Charles Babbage' }))).to.deep.equal({ kind: 'not-found', orderCode: 'ABC12', orderKnown: true });
		expect(await tools.register(request({ reason: '  ' }))).to.deep.equal({ kind: 'bad-input' });
		pretixDown = true;
		expect(await tools.register(request())).to.deep.equal({ kind: 'pretix-unavailable', orderCode: 'ABC12' });
	});

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
		expect(formatManualRegistration({ kind: 'roles-missing', unresolved: ['@here'] }, 'u1')).to.include('@\u200bhere');
	});
});
