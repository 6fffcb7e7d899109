import { expect } from 'chai';
import type { TextChannel } from 'discord.js';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { Metrics } from '#lib/http/Metrics';
import { textsFor } from '#lib/i18n/texts';
import { ManualClock } from '../../helpers/ManualClock';
import { LivestreamWatcher } from '#lib/programme/livestreams';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import { Programme, type ProgrammeOptions } from '#lib/programme/Programme';
import type { ExistingJob } from '#lib/programme/reconcile';
import { ScheduleSync } from '#lib/programme/ScheduleSync';
import type { Session } from '#lib/programme/Session';
import type { ScheduleSource } from '#lib/programme/sources/ScheduleSource';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

const TZ = 'Europe/Prague';
const ROOM = 'Forum Hall';

class FakeJobs implements NotificationJobs {
	public readonly jobs = new Map<string, { runAt: Date; delayMs: number }>();
	public async list(): Promise<ExistingJob[]> {
		return [...this.jobs].map(([id, job]) => ({ id, runAt: job.runAt }));
	}
	public async schedule(notification: PlannedNotification, delayMs: number, jobId = notification.id): Promise<void> {
		this.jobs.set(jobId, { runAt: notification.notifyAt, delayMs });
	}
	public async remove(id: string): Promise<void> {
		this.jobs.delete(id);
	}
}

/** A programme that the test edits between refreshes. */
class EditableSource implements ScheduleSource {
	public readonly name = 'test';
	public version = 1;
	public constructor(public sessions: Session[]) {}
	public async fetch() {
		return { status: 'fresh' as const, schedule: { version: `1.${this.version}`, sessions: this.sessions.map((session) => ({ ...session })), skipped: [] } };
	}
}

/** The parts of a text channel the programme uses; sends and topic edits can be held back or failed on demand. */
class FakeChannel {
	public readonly sent: Array<{ content?: string }> = [];
	public readonly topicCalls: string[] = [];
	public topic: string | null = null;
	public holdTopic = false;
	public holdSend = false;
	/** Sends Discord refuses before it accepts again. */
	public refuseSends = 0;
	private readonly heldTopics: Array<() => void> = [];
	private readonly heldSends: Array<() => void> = [];
	public constructor(
		public readonly id: string,
		public readonly name: string
	) {}
	public async send(message: { content?: string }): Promise<{ id: string }> {
		if (this.holdSend) await new Promise<void>((resolve) => this.heldSends.push(resolve));
		if (this.refuseSends > 0) {
			this.refuseSends -= 1;
			throw new Error('Service Unavailable');
		}
		this.sent.push(message);
		return { id: `${this.id}-${this.sent.length}` };
	}
	public setTopic(topic: string): Promise<this> {
		this.topicCalls.push(topic);
		if (!this.holdTopic) {
			this.topic = topic;
			return Promise.resolve(this);
		}
		return new Promise((resolve) =>
			this.heldTopics.push(() => {
				this.topic = topic;
				resolve(this);
			})
		);
	}
	/** Discord lets the held requests through. */
	public release(): void {
		this.holdTopic = false;
		this.holdSend = false;
		for (const release of [...this.heldTopics.splice(0), ...this.heldSends.splice(0)]) release();
	}
	public asText(): TextChannel {
		return this as unknown as TextChannel;
	}
}

/** A livestream file that can be made unreadable (permissions changed under the bot, say). */
class FlakyLivestreams extends LivestreamWatcher {
	public broken = false;
	public links = new Map<string, string>([['2026-07-15', 'https://stream.example/forum-day-1']]);
	public constructor() {
		super('/nonexistent/livestreams.toml');
	}
	public override table() {
		if (this.broken) throw Object.assign(new Error('EACCES: permission denied, open livestreams.toml'), { code: 'EACCES' });
		return new Map([[ROOM, this.links]]);
	}
}

const session = (code: string, start: string): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + 30 * 60_000),
	rooms: [ROOM],
	speakers: [],
	isBreak: false
});

