import { expect } from 'chai';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoleQueue, type NewRoleJob } from '#lib/registration/RoleQueue';
import { openDatabase } from '#lib/store/Database';
import type { PositionKey } from '#lib/registration/ClaimLedger';

// Keys written out as the queue stores them.
const key = (text: string) => text as PositionKey;

const job = (userId: string, roleIds = ['r1']): NewRoleJob => ({
	userId,
	roleIds,
	roleNames: ['Participants'],
	nickname: `Nick ${userId}`,
	tickets: [],
	ticketKeys: [key(`ABC12-${userId}`)],
	claimedKeys: [key(`ABC12-${userId}`)],
	again: false
});

describe('registration/RoleQueue', () => {
	const at = new Date('2026-07-13T07:00:00Z');

	it('is first in, first out; a member sent again keeps their place with the newest roles', () => {
		const queue = new RoleQueue(openDatabase(':memory:'));
		expect([queue.enqueue(job('a'), at), queue.enqueue(job('b'), at), queue.enqueue(job('c'), at)]).to.deep.equal([1, 2, 3]);
		expect(queue.enqueue(job('b', ['r1', 'r2']), at)).to.equal(2);
		expect(queue.depth).to.equal(3);
		queue.remove('a');
		expect(queue.head()?.job.userId).to.equal('b');
		expect(queue.head()?.job.roleIds).to.deep.equal(['r1', 'r2']);
		expect([queue.placeOf('b'), queue.placeOf('c'), queue.placeOf('a')]).to.deep.equal([1, 2, null]);
	});

	it('keeps the reply to update, the latest one winning, and survives a reopen of the file', () => {
		const file = join(tmpdir(), `usher-role-queue-${process.pid}-${Date.now()}.sqlite`);
		const first = openDatabase(file);
		const queue = new RoleQueue(first);
		queue.enqueue(job('a'), at);
		queue.setReply('a', { applicationId: 'app', token: 'old', expiresAt: new Date(at.getTime() + 60_000) });
		queue.setReply('a', { applicationId: 'app', token: 'new', expiresAt: new Date(at.getTime() + 900_000) });
		first.close();
		const reopened = new RoleQueue(openDatabase(file));
		expect(reopened.get('a')?.reply).to.deep.equal({ applicationId: 'app', token: 'new', expiresAt: new Date(at.getTime() + 900_000) });
		expect(reopened.get('a')?.job).to.deep.include({ userId: 'a', nickname: 'Nick a', queuedAt: at });
	});

	it('puts an organizer’s registrations before the members’, in their own order, and counts places that way', () => {
		const queue = new RoleQueue(openDatabase(':memory:'));
		queue.enqueue(job('a'), at);
		queue.enqueue(job('b'), at);
		const requestedBy = { actor: 'olivia', reason: 'lost their email' };
		expect(queue.enqueue({ ...job('desk1'), purpose: 'organizer', requestedBy }, at)).to.equal(1);
		expect(queue.enqueue({ ...job('desk2'), purpose: 'organizer', requestedBy }, at)).to.equal(2);
		expect(['a', 'b', 'desk1', 'desk2'].map((id) => queue.placeOf(id))).to.deep.equal([3, 4, 1, 2]);
		expect(queue.head()?.job).to.deep.include({ userId: 'desk1', purpose: 'organizer', requestedBy });
		queue.remove('desk1');
		queue.remove('desk2');
		expect(queue.head()?.job).to.deep.include({ userId: 'a', purpose: 'self', requestedBy: null });
	});

	it('keeps every ticket either request claimed when a waiting member is sent again, so a refusal releases them all', () => {
		const queue = new RoleQueue(openDatabase(':memory:'));
		queue.enqueue({ ...job('a'), claimedKeys: [key('ABC12-1')] }, at);
		queue.enqueue({ ...job('a'), claimedKeys: [key('XYZ34-2')], purpose: 'organizer', requestedBy: { actor: 'olivia', reason: 'second ticket' } }, at);
		expect(queue.get('a')?.job.claimedKeys.sort()).to.deep.equal(['ABC12-1', 'XYZ34-2']);
		expect(queue.get('a')?.job.purpose).to.equal('organizer');
		expect(queue.depth).to.equal(1);
	});

	it('hands the access lane the first member with the access role still to get, and puts those served behind the rest', () => {
		const file = join(tmpdir(), `usher-role-queue-access-${process.pid}-${Date.now()}.sqlite`);
		const queue = new RoleQueue(openDatabase(file));
		for (const [userId, roles] of [['a', ['r1']], ['b', ['r2']], ['c', ['r2', 'r1']], ['d', ['r1']]] as const) queue.enqueue(job(userId, [...roles]), at);
		expect(queue.accessHead('r1')?.job.userId).to.equal('a');
		expect(queue.accessHead('r1', ['a'])?.job.userId, 'b has no access role to get').to.equal('c');
		expect(queue.head(['a'])?.job.userId, 'the member lane skips whom the other lane serves').to.equal('b');
		queue.markAccess('a', at);
		queue.markAccess('c', at);
		expect(queue.accessHead('r1')?.job.userId).to.equal('d');
		// Those let in wait for their nickname behind everyone still outside, in their own order.
		expect(queue.head()?.job.userId).to.equal('b');
		expect(['a', 'b', 'c', 'd'].map((userId) => queue.placeOf(userId))).to.deep.equal([3, 1, 4, 2]);
		const reopened = new RoleQueue(openDatabase(file));
		expect(reopened.get('a')?.job.accessGivenAt?.toISOString()).to.equal(at.toISOString());
		expect(reopened.get('b')?.job.accessGivenAt).to.equal(null);
		expect(reopened.head(['b'])?.job.userId).to.equal('d');
	});
});
