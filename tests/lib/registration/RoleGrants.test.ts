import { expect } from 'chai';
import type { ApplyResult } from '../../../src/lib/registration/applyToMember';
import { ClaimLedger } from '../../../src/lib/registration/ClaimLedger';
import { GrantPace, RoleGrants, type GrantResult } from '../../../src/lib/registration/RoleGrants';
import { RoleQueue } from '../../../src/lib/registration/RoleQueue';
import { openDatabase } from '../../../src/lib/store/Database';

const ticket = (userId: string) => ({ key: `ABC12-${userId}`, orderCode: 'ABC12', positionId: Number(userId.replace(/\D/g, '')) || 1, itemName: 'Business', variationName: null, attendeeName: `Person ${userId}` });

function rig(apply: (userId: string) => Promise<ApplyResult | null>) {
	const db = openDatabase(':memory:');
	const now = () => new Date();
	const ledger = new ClaimLedger(db);
	const queue = new RoleQueue(db);
	const done: GrantResult[] = [];
	const applied: string[] = [];
	const grants = new RoleGrants({
		queue,
		ledger,
		memberOf: async (userId) => {
			return async () => {
				applied.push(userId);
				const result = await apply(userId);
				if (!result) throw new Error('unreachable');
				return result;
			};
		},
		onDone: (result) => void done.push(result),
		onError: () => undefined,
		now,
		retryDelayMs: 5
	});
	const enqueue = (userId: string) => {
		const claim = ledger.claim(userId, [ticket(userId)], { source: 'self', now: now() });
		if (!claim.ok) throw new Error('held');
		return queue.enqueue({ userId, roleIds: ['r1'], roleNames: ['Participants'], nickname: `Person ${userId}`, tickets: [], ticketKeys: [ticket(userId).key], claimedKeys: claim.claimed, again: false }, now());
	};
	return { grants, queue, ledger, done, applied, enqueue };
}

describe('registration/RoleGrants', () => {
	it('gives roles first in, first out, one member at a time, and records them in the ledger', async () => {
		let inFlight = 0;
		let most = 0;
		const { grants, queue, ledger, applied, enqueue } = rig(async () => {
			most = Math.max(most, ++inFlight);
			await new Promise((resolve) => setTimeout(resolve, 2));
			inFlight--;
			return { ok: true, nicknameSet: true, addedRoleIds: ['r1'] };
		});
		for (const userId of ['u1', 'u2', 'u3', 'u4']) enqueue(userId);
		const last = grants.whenDone('u4');
		grants.start();
		expect((await last).kind).to.equal('granted');
		await grants.stop();
		expect(applied).to.deep.equal(['u1', 'u2', 'u3', 'u4']);
		expect(most, 'one request in flight').to.equal(1);
		expect(queue.depth).to.equal(0);
		expect(ledger.ticketsOf('u3')[0]?.roles).to.deep.equal(['r1']);
	});

	it('releases the claim when Discord refuses the roles, and keeps a member in line through a transient failure', async () => {
		let failures = 1;
		const { grants, ledger, done, enqueue } = rig(async (userId) => {
			if (userId === 'u1') return { ok: false, reason: 'missing-permissions', detail: 'role above the bot' };
			if (failures-- > 0) return { ok: false, reason: 'error', detail: 'Discord 502' };
			return { ok: true, nicknameSet: true, addedRoleIds: ['r1'] };
		});
		enqueue('u1');
		enqueue('u2');
		const second = grants.whenDone('u2');
		grants.start();
		expect((await second).kind).to.equal('granted');
		await grants.stop();
		expect(done.map((result) => [result.job.userId, result.kind])).to.deep.equal([
			['u1', 'refused'],
			['u2', 'granted']
		]);
		expect(ledger.ticketsOf('u1')).to.deep.equal([]);
		expect(ledger.ticketsOf('u2')).to.have.length(1);
	});

	it('wakes up for members queued while it was idle', async () => {
		const { grants, enqueue } = rig(async () => ({ ok: true, nicknameSet: false, addedRoleIds: [] }));
		grants.start();
		enqueue('u7');
		const result = grants.whenDone('u7');
		grants.wake();
		expect((await result).kind).to.equal('granted');
		await grants.stop();
	});
});

describe('registration/GrantPace', () => {
	it('estimates from Discord’s observed 10 per 10 s until the member bucket’s headers say otherwise', () => {
		const pace = new GrantPace(1);
		expect(pace.etaSeconds(60)).to.equal(60);
		// A fixed window: the first answer in it shows the whole window, later ones less.
		pace.observeBucket(10, 1);
		pace.observeBucket(10, 0.4);
		expect(pace.perSecond).to.equal(10);
		expect(pace.etaSeconds(60)).to.equal(6);
		pace.observeBucket(Number.NaN, 3);
		expect(pace.perSecond).to.equal(10);
	});

	it('trusts what it achieved over several windows when that is slower than the bucket allows', () => {
		const pace = new GrantPace(1, 21);
		pace.observeBucket(10, 1);
		for (let i = 0; i < 20; i++) pace.record(i * 200);
		expect(pace.perSecond, 'not enough grants yet').to.equal(10);
		pace.record(20 * 200);
		expect(pace.perSecond).to.equal(5);
	});
});
