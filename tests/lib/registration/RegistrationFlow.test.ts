import { expect } from 'chai';
import { AttemptLimiter } from '../../../src/lib/registration/AttemptLimiter';
import { ClaimLedger } from '../../../src/lib/registration/ClaimLedger';
import { RegistrationFlow, type RegistrationRequest, type TicketFinder } from '../../../src/lib/registration/RegistrationFlow';
import { RoleQueue } from '../../../src/lib/registration/RoleQueue';
import type { Ticket } from '../../../src/lib/registration/Ticket';
import { TicketIndex, type TicketMiss } from '../../../src/lib/registration/TicketIndex';
import { openDatabase, type SqliteDatabase } from '../../../src/lib/store/Database';
import { fixtureEvent } from '../../fixtures/pretix/event';
import { parsedEvent } from '../../fixtures/pretix/parsed';

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
