import { expect } from 'chai';
import { SystemClock } from '#lib/programme/Clock';
import { CAP_REACHED, INTERESTED_CACHE_MS, ScheduledEventMirror, type RemoteEvent, type ScheduledEventsApi } from '#lib/programme/ScheduledEventMirror';
import { ScheduledEventRepository } from '#lib/programme/ScheduledEventRepository';
import type { EventSpec } from '#lib/programme/scheduledEvents';
import type { Session } from '#lib/programme/Session';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

/** Discord's events in memory, with its cap, and a log of every call. */
class FakeEvents implements ScheduledEventsApi {
	public readonly botUserId = 'bot';
	public readonly events = new Map<string, EventSpec & { creatorId: string }>();
	public readonly calls: string[] = [];
	public cap = 100;
	public interested = 2;
	public failLists = 0;
	private nextId = 1;

	public list(): Promise<RemoteEvent[]> {
		this.calls.push('list');
		if (this.failLists > 0 && this.failLists--) return Promise.reject(new Error('Discord 500'));
		return Promise.resolve([...this.events].map(([id, event]) => ({ id, name: event.name, start: event.start, creatorId: event.creatorId, userCount: this.interested })));
	}

	public create(spec: EventSpec): Promise<string> {
		this.calls.push(`create ${spec.name}`);
		if (this.events.size >= this.cap) return Promise.reject(Object.assign(new Error('Maximum number of uncompleted guild scheduled events reached'), { code: CAP_REACHED }));
		const id = String(this.nextId++);
		this.events.set(id, { ...spec, creatorId: this.botUserId });
		return Promise.resolve(id);
	}

	public edit(eventId: string, spec: EventSpec): Promise<void> {
		this.calls.push(`edit ${spec.name}`);
		this.events.set(eventId, { ...spec, creatorId: this.botUserId });
		return Promise.resolve();
	}

	public delete(eventId: string): Promise<void> {
		this.calls.push(`delete ${this.events.get(eventId)?.name}`);
		this.events.delete(eventId);
		return Promise.resolve();
	}
}

describe('programme/ScheduledEventMirror', () => {
	const start = Date.now() + 3_600_000;
	const talk = (n: number, minutes = 0): Session => ({ code: `S${n}`, title: `Talk ${n}`, start: new Date(start + (n * 30 + minutes) * 60_000), end: new Date(start + (n * 30 + minutes + 30) * 60_000), rooms: ['Forum Hall'], speakers: [{ name: 'Ada' }], isBreak: false });
	let db: SqliteDatabase;
	let api: FakeEvents;
	let sessions: Session[];
	const warnings: string[] = [];
	let realNow = 0;
	const mirror = (max = 3) =>
		new ScheduledEventMirror({
			realNow: () => realNow,
			mode: 'all',
			max,
			keynoteTypes: [],
			sessions: () => sessions,
			livestream: () => undefined,
			api: () => api,
			repository: new ScheduledEventRepository(db),
			clock: new SystemClock(),
			logger: { info: () => undefined, debug: () => undefined, warn: (text: string) => warnings.push(text) } as never
		});
	const names = () => [...api.events.values()].map((event) => event.name).sort();

	beforeEach(() => {
		db = openDatabase(':memory:');
		api = new FakeEvents();
		sessions = [1, 2, 3, 4, 5].map((n) => talk(n));
		warnings.length = 0;
	});
	afterEach(() => db.close());

	it('creates the window in start order, edits a moved session, deletes a cancelled one and fills its place', async () => {
		const events = mirror();
		await events.update();
		expect(api.calls).to.deep.equal(['list', 'create Talk 1', 'create Talk 2', 'create Talk 3']);
		sessions = [talk(1), talk(2, 5), talk(4), talk(5)];
		api.calls.length = 0;
		await events.update();
		expect(api.calls).to.deep.equal(['delete Talk 3', 'edit Talk 2', 'create Talk 4']);
		await events.stop();
	});

	it('after a restart creates nothing twice and adopts an event created just before a crash', async () => {
		await mirror().update();
		// The crash: Discord made the event, the database never heard of it.
		db.prepare("DELETE FROM programme_scheduled_events WHERE session_code = 'S3'").run();
		api.calls.length = 0;
		const restarted = mirror();
		await restarted.update();
		expect(api.calls.filter((call) => call.startsWith('create'))).to.deep.equal([]);
		expect(names()).to.deep.equal(['Talk 1', 'Talk 2', 'Talk 3']);
		await restarted.stop();
	});

	it('stops creating at Discord cap (30038), warns once, and does not retry in a loop', async () => {
		api.cap = 2;
		const events = mirror();
		await events.update();
		await events.update();
		expect(api.calls.filter((call) => call === 'create Talk 3')).to.have.length(2);
		expect(names()).to.deep.equal(['Talk 1', 'Talk 2']);
		expect(warnings).to.have.length(1);
		await events.stop();
	});

	it('lists the mirrored events with their Interested counts', async () => {
		const events = mirror();
		await events.update();
		expect((await events.interested()).map(({ sessionCode, spec, userCount }) => `${sessionCode} ${spec.name} ${userCount}`)).to.deep.equal(['S1 Talk 1 2', 'S2 Talk 2 2', 'S3 Talk 3 2']);
		await events.stop();
	});

	it('asks Discord for the Interested counts at most once per 10 s, parallel callers included, and not caching a failure', async () => {
		const events = mirror();
		await events.update();
		const lists = () => api.calls.filter((call) => call === 'list').length;
		const before = lists();
		api.interested = 5;
		const [first, second] = await Promise.all([events.interested(), events.interested()]);
		expect(lists()).to.equal(before + 1);
		expect(second).to.deep.equal(first);
		api.interested = 7;
		realNow += INTERESTED_CACHE_MS - 1;
		expect((await events.interested())[0]!.userCount, 'still the cached count').to.equal(5);
		realNow += 1;
		expect((await events.interested())[0]!.userCount, 'read again once the 10 s are over').to.equal(7);
		expect(lists()).to.equal(before + 2);
		realNow += INTERESTED_CACHE_MS;
		api.failLists = 1;
		let failed: unknown;
		await events.interested().catch((error: unknown) => (failed = error));
		expect(String(failed)).to.include('Discord 500');
		expect((await events.interested())[0]!.userCount, 'the next call asks again at once').to.equal(7);
		expect(lists()).to.equal(before + 4);
		await events.stop();
	});
});
