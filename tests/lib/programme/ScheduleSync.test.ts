import { expect } from 'chai';
import { join } from 'node:path';
import { ManualClock } from '../../helpers/ManualClock';
import { ScheduleSync } from '#lib/programme/ScheduleSync';
import { ScheduleSnapshotRepository } from '#lib/programme/ScheduleSnapshotRepository';
import { ScheduleUnavailableError } from '#lib/programme/sources/errors';
import { FileSource, FrabJsonSource } from '#lib/programme/sources/ScheduleSource';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { generateConference } from '../../standins/pretalx/conference';
import { PretalxStandin } from '../../standins/pretalx/server';

const ROOMS = { 'Forum Hall': 'forum-hall', 'South Hall 2A': 'south-hall-2a', 'South Hall 2B': 'south-hall-2b' };

describe('programme/ScheduleSync', () => {
	let standin: PretalxStandin;
	let db: SqliteDatabase;
	let clock: ManualClock;
	const build = (extras: FileSource[] = []): ScheduleSync =>
		new ScheduleSync({
			source: new FrabJsonSource({ url: standin.frabUrl, retries: 1, retryDelayMs: 5, timeoutMs: 2000 }),
			extras,
			snapshots: new ScheduleSnapshotRepository(db),
			now: () => clock.now(),
			planner: { rooms: ROOMS, mainChannelKey: 'programme' }
		});

	beforeEach(async () => {
		standin = await new PretalxStandin(generateConference({ seed: 3, days: 2, rooms: 3, sessionsPerRoomPerDay: 4, timezone: 'Europe/Prague', start: '2026-07-15' })).start();
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T05:00:00Z'));
	});
	afterEach(async () => {
		await standin.stop();
		db.close();
	});

	it('loads the programme, then reports an unchanged refresh via the ETag', async () => {
		const service = build();
		const first = await service.refresh();
		expect(first).to.include({ version: '1.0', changed: true, fromCache: false });
		expect(first.sessions.length).to.be.greaterThan(10);
		const second = await service.refresh();
		expect(second.changed).to.equal(false);
		expect(standin.requests.at(-1)!.status).to.equal(304);
	});

	it('reports moves, room changes and cancellations after a new release', async () => {
		const service = build();
		await service.refresh();
		// Three talks of the first block: Forum Hall, South Hall 2A, South Hall 2B (room ids 1, 2, 3).
		const talks = [1, 2, 3].map((roomId) => standin.conference.slots.find((slot) => slot.code?.startsWith('S') && slot.roomIds[0] === roomId)!);
		standin.moveSession(talks[0]!.code!, 90);
		standin.reroomSession(talks[1]!.code!, 'South Hall 2B');
		standin.cancelSession(talks[2]!.code!);
		const result = await service.refresh();
		expect(result.version).to.equal('1.3');
		expect(result.changed).to.equal(true);
		const kinds = Object.fromEntries(result.changes.map((change) => [change.code, change.kind]));
		expect(kinds[talks[0]!.code!]).to.equal('moved');
		expect(kinds[talks[2]!.code!]).to.equal('cancelled');
		expect(kinds[talks[1]!.code!]).to.equal('reroomed');
		expect(service.sessions.find((session) => session.code === talks[2]!.code)).to.equal(undefined);
	});

	it('announces after a restart what changed while the bot was down, and nothing when nothing did', async () => {
		await build().refresh();
		const restartedUnchanged = await build().refresh();
		expect(restartedUnchanged.changes).to.deep.equal([]);
		const talk = standin.conference.slots.find((slot) => slot.code?.startsWith('S'))!;
		standin.moveSession(talk.code!, 30);
		const restarted = await build().refresh();
		expect(restarted.changes.map((change) => [change.code, change.kind])).to.deep.equal([[talk.code, 'moved']]);
	});

	it('falls back to the snapshot when pretalx answers 500, also after a restart', async () => {
		await build().refresh();
		standin.inject({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
		const restarted = build();
		const result = await restarted.refresh();
		expect(result.fromCache).to.equal(true);
		expect(result.error).to.match(/HTTP 500/);
		expect(result.sessions.length).to.be.greaterThan(10);
		expect(restarted.status()).to.include({ fromCache: true, version: '1.0', source: 'frab' });
		// Once pretalx is back, the snapshot's ETag makes the request conditional.
		const recovered = await restarted.refresh();
		expect(recovered.fromCache).to.equal(false);
		expect(standin.requests.at(-1)!.status).to.equal(304);
	});

	it('fails clearly when pretalx is down and nothing was ever saved', async () => {
		standin.inject({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
		const error = await build().refresh().catch((caught: unknown) => caught);
		expect(error).to.be.instanceOf(ScheduleUnavailableError);
		expect((error as Error).message).to.match(/^No programme yet: .*no saved copy/);
	});

	it('merges a local file of extra sessions and tells what gets posted next', async () => {
		const service = build([new FileSource(join(__dirname, '..', '..', 'fixtures', 'pretalx', 'frab-schedule.json'))]);
		await service.refresh();
		expect(service.sessions.map((session) => session.code)).to.include('SPRNT1');
		const next = service.next(3);
		expect(next).to.have.length(3);
		expect(next[0]!.notification.notifyAt.getTime()).to.be.at.least(clock.now().getTime());
		expect(next[0]!.sessions.map((session) => session.code)).to.deep.equal(next[0]!.notification.sessionCodes);
		const times = next.map((item) => item.notification.notifyAt.getTime());
		expect([...times].sort((a, b) => a - b)).to.deep.equal(times);
	});

	it('finds one notification by id exactly as the whole plan has it, at every moment of the day', async () => {
		const service = build([new FileSource(join(__dirname, '..', '..', 'fixtures', 'pretalx', 'frab-schedule.json'))]);
		await service.refresh();
		const ids = service.plan().notifications.map((notification) => notification.id);
		expect(ids.length).to.be.greaterThan(20);
		// Every 7 minutes through the first day: notifications drop out of the plan as their sessions start.
		for (let step = 0; step < 200; step += 1) {
			const plan = service.plan().notifications;
			for (const id of ids) expect(service.notification(id), id).to.deep.equal(plan.find((notification) => notification.id === id));
			clock.set(new Date(clock.now().getTime() + 7 * 60_000));
		}
		expect(service.notification('n_main_not-a-minute')).to.equal(undefined);
	});

	it('finds a morning post by id as the whole plan has it, through the day', async () => {
		const service = new ScheduleSync({
			source: new FrabJsonSource({ url: standin.frabUrl, retries: 1, retryDelayMs: 5, timeoutMs: 2000 }),
			now: () => clock.now(),
			planner: { rooms: ROOMS, mainChannelKey: 'programme', morningPost: { at: '08:00', timezone: 'Europe/Prague' } }
		});
		await service.refresh();
		const ids = service.plan().notifications.filter((notification) => notification.kind === 'morning').map((notification) => notification.id);
		expect(ids).to.have.length(2);
		for (let step = 0; step < 100; step += 1) {
			const plan = service.plan().notifications;
			for (const id of ids) expect(service.notification(id), id).to.deep.equal(plan.find((notification) => notification.id === id));
			clock.set(new Date(clock.now().getTime() + 15 * 60_000));
		}
	});
});
