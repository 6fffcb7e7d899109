import { expect } from 'chai';
import { PretixError } from '#lib/pretix/errors';
import type { ApplyResult } from '#lib/registration/applyToMember';
import { AttemptLimiter } from '#lib/registration/AttemptLimiter';
import { ClaimLedger, positionKey } from '#lib/registration/ClaimLedger';
import { RegistrationFlow, type RegistrationRequest, type TicketFinder } from '#lib/registration/RegistrationFlow';
import { RoleGrants, type GrantResult } from '#lib/registration/RoleGrants';
import { RoleQueue } from '#lib/registration/RoleQueue';
import type { Ticket } from '#lib/registration/Ticket';
import { TicketIndex, type TicketMiss } from '#lib/registration/TicketIndex';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';
import { eventually } from '../../helpers/eventually';

const now = new Date('2026-07-13T06:45:00Z');
const event = parsedEvent(fixtureEvent());

/** The fixture event's index behind lookups that wait until the test lets them answer, so attempts overlap the way parallel submissions do. */
class GatedFinder implements TicketFinder {
	public lookups = 0;
	public gated = true;
	private readonly index = new TicketIndex();
	private readonly waiting: Array<() => void> = [];

	public constructor() {
		this.index.replaceAll(structuredClone(event.orders), event.catalog);
	}

	public async lookupOrFetch(orderInput: string, nameInput: string): Promise<Ticket[]> {
		this.lookups++;
		if (this.gated) await new Promise<void>((resolve) => this.waiting.push(resolve));
		return this.index.lookup(orderInput, nameInput);
	}

	public hasOrder(orderCode: string): boolean {
		return this.index.hasOrder(orderCode);
	}

	public explainMiss(orderInput: string, nameInput: string): TicketMiss {
		return this.index.explainMiss(orderInput, nameInput);
	}

	public openAll(): void {
		for (const resolve of this.waiting.splice(0)) resolve();
	}
}

