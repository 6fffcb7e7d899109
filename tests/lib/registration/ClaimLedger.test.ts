import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ClaimLedger, positionKey, type ClaimResult, type LedgerTicket, type PositionKey } from '#lib/registration/ClaimLedger';

const now = new Date('2026-07-13T07:00:00Z');
// Keys as the ledger reports them, written out so a test reads like the rows it expects.
const key = (text: string) => text as PositionKey;

function ticket(orderCode: string, positionId: number, attendeeName = 'Jane Doe', itemName = 'Business'): LedgerTicket {
	return { orderCode, positionId, itemName, variationName: null, attendeeName };
}

describe('registration/ClaimLedger', () => {
	let db: SqliteDatabase;
	let ledger: ClaimLedger;
	beforeEach(() => {
		db = openDatabase(':memory:');
		ledger = new ClaimLedger(db);
	});
	afterEach(() => db.close());

	it('claims all tickets of an attendee together and reports a repeat claim as already registered', () => {
		const tickets = [ticket('ABC12', 1), ticket('ABC12', 2, 'Jane Doe', 'Tutorial')];
		expect(ledger.claim('u1', tickets, { source: 'self', now })).to.deep.equal({ ok: true, alreadyRegistered: false, claimed: ['ABC12-1', 'ABC12-2'] });
		expect(ledger.claim('u1', tickets, { source: 'self', now })).to.deep.equal({ ok: true, alreadyRegistered: true, claimed: [] });
		expect(ledger.ticketsOf('u1').map((r) => r.ticketKey)).to.deep.equal(['ABC12-1', 'ABC12-2']);
		expect(ledger.history({ userId: 'u1' }).map((e) => e.kind)).to.deep.equal(['claimed']);
	});

	it('claims only the missing tickets when the user already holds some of them', () => {
		ledger.claim('u1', [ticket('ABC12', 1)], { source: 'self', now });
		const result = ledger.claim('u1', [ticket('ABC12', 1), ticket('ABC12', 2)], { source: 'self', now });
		expect(result).to.deep.equal({ ok: true, alreadyRegistered: false, claimed: ['ABC12-2'] });
	});

	it('refuses a claim when another account holds any ticket, and writes nothing', () => {
		ledger.claim('u1', [ticket('ABC12', 1)], { source: 'self', now });
		const result = ledger.claim('u2', [ticket('XYZ99', 1), ticket('ABC12', 1)], { source: 'self', now });
		expect(result).to.deep.equal({ ok: false, reason: 'held-by-other', holderId: 'u1', ticketKeys: ['ABC12-1'] });
		expect(ledger.holderOf(key('XYZ99-1'))).to.equal(null);
		expect(ledger.ticketsOf('u2')).to.deep.equal([]);
		expect(ledger.history({ userId: 'u2' })).to.deep.equal([]);
	});

	it('refuses a position another account holds even under a different key', () => {
		ledger.claim('u1', [ticket('ABC12', 1)], { source: 'self', now });
		const renamed = { ...ticket('ABC12', 1), key: 'ABC12-janedoe' };
		expect(ledger.claim('u2', [renamed], { source: 'self', now })).to.deep.equal({ ok: false, reason: 'held-by-other', holderId: 'u1', ticketKeys: ['ABC12-1'] });
	});

	it('rejects an empty claim as a programming error', () => {
		expect(() => ledger.claim('u1', [], { source: 'self', now })).to.throw(RangeError);
	});

	it('releases by ticket keys or by user so another account can claim, and keeps the history', () => {
		ledger.claim('u1', [ticket('ABC12', 1), ticket('ABC12', 2)], { source: 'self', now });
		const released = ledger.release([key('ABC12-1')], { actor: 'bot', reason: 'Discord refused roles', now });
		expect(released.map((r) => r.userId)).to.deep.equal(['u1']);
		expect(ledger.holderOf(key('ABC12-1'))).to.equal(null);
		expect(ledger.holderOf(key('ABC12-2'))).to.equal('u1');

		const unlinked = ledger.release('u1', { actor: 'org1', reason: 'ticket moved', now, kind: 'organizer-unlink' });
		expect(unlinked.map((r) => r.ticketKey)).to.deep.equal(['ABC12-2']);
		expect(ledger.claim('u2', [ticket('ABC12', 1), ticket('ABC12', 2)], { source: 'self', now })).to.include({ ok: true, alreadyRegistered: false });
		expect(ledger.history({ ticketKey: key('ABC12-2') }).map((e) => [e.kind, e.userId, e.actor])).to.deep.equal([
			['claimed', 'u1', 'u1'],
			['organizer-unlink', 'u1', 'org1'],
			['claimed', 'u2', 'u2']
		]);
	});

	it('records organizer registrations with actor and reason', () => {
		ledger.claim('u3', [ticket('ORG01', 1)], { source: 'organizer', actor: 'org1', reason: 'name typo in pretix', now });
		const [registration] = ledger.ticketsOf('u3');
		expect(registration).to.include({ source: 'organizer', reason: 'name typo in pretix' });
		expect(ledger.history({ userId: 'u3' })[0]).to.include({ kind: 'organizer-register', actor: 'org1', detail: 'name typo in pretix' });
	});

	it('returns the applied roles and nickname for a rejoin and logs re-applications', () => {
		expect(ledger.restoreFor('u1')).to.equal(null);
		ledger.claim('u1', [ticket('ABC12', 1), ticket('ABC12', 2)], { source: 'self', now });
		expect(ledger.setAppliedRoles('u1', [key('ABC12-1')], ['r-participant', 'r-onsite'], 'Jane Doe', now)).to.equal(1);
		expect(ledger.setAppliedRoles('u1', [key('ABC12-2')], ['r-participant', 'r-tutorial'], 'Jane Doe', now)).to.equal(1);
		expect(ledger.setAppliedRoles('u2', [key('ABC12-1')], ['r-admin'], 'Mallory', now)).to.equal(0);
		const plan = ledger.restoreFor('u1');
		expect(plan?.roles).to.have.members(['r-participant', 'r-onsite', 'r-tutorial']);
		expect(plan).to.include({ nickname: 'Jane Doe' });
		expect(ledger.history({ userId: 'u1' }).map((e) => e.kind)).to.deep.equal(['claimed']);

		ledger.setAppliedRoles('u1', [key('ABC12-1')], ['r-participant'], 'Jane Doe', now);
		ledger.recordRestore('u1', plan!.ticketKeys, plan!.roles.length, now);
		expect(ledger.history({ userId: 'u1' }).map((e) => e.kind)).to.deep.equal(['claimed', 'reapplied', 'rejoin-restore']);
	});

	it('finds registrations by order code and by folded name fragment', () => {
		ledger.claim('u1', [ticket('ABC12', 1, 'Ærwin Ölsen')], { source: 'self', now });
		ledger.claim('u2', [ticket('ABC12', 2, 'Jane 100% Doe')], { source: 'self', now });
		expect(ledger.findByOrder(' abc12 ').map((r) => r.userId)).to.deep.equal(['u1', 'u2']);
		expect(ledger.findByName('aerwinol').map((r) => r.userId)).to.deep.equal(['u1']);
		expect(ledger.findByName('%')).to.deep.equal([]);
		expect(ledger.findByName('')).to.deep.equal([]);
	});

	it('lists every registration, oldest first', () => {
		ledger.claim('u2', [ticket('B2222', 1, 'Joe')], { source: 'self', now: new Date('2026-07-13T07:00:00Z') });
		ledger.claim('u1', [ticket('A1111', 1), ticket('A1111', 2, 'Jane Doe', 'Tutorial')], { source: 'self', now: new Date('2026-07-13T08:00:00Z') });
		expect(ledger.all().map((r) => [r.userId, r.ticketKey, r.itemName])).to.deep.equal([
			['u2', positionKey(ticket('B2222', 1, 'Joe')), 'Business'],
			['u1', positionKey(ticket('A1111', 1)), 'Business'],
			['u1', positionKey(ticket('A1111', 2, 'Jane Doe', 'Tutorial')), 'Tutorial']
		]);
	});

	describe('two processes racing on one file', () => {
		let dir: string;
		beforeEach(() => {
			dir = mkdtempSync(join(tmpdir(), 'usher-ledger-'));
		});
		afterEach(() => rmSync(dir, { recursive: true, force: true }));

		it('a second handle sees the first claim and is refused', () => {
			const file = join(dir, 'usher.sqlite');
			const [firstDb, secondDb] = [openDatabase(file), openDatabase(file)];
			expect(new ClaimLedger(firstDb).claim('u1', [ticket('ABC12', 1)], { source: 'self', now }).ok).to.equal(true);
			expect(new ClaimLedger(secondDb).claim('u2', [ticket('ABC12', 1)], { source: 'self', now })).to.include({ ok: false, holderId: 'u1' });
			firstDb.close();
			secondDb.close();
		});

		it('gives every ticket to exactly one of two concurrent workers, all-or-nothing per claim', async () => {
			const file = join(dir, 'usher.sqlite');
			const db2 = openDatabase(file);
			// Worker A claims tickets {2i, 2i+1}, worker B claims {2i+1, 2i+2}: every claim overlaps one of the other's.
			const groupCount = 150;
			const groupsA = Array.from({ length: groupCount }, (_, i) => [ticket('RACE0', 2 * i), ticket('RACE0', 2 * i + 1)]);
			const groupsB = Array.from({ length: groupCount }, (_, i) => [ticket('RACE0', 2 * i + 1), ticket('RACE0', 2 * i + 2)]);
			const gate = new SharedArrayBuffer(8);
			const [resultsA, resultsB] = await Promise.all([runWorker(file, 'uA', groupsA, gate), runWorker(file, 'uB', groupsB, gate, true)]);

			const ledger2 = new ClaimLedger(db2);
			const check = (user: string, other: string, groups: LedgerTicket[][], results: ClaimResult[]) =>
				groups.forEach((group, i) => {
					const holders = group.map((t) => ledger2.holderOf(positionKey(t)));
					const result = results[i];
					if (result.ok) expect(holders).to.deep.equal([user, user]);
					else {
						expect(result.holderId).to.equal(other);
						expect(result.ticketKeys.map((key) => ledger2.holderOf(key))).to.deep.equal(result.ticketKeys.map(() => other));
						expect(holders).to.not.include(user);
					}
				});
			check('uA', 'uB', groupsA, resultsA);
			check('uB', 'uA', groupsB, resultsB);
			// No refused claim left a ticket behind: every held ticket belongs to a successful claim of its holder.
			const wonKeys = (groups: LedgerTicket[][], results: ClaimResult[]) => groups.filter((_, i) => results[i].ok).flat().map(positionKey);
			expect(ledger2.ticketsOf('uA').map((r) => r.ticketKey)).to.have.members([...new Set(wonKeys(groupsA, resultsA))]);
			expect(ledger2.ticketsOf('uB').map((r) => r.ticketKey)).to.have.members([...new Set(wonKeys(groupsB, resultsB))]);
			db2.close();
		});
	});
});

