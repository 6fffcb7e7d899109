import { expect } from 'chai';
import type { ApplyResult } from '#lib/registration/applyToMember';
import { ClaimLedger, positionKey } from '#lib/registration/ClaimLedger';
import { MemberRoles } from '#lib/registration/MemberRoles';
import { RoleGrants, type AccessLane, type GrantResult, type RoleGrantsDeps } from '#lib/registration/RoleGrants';
import { RoleQueue } from '#lib/registration/RoleQueue';
import { openDatabase } from '#lib/store/Database';

const ticket = (userId: string) => ({ key: `ABC12-${userId}`, orderCode: 'ABC12', positionId: Number(userId.replace(/\D/g, '')) || 1, itemName: 'Business', variationName: null, attendeeName: `Person ${userId}` });

function rig(apply: (userId: string, roleIds: string[]) => Promise<ApplyResult | null>, access?: AccessLane, bucketResetAt?: () => number, memberRoles?: RoleGrantsDeps['memberRoles']) {
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
			return async (roleIds) => {
				applied.push(userId);
				const result = await apply(userId, roleIds);
				if (!result) throw new Error('unreachable');
				return result;
			};
		},
		onDone: (result) => void done.push(result),
		onError: () => undefined,
		now,
		retryDelayMs: 5,
		...(access ? { access } : {}),
		...(bucketResetAt ? { bucketResetAt } : {}),
		...(memberRoles ? { memberRoles } : {})
	});
	const enqueue = (userId: string, roleIds = ['r1']) => {
		const claim = ledger.claim(userId, [ticket(userId)], { source: 'self', now: now() });
		if (!claim.ok) throw new Error('held');
		return queue.enqueue({ userId, roleIds, roleNames: roleIds.map((id) => `Role ${id}`), nickname: `Person ${userId}`, tickets: [], ticketKeys: [positionKey(ticket(userId))], claimedKeys: claim.claimed, again: false }, now());
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

	it('the member PATCH carries the Speakers role of a linked speaker on top of the ticket’s roles; the ledger records only the ticket’s', async () => {
		const speakers = new Set(['u1']);
		const memberRoles = new MemberRoles(() => []);
		memberRoles.addSource('speakers', (userId) => (speakers.has(userId) ? ['r-speakers'] : []));
		const patched = new Map<string, string[]>();
		const { grants, ledger, enqueue } = rig(
			async (userId, roleIds) => (patched.set(userId, roleIds), { ok: true, nicknameSet: true, addedRoleIds: roleIds }),
			undefined,
			undefined,
			memberRoles
		);
		enqueue('u1', ['r-sponsors']);
		enqueue('u2', ['r-sponsors']);
		const last = grants.whenDone('u2');
		grants.start();
		await last;
		await grants.stop();
		expect(patched.get('u1')).to.deep.equal(['r-sponsors', 'r-speakers']);
		expect(patched.get('u2')).to.deep.equal(['r-sponsors']);
		expect(ledger.ticketsOf('u1')[0]?.roles).to.deep.equal(['r-sponsors']);
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

	it('lets members in through the access lane while the member lane serves those without access first, never both at once', async () => {
		const pause = () => new Promise((resolve) => setTimeout(resolve, 3));
		const busy = new Set<string>();
		const lanes = { member: 0, access: 0, mostMember: 0, mostAccess: 0 };
		const overlapped: string[] = [];
		const events: string[] = [];
		const enter = (userId: string) => (busy.has(userId) ? overlapped.push(userId) : busy.add(userId));
		const access: AccessLane = {
			roleId: () => 'r1',
			give: async (userId, roleId) => {
				enter(userId);
				lanes.mostAccess = Math.max(lanes.mostAccess, ++lanes.access);
				await pause();
				lanes.access--;
				busy.delete(userId);
				events.push(`access ${userId} ${roleId}`);
				return userId === 'u2' ? 'not-given' : 'given';
			},
			onAccess: (job) => void events.push(`told ${job.userId}`)
		};
		const { grants, queue, done, enqueue } = rig(async (userId) => {
			enter(userId);
			lanes.mostMember = Math.max(lanes.mostMember, ++lanes.member);
			await pause();
			lanes.member--;
			busy.delete(userId);
			events.push(`patch ${userId} (${queue.get(userId)?.job.accessGivenAt ? 'let in' : 'outside'})`);
			return { ok: true, nicknameSet: true, addedRoleIds: ['r1'] };
		}, access);
		const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];
		// u3's ticket gives no access role: only the member lane can serve them.
		for (const userId of users) enqueue(userId, userId === 'u3' ? ['r2'] : ['r1', 'r2']);
		const all = Promise.all(users.map((userId) => grants.whenDone(userId)));
		grants.start();
		expect((await all).map((result) => result.kind)).to.deep.equal(users.map(() => 'granted'));
		await grants.stop();
		expect(overlapped, 'a member served by both lanes at once').to.deep.equal([]);
		expect([lanes.mostMember, lanes.mostAccess]).to.deep.equal([1, 1]);
		const letIn = events.filter((event) => event.startsWith('told ')).map((event) => event.slice(5));
		expect(letIn.length, 'the access lane let people in').to.be.greaterThan(1);
		expect(letIn).not.to.include.members(['u2', 'u3']);
		// Everyone still gets the one PATCH with their nickname; those let in get it after everyone outside was served.
		const patches = events.filter((event) => event.startsWith('patch '));
		expect(patches).to.have.length(users.length);
		const firstLetInPatch = patches.findIndex((event) => event.endsWith('(let in)'));
		expect(patches.slice(firstLetInPatch).every((event) => event.endsWith('(let in)')), patches.join(', ')).to.equal(true);
		expect(done.map((result) => result.job.userId)).to.have.members(users);
	});

	it('leaves a short line to the member lane: a role PUT there would only cost a request', async () => {
		const given: string[] = [];
		const { grants, enqueue, queue } = rig(async () => ({ ok: true, nicknameSet: true, addedRoleIds: ['r1'] }), {
			roleId: () => 'r1',
			give: async (userId) => (given.push(userId), 'given'),
			onAccess: () => undefined
		});
		enqueue('u1');
		enqueue('u2');
		expect(queue.outside()).to.equal(2);
		const both = Promise.all([grants.whenDone('u1'), grants.whenDone('u2')]);
		grants.start();
		expect((await both).map((result) => result.kind)).to.deep.equal(['granted', 'granted']);
		await grants.stop();
		expect(given).to.deep.equal([]);
	});

	it('estimates the wait to get in from both buckets when the access lane is on, and from the member bucket alone when not', () => {
		const on = rig(async () => null, { roleId: () => 'r1', give: async () => 'given', onAccess: () => undefined });
		const off = rig(async () => null);
		const unresolved = rig(async () => null, { roleId: () => null, give: async () => 'given', onAccess: () => undefined });
		expect([on.grants.etaSeconds(10), off.grants.etaSeconds(10), unresolved.grants.etaSeconds(10)]).to.deep.equal([5, 10, 10]);
	});

	it('after a restart, waits out the bucket window the last process spent before its first request', async () => {
		const started = Date.now();
		let firstAt = 0;
		const { grants, enqueue } = rig(
			async () => ((firstAt ||= Date.now()), { ok: true, nicknameSet: true, addedRoleIds: ['r1'] }),
			undefined,
			() => started + 150
		);
		enqueue('u1');
		const done = grants.whenDone('u1');
		grants.start();
		expect((await done).kind).to.equal('granted');
		await grants.stop();
		expect(firstAt - started).to.be.at.least(140);
	});

	it('stops at once while it waits out a spent window, and new members do not cut the wait short', async () => {
		const applied: string[] = [];
		const { grants, enqueue } = rig(async (userId) => (applied.push(userId), { ok: true, nicknameSet: true, addedRoleIds: ['r1'] }), undefined, () => Date.now() + 60_000);
		grants.start();
		enqueue('u1');
		grants.wake();
		const stopping = Date.now();
		await grants.stop();
		expect(Date.now() - stopping).to.be.below(5_000);
		expect(applied, 'nothing asked of Discord inside the spent window').to.deep.equal([]);
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
