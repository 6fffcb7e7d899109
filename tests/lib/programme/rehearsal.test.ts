import { expect } from 'chai';
import { SimulatedClock, SystemClock } from '#lib/programme/Clock';
import { programmeTime, REHEARSAL_KEY } from '#lib/programme/rehearsal';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { KeyValueStore } from '#lib/store/KeyValueStore';
import { ManualClock } from '../../helpers/ManualClock';

const at = (iso: string) => new Date(iso);

describe('programme/rehearsal', () => {
	// The bot's own key/value store, on a fresh in-memory database per test.
	let db: SqliteDatabase;
	beforeEach(() => (db = openDatabase(':memory:')));
	afterEach(() => db.close());
	const memoryStore = () => new KeyValueStore(db);

	it('is the system clock outside a rehearsal', () => {
		expect(programmeTime({ speed: 1, store: memoryStore() })).to.deep.include({ notificationPrefix: '' });
		expect(programmeTime({ speed: 1, store: memoryStore() }).clock).to.be.instanceOf(SystemClock);
	});

	it('starts a rehearsal at simulated_start and runs speed× faster', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const { clock } = programmeTime({ simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store: memoryStore(), now: () => real.now() });
		expect(clock).to.be.instanceOf(SimulatedClock);
		real.advance(10_000);
		expect(clock.now().toISOString()).to.equal('2026-07-15T07:00:00.000Z');
		expect(clock.realDelayUntil(at('2026-07-15T07:05:00Z'))).to.equal(5_000);
	});

	it('carries on where it was after a restart, and starts over when the rehearsal settings change', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = memoryStore();
		const options = { simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store, now: () => real.now() };
		programmeTime(options);
		real.advance(30_000);
		expect(programmeTime(options).clock.now().toISOString()).to.equal('2026-07-15T07:20:00.000Z');
		expect(programmeTime({ ...options, speed: 30 }).clock.now().toISOString()).to.equal('2026-07-15T06:50:00.000Z');
		expect(store.get<{ speed: number }>(REHEARSAL_KEY)?.speed).to.equal(30);
	});

	it('carries a rehearsal on after a restart without writing, so a read-only database does not stop it', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = memoryStore();
		const options = { simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store, now: () => real.now() };
		programmeTime(options);
		real.advance(30_000);
		db.pragma('query_only = ON');
		expect(programmeTime(options).clock.now().toISOString()).to.equal('2026-07-15T07:20:00.000Z');
		expect(() => programmeTime({ ...options, speed: 30 }), 'a new rehearsal must write its anchor').to.throw(/readonly|read-only|query_only|attempt to write/i);
	});

	it('gives a rehearsal its own notification ids, kept across a restart and new when the start or speed changes', () => {
		const real = new ManualClock(at('2026-06-01T10:00:00Z'));
		const store = memoryStore();
		const options = { simulatedStart: '2026-07-15T08:50:00+02:00', speed: 60, store, now: () => real.now() };
		const first = programmeTime(options).notificationPrefix;
		expect(first).to.match(/^r[0-9a-f]{10}_$/);
		real.advance(30_000);
		expect(programmeTime(options).notificationPrefix, 'same rehearsal after a restart').to.equal(first);
		const faster = programmeTime({ ...options, speed: 120 }).notificationPrefix;
		expect(faster).to.not.equal(first);
		expect(programmeTime({ ...options, speed: 120, simulatedStart: '2026-07-15T09:00:00+02:00' }).notificationPrefix).to.not.be.oneOf([first, faster]);
	});
});