describe('registration/RegistrationFlow', () => {
	let db: SqliteDatabase;
	let finder: GatedFinder;
	let flow: RegistrationFlow;
	const request = (nameInput: string, userId = 'u1', orderInput = 'ABC12'): RegistrationRequest => ({
		userId,
		orderInput,
		nameInput
	});
	const countedFailures = () => db.prepare("SELECT COUNT(*) FROM registration_attempts WHERE result = 'wrong-name'").pluck().get() as number;

	beforeEach(() => {
		db = openDatabase(':memory:');
		finder = new GatedFinder();
		flow = new RegistrationFlow({
			finder,
			ledger: new ClaimLedger(db),
			limiter: new AttemptLimiter(db, { maxFailures: 5, windowMinutes: 10, retentionDays: 30 }),
			rolesFor: () => ({ roleIds: ['r-participant'], roleNames: ['Participants'], unresolved: [] }),
			queue: new RoleQueue(db),
			onQueued: () => undefined,
			now: () => now
		});
	});
	afterEach(() => db.close());

	it('admits one of 20 parallel submissions from one account and tells the other 19 it is still checking', async () => {
		const pending = Array.from({ length: 20 }, (_, i) => flow.register(request(`Wrong Name ${i}`)));
		// Every submission has reached the flow before any lookup answers.
		await new Promise<void>((resolve) => setImmediate(resolve));
		finder.openAll();
		const outcomes = await Promise.all(pending);
		expect(finder.lookups).to.equal(1);
		expect(outcomes.filter((outcome) => outcome.kind === 'wrong-name')).to.have.length(1);
		expect(outcomes.filter((outcome) => outcome.kind === 'in-flight')).to.have.length(19);
		expect(countedFailures()).to.equal(1);
	});

	it('still locks out after the limit when the tries come one after another, and lets the account in again after each answer', async () => {
		for (let i = 0; i < 5; i++) {
			const attempt = flow.register(request(`Wrong Name ${i}`));
			await new Promise<void>((resolve) => setImmediate(resolve));
			finder.openAll();
			expect((await attempt).kind).to.equal('wrong-name');
		}
		expect((await flow.register(request('Ada Lovelace'))).kind).to.equal('rate-limited');
		expect(finder.lookups).to.equal(5);
	});

	it('does not hold up other accounts while one account waits for its answer', async () => {
		const first = flow.register(request('Ada Lovelace', 'u1'));
		const other = flow.register(request('Someone Else', 'u2'));
		await new Promise<void>((resolve) => setImmediate(resolve));
		finder.openAll();
		expect((await first).kind).to.equal('queued');
		expect((await other).kind).to.equal('wrong-name');
	});

	it('lets the account try again after an attempt that threw', async () => {
		let calls = 0;
		const broken = new RegistrationFlow({
			finder: {
				lookupOrFetch: () => {
					calls++;
					return Promise.reject(new Error('bug'));
				},
				hasOrder: () => false,
				explainMiss: () => 'unknown-order'
			},
			ledger: new ClaimLedger(db),
			limiter: new AttemptLimiter(db),
			rolesFor: () => ({ roleIds: [], roleNames: [], unresolved: [] }),
			queue: new RoleQueue(db),
			onQueued: () => undefined,
			now: () => now
		});
		const errors = await Promise.all([1, 2].map(() => broken.register(request('Ada Lovelace')).then(() => 'answered', (error: Error) => error.message)));
		expect(errors).to.deep.equal(['bug', 'answered']);
		expect(await broken.register(request('Ada Lovelace')).catch((error: Error) => error.message)).to.equal('bug');
		expect(calls).to.equal(2);
	});

	it('tells a member whose name matches a ticket that cannot register the true reason, and counts it as a failed try', async () => {
		finder.gated = false;
		const cases = [
			['PEND2', 'Alan Turing', 'order-pending'],
			['CANC1', 'Margaret Hamilton', 'order-canceled'],
			['EXPD1', 'Linus Torvalds', 'order-expired'],
			['BLCK1', 'Barbara Liskov', 'ticket-blocked'],
			['GRP34', 'Ольга Петрова', 'ticket-canceled'],
			['TEST9', 'Test Person', 'test-mode']
		] as const;
		for (const [order, name, refusal] of cases) {
			expect(await flow.register(request(name, `u-${order}`, order)), order).to.deep.equal({ kind: 'not-usable', orderCode: order, refusal });
		}
		expect(db.prepare("SELECT COUNT(*) FROM registration_attempts WHERE result = 'not-valid'").pluck().get()).to.equal(cases.length);
		// The reason is only for the name on the ticket: anyone else hears what they would hear for a paid order.
		expect(await flow.register(request('Someone Else', 'u-other', 'PEND2'))).to.deep.equal({ kind: 'wrong-name', orderCode: 'PEND2' });
		expect(await flow.register(request('Ada Lovelace', 'u-unknown', 'ZZZZ9'))).to.deep.equal({ kind: 'unknown-ticket', orderCode: 'ZZZZ9' });
	});
});

