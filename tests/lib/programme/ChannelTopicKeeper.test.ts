import { expect } from 'chai';
import { ChannelTopicKeeper, type TopicChannel } from '#lib/programme/ChannelTopicKeeper';

const MINUTE = 60_000;

/** A channel whose topic edits Discord accepts, or refuses once `refuse` is set. */
class Channel implements TopicChannel {
	public topic: string | null = 'Channel for room Forum Hall';
	public readonly edits: string[] = [];
	public refuse = false;
	public constructor(
		public readonly id: string,
		public readonly name: string
	) {}
	public async setTopic(topic: string): Promise<this> {
		this.edits.push(topic);
		if (this.refuse) throw new Error('Missing Permissions');
		this.topic = topic;
		return this;
	}
}

/** Timers the test fires by hand, with the delay each was set for. */
class Timers {
	public readonly waiting: Array<{ run: () => void; delayMs: number; cancelled: boolean }> = [];
	public readonly set = (run: () => void, delayMs: number) => {
		const timer = { run, delayMs, cancelled: false };
		this.waiting.push(timer);
		return { cancel: () => void (timer.cancelled = true) };
	};
	public fireAll(): void {
		for (const timer of this.waiting.splice(0)) if (!timer.cancelled) timer.run();
	}
}

const turns = async (count = 5) => {
	for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
};

describe('programme/ChannelTopicKeeper', () => {
	let now: number;
	let timers: Timers;
	let errors: string[];
	let keeper: ChannelTopicKeeper;
	beforeEach(() => {
		now = Date.parse('2026-07-14T08:00:00Z');
		timers = new Timers();
		errors = [];
		keeper = new ChannelTopicKeeper({ now: () => now, setTimer: timers.set, onError: (channel, error) => errors.push(`${channel.name}: ${(error as Error).message}`) });
	});
	afterEach(() => keeper.stop());

	it('edits at most twice per 10 minutes per channel; the latest wish waiting for the window wins', async () => {
		const forum = new Channel('1', 'forum-hall');
		const terrace = new Channel('2', 'terrace-2a');
		keeper.want(forum, 'A');
		await turns();
		keeper.want(forum, 'B');
		await turns();
		keeper.want(forum, 'C');
		keeper.want(forum, 'D');
		keeper.want(terrace, 'T');
		await turns();
		expect(forum.edits).to.deep.equal(['A', 'B']);
		expect(terrace.edits, 'other channels have their own budget').to.deep.equal(['T']);
		expect(timers.waiting.map((timer) => timer.delayMs)).to.deep.equal([10 * MINUTE]);
		now += 10 * MINUTE;
		timers.fireAll();
		await turns();
		expect(forum.edits).to.deep.equal(['A', 'B', 'D']);
		expect(forum.topic).to.equal('D');
	});

	it('sends nothing when the channel already shows the wanted topic', async () => {
		const forum = new Channel('1', 'forum-hall');
		keeper.want(forum, 'Channel for room Forum Hall ');
		await turns();
		expect(forum.edits).to.deep.equal([]);
	});

	it('reports a refused edit once instead of retrying it in a loop, and tries again on the next wish', async () => {
		const forum = new Channel('1', 'forum-hall');
		forum.refuse = true;
		keeper.want(forum, 'A');
		await turns();
		expect(forum.edits).to.deep.equal(['A']);
		expect(errors).to.deep.equal(['forum-hall: Missing Permissions']);
		expect(timers.waiting).to.deep.equal([]);
		forum.refuse = false;
		keeper.want(forum, 'A');
		await turns();
		expect(forum.edits).to.deep.equal(['A', 'A']);
		expect(forum.topic).to.equal('A');
	});
});
