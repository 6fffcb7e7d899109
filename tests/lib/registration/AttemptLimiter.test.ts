import { expect } from 'chai';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ATTEMPT_RESULTS, AttemptLimiter, type AttemptResult } from '#lib/registration/AttemptLimiter';

const t0 = new Date('2026-07-13T06:45:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('registration/AttemptLimiter', () => {
	let db: SqliteDatabase;
	let limiter: AttemptLimiter;
	beforeEach(() => {
		db = openDatabase(':memory:');
		limiter = new AttemptLimiter(db, { maxFailures: 3, windowMinutes: 10, retentionDays: 30 });
	});
	afterEach(() => db.close());

	it('stores every result the code knows, and the database refuses any other (its CHECK matches ATTEMPT_RESULTS)', () => {
		for (const result of ATTEMPT_RESULTS) limiter.record('u1', result, {}, minutes(0));
		expect(limiter.failureReasons(minutes(-1)).map((row) => row.result).sort()).to.deep.equal(ATTEMPT_RESULTS.filter((result) => result !== 'success').sort());
		expect(() => limiter.record('u1', 'made-up' as AttemptResult, {}, minutes(0))).to.throw(/CHECK constraint failed/);
	});

	it('blocks at the limit and lets the user retry exactly when the oldest failure leaves the window', () => {
		limiter.record('u1', 'unknown-ticket', {}, minutes(0));
		limiter.record('u1', 'wrong-name', {}, minutes(2));
		expect(limiter.check('u1', minutes(3))).to.deep.equal({ allowed: true });
		limiter.record('u1', 'wrong-name', {}, minutes(4));
		expect(limiter.check('u1', minutes(4))).to.deep.equal({ allowed: false, retryAt: minutes(10) });
		expect(limiter.check('u1', new Date(minutes(10).getTime() - 1))).to.include({ allowed: false });
		expect(limiter.check('u1', minutes(10))).to.deep.equal({ allowed: true });
		expect(limiter.check('u2', minutes(4))).to.deep.equal({ allowed: true });
	});

	it('uses the oldest failure that still blocks when there are more failures than the limit', () => {
		for (const at of [0, 1, 2, 3, 4]) limiter.record('u1', 'unknown-ticket', {}, minutes(at));
		// Five failures, limit three: blocked until the third-newest (minute 2) leaves the window.
		expect(limiter.check('u1', minutes(5))).to.deep.equal({ allowed: false, retryAt: minutes(12) });
	});

	it('does not count successes, lockout replies or our own failures', () => {
		for (const result of ['success', 'rate-limited', 'discord-refused', 'error'] as const) {
			limiter.record('u1', result, {}, minutes(1));
			limiter.record('u1', result, {}, minutes(1));
		}
		expect(limiter.check('u1', minutes(2))).to.deep.equal({ allowed: true });
		for (const result of ['held-by-other', 'not-valid', 'unknown-ticket'] as const) limiter.record('u1', result, {}, minutes(2));
		expect(limiter.check('u1', minutes(2))).to.include({ allowed: false });
	});

	it('stores only masked input', () => {
		limiter.record('u1', 'wrong-name', { orderCode: '#QW7RT-1', name: 'Jane Doe', note: 'pending' }, minutes(0));
		const stored = db.prepare('SELECT detail FROM registration_attempts').pluck().get() as string;
		expect(stored).to.not.include('Jane');
		expect(stored).to.not.include('QW7RT');
		expect(stored).to.equal('order=QW*** name=J***(8) pending');
	});

	it('lists failure reasons since a time, most frequent first', () => {
		limiter.record('u1', 'wrong-name', {}, minutes(-60));
		limiter.record('u1', 'success', {}, minutes(1));
		limiter.record('u1', 'unknown-ticket', {}, minutes(1));
		limiter.record('u2', 'unknown-ticket', {}, minutes(2));
		limiter.record('u3', 'not-valid', {}, minutes(3));
		expect(limiter.failureReasons(minutes(0))).to.deep.equal([
			{ result: 'unknown-ticket', count: 2 },
			{ result: 'not-valid', count: 1 }
		]);
	});

	it('prunes attempts older than the retention period, counted from the clock it is given', () => {
		const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);
		limiter.record('u1', 'wrong-name', {}, days(-31));
		limiter.record('u1', 'success', {}, days(-30));
		limiter.record('u1', 'wrong-name', {}, days(-29));
		expect(limiter.pruneExpired(t0)).to.equal(1);
		expect(limiter.pruneExpired(t0)).to.equal(0);
		expect(limiter.failureReasons(days(-60))).to.deep.equal([{ result: 'wrong-name', count: 1 }]);
		expect(limiter.pruneExpired(days(2))).to.equal(2);
		expect(db.prepare('SELECT COUNT(*) FROM registration_attempts').pluck().get()).to.equal(0);
	});

	it('admits one attempt per user at a time and checks the next one against what was recorded', () => {
		limiter.record('u1', 'wrong-name', {}, minutes(0));
		limiter.record('u1', 'wrong-name', {}, minutes(1));
		expect(limiter.admit('u1', minutes(2))).to.deep.equal({ admitted: true });
		expect(limiter.admit('u1', minutes(2))).to.deep.equal({ admitted: false, reason: 'in-flight' });
		expect(limiter.admit('u2', minutes(2))).to.deep.equal({ admitted: true });
		limiter.record('u1', 'wrong-name', {}, minutes(2));
		limiter.release('u1');
		expect(limiter.admit('u1', minutes(3))).to.deep.equal({ admitted: false, reason: 'rate-limited', retryAt: minutes(10) });
		expect(limiter.admit('u1', minutes(10))).to.deep.equal({ admitted: true });
	});

	it('refuses a nonsensical configuration', () => {
		expect(() => new AttemptLimiter(db, { maxFailures: 0, windowMinutes: 10, retentionDays: 30 })).to.throw(RangeError);
		// A log pruned inside the window would forget failures that still count.
		expect(() => new AttemptLimiter(db, { maxFailures: 5, windowMinutes: 2 * 1440, retentionDays: 1 })).to.throw(RangeError);
	});
});