describe('registration/RegistrationFlow: every way in goes through the same line', () => {
	const crashAt = new Date('2026-07-13T06:40:00Z');
	let db: SqliteDatabase;
	let ledger: ClaimLedger;
	let queue: RoleQueue;
	let flow: RegistrationFlow;
	let grants: RoleGrants;
	let pretixDown: boolean;
	// What Discord answers per member: absent means not in the server; an Error is a transient failure.
	let members: Map<string, ApplyResult | Error>;
	let applied: Array<{ userId: string; roleIds: string[]; nickname: string | null; auditReason: string }>;
	let finished: GrantResult[];
	const index = new TicketIndex();
	index.replaceAll(structuredClone(event.orders), event.catalog);
	const ok: ApplyResult = { ok: true, nicknameSet: true, addedRoleIds: [] };
	// Every ticket type maps to a role named after it, except those a test unmaps.
	const unmapped = new Set<string>();
	const names = { ABC12: 'Ada Lovelace', VOLNT: 'Seán Ó Rudaí', RMT56: 'Ольга Петрова', GRP34: 'Zoë Ünal' } as const;
	const desk = { actor: 'olivia', reason: 'lost their email' };

	beforeEach(() => {
		db = openDatabase(':memory:');
		ledger = new ClaimLedger(db);
		queue = new RoleQueue(db);
		pretixDown = false;
		members = new Map();
		applied = [];
		finished = [];
		grants = new RoleGrants({
			queue,
			ledger,
			memberOf: async (userId, auditReason) => {
				const answer = members.get(userId);
				if (answer instanceof Error) throw answer;
				if (!answer) return null;
				return async (roleIds, nickname) => {
					applied.push({ userId, roleIds, nickname, auditReason });
					return answer;
				};
			},
			onDone: (result) => void finished.push(result),
			onError: () => undefined,
			now: () => now,
			retryDelayMs: 5
		});
		flow = new RegistrationFlow({
			finder: {
				lookupOrFetch: async (order, name) => {
					if (pretixDown) throw new PretixError('pretix answered 503');
					return index.lookup(order, name);
				},
				hasOrder: (code) => index.hasOrder(code),
				explainMiss: (order, name) => index.explainMiss(order, name)
			},
			ledger,
			limiter: new AttemptLimiter(db, { maxFailures: 5, windowMinutes: 10, retentionDays: 30 }),
			rolesFor: (tickets) => {
				const unresolved = tickets.filter((t) => unmapped.has(t.itemName)).map((t) => t.itemName);
				const roleIds = [...new Set(tickets.filter((t) => !unmapped.has(t.itemName)).map((t) => `r-${t.itemName}`))];
				return { roleIds, roleNames: roleIds.map((id) => id.slice(2)), unresolved };
			},
			queue,
			onQueued: () => grants.wake(),
			now: () => now
		});
	});
	afterEach(async () => {
		await grants.stop();
		db.close();
	});

	const finish = async (count: number) => {
		grants.start();
		await eventually(() => finished.length >= count, `${count} grants to finish`, 2000);
	};
	const ada = { userId: 'u1', orderInput: 'ABC12', nameInput: names.ABC12 };
	const roleNameOf = (roleId: string) => (roleId.startsWith('r-') ? roleId.slice(2) : undefined);

	it('registers by hand: organizer claim with the reason, queued ahead of members, roles and badge name given, no attempt recorded', async () => {
		members.set('member', ok).set('u1', ok);
		await flow.register({ userId: 'member', orderInput: 'VOLNT', nameInput: names.VOLNT });
		const outcome = await flow.registerFor(ada, desk);
		expect(outcome).to.deep.include({ kind: 'queued', place: 1, again: false });
		await finish(2);
		expect(finished.map((result) => [result.job.userId, result.job.purpose, result.kind])).to.deep.equal([
			['u1', 'organizer', 'granted'],
			['member', 'self', 'granted']
		]);
		expect(applied[0]).to.deep.include({ userId: 'u1', nickname: names.ABC12, auditReason: 'usher: registered by an organizer: lost their email' });
		for (const row of ledger.ticketsOf('u1')) expect(row).to.deep.include({ source: 'organizer', reason: 'lost their email' });
		expect(ledger.history({ userId: 'u1' }).map((e) => [e.kind, e.actor])).to.deep.equal([['organizer-register', 'olivia']]);
		expect(db.prepare("SELECT COUNT(*) FROM registration_attempts WHERE user_id = 'u1'").pluck().get()).to.equal(0);
	});

	it('tells an organizer the same truths as the form: held by another, unknown order, wrong name, pretix down', async () => {
		await flow.register({ ...ada, userId: 'holder' });
		expect(await flow.registerFor(ada, desk)).to.deep.include({ kind: 'held-by-other', holderId: 'holder' });
		expect(await flow.registerFor({ userId: 'u1', orderInput: 'ZZZZ9', nameInput: 'Nobody Here' }, desk)).to.deep.equal({ kind: 'unknown-ticket', orderCode: 'ZZZZ9' });
		expect(await flow.registerFor({ userId: 'u1', orderInput: 'ABC12', nameInput: 'Charles Babbage' }, desk)).to.deep.equal({ kind: 'wrong-name', orderCode: 'ABC12' });
		pretixDown = true;
		expect(await flow.registerFor({ userId: 'u1', orderInput: 'QQQQ9', nameInput: 'Nobody Here' }, desk)).to.deep.equal({ kind: 'pretix-unavailable', orderCode: 'QQQQ9' });
		expect(queue.placeOf('u1')).to.equal(null);
	});

	it('rolls an organizer’s claim back when Discord refuses the roles', async () => {
		members.set('u1', { ok: false, reason: 'missing-permissions', detail: 'Missing Permissions' });
		await flow.registerFor(ada, desk);
		await finish(1);
		expect(finished[0]).to.deep.include({ kind: 'refused', reason: 'missing-permissions' });
		expect(ledger.ticketsOf('u1')).to.deep.equal([]);
	});

	it('restores a rejoining member from the ledger through the line, and keeps them registered if they left again', async () => {
		members.set('u1', ok);
		await flow.register(ada);
		await finish(1);
		expect(flow.restore('u1', roleNameOf)).to.equal(1);
		await finish(2);
		expect(finished[1]).to.deep.include({ kind: 'granted' });
		expect(finished[1]!.job).to.deep.include({ purpose: 'rejoin', claimedKeys: [], again: true, nickname: names.ABC12 });
		expect(applied[1]!.auditReason).to.equal('usher: registered member rejoined');
		expect(ledger.history({ userId: 'u1' }).map((e) => e.kind)).to.deep.equal(['claimed', 'rejoin-restore']);

		members.delete('u1');
		flow.restore('u1', roleNameOf);
		await finish(3);
		expect(finished[2]).to.deep.include({ kind: 'left' });
		expect(ledger.ticketsOf('u1')).to.have.length.greaterThan(0);
		// A member whose roles were all deleted from the server has nothing to restore.
		expect(flow.restore('u1', () => undefined)).to.equal(null);
		expect(flow.restore('never-registered', roleNameOf)).to.equal(null);
	});

	it('puts claims a crash left without roles back in line, releases those with no role left, and leaves alone the finished and the new', async () => {
		const tickets = (orderCode: keyof typeof names) => index.lookup(orderCode, names[orderCode]);
		ledger.claim('stayed', tickets('ABC12'), { source: 'self', now: crashAt });
		ledger.claim('left', tickets('VOLNT'), { source: 'self', now: crashAt });
		ledger.claim('unmapped', tickets('RMT56'), { source: 'self', now: crashAt });
		ledger.claim('done', tickets('GRP34'), { source: 'self', now: crashAt });
		ledger.setAppliedRoles('done', tickets('GRP34').map(positionKey), ['r-sponsor'], null, crashAt);
		ledger.claim('new', tickets('GRP34').slice(0, 0).concat(index.lookup('GRP34', '山田太郎')), { source: 'self', now: new Date(now.getTime() + 1) });
		members.set('stayed', ok).set('unmapped', ok);
		for (const ticket of tickets('RMT56')) unmapped.add(ticket.itemName);
		try {
			const { queued, released } = flow.resumeInterrupted(now);
			expect(queued).to.equal(2);
			expect(released).to.deep.equal([{ kind: 'released', userId: 'unmapped', orderCodes: ['RMT56'], why: 'no-roles', unresolved: [...unmapped] }]);
			await finish(2);
			expect(finished.map((result) => [result.job.userId, result.job.purpose, result.kind])).to.have.deep.members([
				['stayed', 'repair', 'granted'],
				['left', 'repair', 'left']
			]);
			expect(applied.map((entry) => [entry.userId, entry.auditReason])).to.deep.equal([['stayed', 'usher: finishing a registration interrupted by a restart']]);
			expect(ledger.unappliedClaims(now)).to.deep.equal([]);
			expect([ledger.ticketsOf('left'), ledger.ticketsOf('unmapped')]).to.deep.equal([[], []]);
			expect(ledger.ticketsOf('done')).to.have.length.greaterThan(0);
			expect(queue.placeOf('new')).to.equal(null);
		} finally {
			unmapped.clear();
		}
	});
});