const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
require('tsx/cjs');
const { openDatabase } = require(workerData.databaseModule);
const { ClaimLedger } = require(workerData.ledgerModule);
const db = openDatabase(workerData.file);
const ledger = new ClaimLedger(db);
const gate = new Int32Array(workerData.gate);
Atomics.add(gate, 0, 1);
Atomics.notify(gate, 0);
Atomics.wait(gate, 1, 0);
const results = workerData.groups.map((group) => ledger.claim(workerData.userId, group, { source: 'self', now: new Date() }));
db.close();
parentPort.postMessage(results);
`;

/** Runs claims in a worker thread with its own SQLite handle; both workers start together once both are ready. */
function runWorker(file: string, userId: string, groups: LedgerTicket[][], gate: SharedArrayBuffer, opensGate = false): Promise<ClaimResult[]> {
	const worker = new Worker(workerSource, {
		eval: true,
		workerData: {
			file,
			userId,
			groups,
			gate,
			databaseModule: require.resolve('../../../src/lib/store/Database'),
			ledgerModule: require.resolve('../../../src/lib/registration/ClaimLedger')
		}
	});
	if (opensGate) {
		const flags = new Int32Array(gate);
		const open = () => {
			if (Atomics.load(flags, 0) < 2) return setTimeout(open, 5);
			Atomics.store(flags, 1, 1);
			Atomics.notify(flags, 1);
		};
		open();
	}
	return new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
}
