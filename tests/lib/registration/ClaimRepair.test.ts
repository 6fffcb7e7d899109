import { expect } from 'chai';
import type { ApplyResult } from '../../../src/lib/registration/applyToMember';
import { ClaimLedger, type LedgerTicket } from '../../../src/lib/registration/ClaimLedger';
import type { MemberApplier } from '../../../src/lib/registration/applyToMember';
import { ClaimRepair } from '../../../src/lib/registration/ClaimRepair';
import { repairLogEntry } from '../../../src/lib/registration/messages';
import { openDatabase } from '../../../src/lib/store/Database';

const crashAt = new Date('2026-06-01T08:45:00Z');
const restartAt = new Date('2026-06-01T08:46:00Z');
const ticket = (order: string, name = 'Ada Lovelace', item = 'Business'): LedgerTicket => ({ key: `${order}-${name}`, orderCode: order, positionId: order.charCodeAt(0), itemName: item, attendeeName: name });
const roleIds: Record<string, string> = { Business: '111', Remote: '222' };

describe('registration/ClaimRepair', () => {
	let ledger: ClaimLedger;
	let applied: Array<{ userId: string; roleIds: string[]; nickname: string | null }>;
	let members: Map<string, ApplyResult | Error>;

	const repair = () =>
		new ClaimRepair({
			isQueued: () => false,
			ledger,
			rolesFor: (tickets) => {
				const ids = tickets.flatMap((t) => (roleIds[t.itemName] ? [roleIds[t.itemName]!] : []));
				const unresolved = tickets.filter((t) => !roleIds[t.itemName]).map((t) => t.itemName);
				return { roleIds: ids, roleNames: tickets.map((t) => t.itemName), unresolved };
			},
			memberOf: async (userId): Promise<MemberApplier | null> => {
				const answer = members.get(userId);
				if (answer instanceof Error) throw answer;
				if (!answer) return null;
				return async (ids, nickname) => {
					applied.push({ userId, roleIds: ids, nickname });
					return answer;
				};
			},
			now: () => restartAt
		}).repair(restartAt);

	beforeEach(() => {
		ledger = new ClaimLedger(openDatabase(':memory:'));
		applied = [];
		members = new Map();
	});

	it('gives a member who is still here the roles their interrupted claim promises, and records them', async () => {
		ledger.claim('u1', [ticket('AAAAA')], { source: 'self', now: crashAt });
		members.set('u1', { ok: true, nicknameSet: true, addedRoleIds: ['111'] });
		const [outcome] = await repair();
		expect(outcome).to.deep.equal({ kind: 'reapplied', userId: 'u1', orderCodes: ['AAAAA'], roleNames: ['Business'] });
		expect(applied).to.deep.equal([{ userId: 'u1', roleIds: ['111'], nickname: 'Ada Lovelace' }]);
		expect(ledger.ticketsOf('u1').map((r) => [r.roles, r.nickname])).to.deep.equal([[['111'], 'Ada Lovelace']]);
		expect(ledger.unappliedClaims(restartAt)).to.deep.equal([]);
		expect(repairLogEntry(outcome!)).to.include("<@u1>'s registration (order AAAAA) was interrupted by a restart; finished it: Business.");
	});

	it('releases the claim of a member who left, and of one Discord refuses', async () => {
		ledger.claim('gone', [ticket('BBBBB')], { source: 'self', now: crashAt });
		ledger.claim('above', [ticket('CCCCC', 'Grace Hopper')], { source: 'self', now: crashAt });
		members.set('above', { ok: false, reason: 'missing-permissions', detail: 'Missing Permissions' });
		const outcomes = await repair();
		expect(outcomes.map((o) => [o.userId, o.kind, o.kind === 'released' ? o.why : null])).to.deep.equal([
			['above', 'released', 'discord-refused'],
			['gone', 'released', 'left-server']
		]);
		expect(ledger.holderOf('BBBBB-Ada Lovelace')).to.equal(null);
		expect(ledger.holderOf('CCCCC-Grace Hopper')).to.equal(null);
		expect(ledger.history({ userId: 'gone' }).map((e) => e.kind)).to.deep.equal(['claimed', 'released']);
	});

	it('releases a claim whose ticket type no longer maps to a role', async () => {
		ledger.claim('u1', [ticket('DDDDD', 'Ada Lovelace', 'Merch')], { source: 'self', now: crashAt });
		members.set('u1', { ok: true, nicknameSet: true, addedRoleIds: [] });
		const [outcome] = await repair();
		expect(outcome).to.include({ kind: 'released', why: 'no-roles' });
		expect(applied).to.deep.equal([]);
	});

	it('keeps the claim for the next start when Discord fails transiently', async () => {
		ledger.claim('flaky', [ticket('EEEEE')], { source: 'self', now: crashAt });
		ledger.claim('down', [ticket('FFFFF', 'Grace Hopper')], { source: 'self', now: crashAt });
		members.set('flaky', { ok: false, reason: 'error', detail: '502 Bad Gateway' });
		members.set('down', new Error('connect ECONNREFUSED'));
		const outcomes = await repair();
		expect(outcomes.map((o) => o.kind)).to.deep.equal(['kept', 'kept']);
		expect(ledger.unappliedClaims(restartAt).map((r) => r.userId)).to.deep.equal(['down', 'flaky']);
		expect(repairLogEntry(outcomes[0]!)).to.include('I will try again at the next start');
	});

	it('leaves alone completed registrations and claims made after this start', async () => {
		ledger.claim('done', [ticket('GGGGG')], { source: 'self', now: crashAt });
		ledger.setAppliedRoles('done', ['GGGGG-Ada Lovelace'], ['111'], null, crashAt);
		ledger.claim('new', [ticket('HHHHH', 'Grace Hopper')], { source: 'self', now: new Date(restartAt.getTime() + 1) });
		expect(await repair()).to.deep.equal([]);
		expect(applied).to.deep.equal([]);
	});
});