/** Lets pending promise callbacks run until `done` holds; fails if it never does. */
async function turnsUntil(done: () => boolean): Promise<void> {
	for (let turn = 0; turn < 100 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
	expect(done(), 'the awaited state was reached').to.equal(true);
}

const scrape = async (metrics: Metrics) => {
	const families = new Map(parsePrometheusTextFormat(await metrics.registry.metrics()).map((family) => [family.name, family]));
	return {
		posted: Number(families.get('usher_notifications_posted_total')!.metrics[0]!.value),
		late: Number(families.get('usher_notifications_late_total')!.metrics[0]!.value)
	};
};

describe('programme/Programme', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let ledger: NotificationLedger;
	let source: EditableSource;
	let main: FakeChannel;
	let room: FakeChannel;
	let livestreams: FlakyLivestreams;
	let metrics: Metrics;
	let jobs: FakeJobs;
	let programme: Programme;
	const warnings: string[] = [];

	const build = (overrides: Partial<ProgrammeOptions> = {}) => {
		const channels = new Map([
			[ChannelKeys.programmeMain, main],
			[ChannelKeys.room(ROOM), room]
		]);
		return new Programme({
			schedule: new ScheduleSync({
				source,
				now: () => clock.now(),
				planner: { rooms: { [ROOM]: ChannelKeys.room(ROOM) }, mainChannelKey: ChannelKeys.programmeMain, leadMinutes: 5 }
			}),
			ledger,
			jobs,
			clock,
			rehearsal: false,
			timezone: TZ,
			refreshMinutes: 5,
			rooms: [ROOM],
			livestreams,
			channel: (key) => channels.get(key)?.asText(),
			logger: { debug: () => undefined, info: () => undefined, warn: (...values) => warnings.push(values.join(' ')) },
			metrics,
			...overrides
		});
	};

	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T06:30:00Z'));
		ledger = new NotificationLedger(db);
		source = new EditableSource([session('AAA', '2026-07-15T07:00:00Z'), session('BBB', '2026-07-15T08:00:00Z')]);
		main = new FakeChannel('100', 'programme-notifications');
		room = new FakeChannel('200', 'forum-hall');
		livestreams = new FlakyLivestreams();
		metrics = new Metrics({ pretixSyncAgeSeconds: () => null, gatewayLatencyMs: () => null }, { processMetrics: false });
		warnings.length = 0;
		jobs = new FakeJobs();
		programme = build();
	});
	afterEach(async () => {
		room.release();
		main.release();
		await programme.stop();
		db.close();
	});

	const mainId = (iso: string) => `n_main_${Math.floor(new Date(iso).getTime() / 60_000)}`;

	describe('claims', () => {
		it('gives the claim back when the livestream file cannot be read before anything was sent, so the retry posts', async () => {
			await programme.start();
			clock.set(new Date('2026-07-15T06:55:00Z'));
			livestreams.broken = true;
			const id = mainId('2026-07-15T07:00:00Z');
			const failed = await programme.poster.notify(id).catch((error: unknown) => error);
			expect((failed as Error).message).to.match(/EACCES/);
			expect(ledger.get(id), 'no claim left behind').to.equal(undefined);
			expect(main.sent).to.deep.equal([]);
			livestreams.broken = false;
			expect((await programme.poster.notify(id)).kind).to.equal('posted');
			expect(main.sent).to.have.length(1);
			expect(ledger.get(id)!.status).to.equal('posted');
		});

		it('gives the claim back when Discord refuses the first message, and keeps it once a message is out', async () => {
			await programme.start();
			clock.set(new Date('2026-07-15T06:55:00Z'));
			const id = mainId('2026-07-15T07:00:00Z');
			main.refuseSends = 1;
			expect(((await programme.poster.notify(id).catch((error: unknown) => error)) as Error).message).to.equal('Service Unavailable');
			expect(ledger.get(id)).to.equal(undefined);
			expect(await programme.poster.notify(id)).to.deep.include({ kind: 'posted' });
			expect((await programme.poster.notify(id)).kind).to.equal('duplicate');
			expect(main.sent).to.have.length(1);
		});
	});

	describe('jobs that fire early', () => {
		it('re-delays a job that fires before its time instead of posting early', async () => {
			await programme.start();
			const id = mainId('2026-07-15T07:00:00Z');
			clock.set(new Date('2026-07-15T06:52:00Z'));
			expect(await programme.poster.notify(id)).to.deep.equal({ kind: 'early', retryInMs: 3 * 60_000 });
			expect(main.sent).to.deep.equal([]);
			expect(ledger.get(id)).to.equal(undefined);
			const again = [...jobs.jobs].filter(([jobId]) => jobId.startsWith(`${id}_early`));
			expect(again.map(([, job]) => job.delayMs)).to.deep.equal([3 * 60_000]);
			clock.set(new Date('2026-07-15T06:55:00Z'));
			expect((await programme.poster.notify(id)).kind).to.equal('posted');
		});
	});

	describe('metrics', () => {
		it('counts every post in usher_notifications_posted_total and the late ones in usher_notifications_late_total', async () => {
			await programme.start();
			expect(await scrape(metrics)).to.deep.equal({ posted: 0, late: 0 });
			clock.set(new Date('2026-07-15T06:55:00Z'));
			expect(await programme.poster.notify(mainId('2026-07-15T07:00:00Z'))).to.include({ kind: 'posted', late: false });
			expect(await scrape(metrics)).to.deep.equal({ posted: 1, late: 0 });
			// Three minutes after its planned 07:55: still before the session, so it goes out with the late note.
			clock.set(new Date('2026-07-15T07:58:00Z'));
			expect(await programme.poster.notify(mainId('2026-07-15T08:00:00Z'))).to.include({ kind: 'posted', late: true });
			expect(await scrape(metrics)).to.deep.equal({ posted: 2, late: 1 });
			// A duplicate job posts nothing and counts nothing.
			expect((await programme.poster.notify(mainId('2026-07-15T08:00:00Z'))).kind).to.equal('duplicate');
			expect(await scrape(metrics)).to.deep.equal({ posted: 2, late: 1 });
		});
	});

	describe('refresh and Discord hold-ups', () => {
		it('finishes a refresh while Discord holds back the topic edit, and sends only the latest wanted topic afterwards', async () => {
			room.holdTopic = true;
			await programme.start();
			expect(room.topicCalls).to.have.length(1);
			livestreams.links = new Map([['2026-07-15', 'https://stream.example/forum-day-1-second']]);
			await programme.refresh.run();
			livestreams.links = new Map([['2026-07-15', 'https://stream.example/forum-day-1-third']]);
			const summary = await programme.refresh.run();
			expect(summary.version).to.equal('1.1');
			// While the first edit is held, the newer wishes wait and replace each other.
			expect(room.topicCalls).to.have.length(1);
			room.release();
			await turnsUntil(() => room.topicCalls.length === 2);
			expect(room.topic).to.include('forum-day-1-third');
		});

		it('finishes a refresh while Discord holds back the change announcement', async () => {
			await programme.start();
			main.holdSend = true;
			source.sessions = [source.sessions[1]!];
			source.version = 2;
			const summary = await programme.refresh.run();
			expect(summary.changes.map((change) => change.kind)).to.deep.equal(['cancelled']);
			expect(main.sent).to.deep.equal([]);
			expect((await programme.refresh.run()).version).to.equal('1.2');
			main.release();
			await turnsUntil(() => main.sent.length === 1);
			expect(main.sent[0]!.content).to.match(/^❌ Cancelled: “Talk AAA”/);
		});
	});

	describe('in [bot] language', () => {
		it('sets the room topic and announces a change in the language of its texts', async () => {
			await programme.stop();
			programme = build({ texts: textsFor('de', 'programme') });
			await programme.start();
			await turnsUntil(() => room.topic !== null);
			expect(room.topic).to.equal('Kanal für den Raum Forum Hall\n\nLivestream am Mittwoch: [Live ansehen](https://stream.example/forum-day-1)');
			source.sessions = [source.sessions[1]!];
			source.version = 2;
			await programme.refresh.run();
			await turnsUntil(() => main.sent.length === 1);
			expect(main.sent[0]!.content).to.equal('❌ Abgesagt: „Talk AAA“ (09:00, Forum Hall)');
		});
	});
});
