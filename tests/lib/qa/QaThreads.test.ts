import { expect } from 'chai';
import { DiscordAPIError, RESTJSONErrorCodes, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { fallbackLanguage } from '#lib/i18n/language';
import type { Session } from '#lib/programme/Session';
import { qaJobId } from '#lib/qa/qaJobs';
import { QaStore } from '#lib/qa/QaStore';
import { qaTexts, questionMessage } from '#lib/qa/qaTexts';
import { QaThreads, type QaDiscord } from '#lib/qa/QaThreads';
import { QuestionDisplay } from '#lib/qa/QuestionDisplay';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';
import { RecordingJobs } from '../../mocks/jobs';

const MINUTE = 60_000;
const t = qaTexts(fallbackLanguage);
const refusal = (code: number, status = 400) => new DiscordAPIError({ code, message: `code ${code}` }, code, status, 'POST', '/channels/x/threads', {});

/** Discord's side: threads made, messages sent, archives, and refusals queued per call. */
class FakeDiscord implements QaDiscord {
	public readonly threads: Array<{ channelId: string; messageId: string | null; name: string; id: string }> = [];
	public readonly sent: Array<{ channelId: string; body: RESTPostAPIChannelMessageJSONBody }> = [];
	public readonly archived: string[] = [];
	public readonly failStart: unknown[] = [];
	public readonly failArchive: unknown[] = [];
	public async startThread(channelId: string, messageId: string | null, name: string): Promise<string> {
		const failure = this.failStart.shift();
		if (failure) throw failure;
		const id = messageId ?? `1400000000000000${String(this.threads.length).padStart(3, '0')}`;
		this.threads.push({ channelId, messageId, name, id });
		return id;
	}
	public async send(channelId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<string> {
		this.sent.push({ channelId, body });
		return `m${this.sent.length}`;
	}
	public async archive(threadId: string): Promise<void> {
		const failure = this.failArchive.shift();
		if (failure) throw failure;
		this.archived.push(threadId);
	}
}

describe('qa/QaThreads', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let jobs: RecordingJobs;
	let discord: FakeDiscord;
	let store: QaStore;
	let sessions: Session[];
	let roomPosts: Map<string, string>;
	const start = new Date('2026-07-15T09:00:00Z');
	const session = (code: string, room: string | null, offsetMinutes = 0): Session => ({
		code,
		title: `Talk ${code}`,
		start: new Date(start.getTime() + offsetMinutes * MINUTE),
		end: new Date(start.getTime() + (offsetMinutes + 30) * MINUTE),
		rooms: room ? [room] : [],
		speakers: [],
		isBreak: false
	});
	const make = () => {
		const display = new QuestionDisplay({ store, render: (question) => questionMessage(t, question), edit: async () => undefined, intervalMs: 1, logger: { warn: () => undefined } });
		return new QaThreads({
			store,
			display,
			jobs,
			clock,
			sessions: () => sessions,
			roomChannelOf: (of) => (of.rooms[0] === 'Forum' ? 'room-forum' : undefined),
			roomPostOf: (of) => roomPosts.get(of.code),
			discord,
			texts: t,
			anonymous: true,
			openMinutes: 5,
			archiveMinutes: 15,
			idPrefix: '',
			ready: async () => undefined,
			logger: { info: () => undefined, warn: () => undefined }
		});
	};
	const at = (minutesFromStart: number) => clock.set(new Date(start.getTime() + minutesFromStart * MINUTE));

	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T08:00:00Z'));
		jobs = new RecordingJobs();
		discord = new FakeDiscord();
		store = new QaStore(db, () => clock.now());
		sessions = [session('S1', 'Forum'), session('S2', null)];
		roomPosts = new Map([['S1', '1500000000000000001']]);
	});
	afterEach(() => db.close());

	it('plans one open job per session with a room channel, five minutes before it', async () => {
		await make().sync();
		expect([...jobs.jobs].map(([id, job]) => [id, job.delayMs])).to.deep.equal([[qaJobId('', 'S1', 'open'), 55 * MINUTE]]);
	});

	it('opens the thread on the room post with the intro and its ask buttons, once, then plans the close', async () => {
		const threads = make();
		at(-5);
		expect(await threads.runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'opened', threadId: '1500000000000000001', onPost: true });
		expect(discord.threads).to.deep.equal([{ channelId: 'room-forum', messageId: '1500000000000000001', name: 'Q&A · Talk S1', id: '1500000000000000001' }]);
		expect(discord.sent[0]!.body.content).to.equal(t('intro', { title: 'Talk S1' }));
		expect(store.thread('S1')).to.include({ status: 'open', threadId: '1500000000000000001', introMessageId: 'm1' });
		expect(await threads.runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'gone' });
		await threads.sync();
		expect([...jobs.jobs.keys()]).to.include(qaJobId('', 'S1', 'close'));
		expect(jobs.jobs.get(qaJobId('', 'S1', 'close'))!.runAt).to.deep.equal(new Date(start.getTime() + 45 * MINUTE));
	});

	it('waits for a room post that is due, opens on it when it comes, and beside it once the session has started', async () => {
		roomPosts.clear();
		sessions.push(session('S3', 'Forum', 60));
		const threads = make();
		at(-20);
		expect((await threads.runJob(qaJobId('', 'S1', 'open'))).kind, 'fired early').to.equal('early');
		at(-5);
		expect(await threads.runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'early', retryInMs: 3000 });
		roomPosts.set('S1', '1500000000000000001');
		expect(await threads.runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'opened', threadId: '1500000000000000001', onPost: true });
		at(61);
		const late = await threads.runJob(qaJobId('', 'S3', 'open'));
		expect(late.kind === 'opened' && late.onPost).to.equal(false);
		expect(discord.threads[1]!.messageId).to.equal(null);
	});

	it('takes over a thread Discord already made for the post (a crash between Discord and the record)', async () => {
		discord.failStart.push(refusal(RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage));
		at(-5);
		expect(await make().runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'opened', threadId: '1500000000000000001', onPost: true });
	});

	it('skips for good, with a warning, when the server is at Discord’s active-thread cap; other failures retry', async () => {
		const threads = make();
		at(-5);
		discord.failStart.push(new Error('503'));
		let failed: unknown;
		await threads.runJob(qaJobId('', 'S1', 'open')).catch((error: unknown) => (failed = error));
		expect(failed).to.be.instanceOf(Error);
		expect(store.thread('S1')).to.equal(undefined);
		discord.failStart.push(refusal(RESTJSONErrorCodes.MaximumActiveThreads));
		expect(await threads.runJob(qaJobId('', 'S1', 'open'))).to.deep.equal({ kind: 'skipped', reason: 'active thread cap' });
		expect(store.thread('S1')!.status).to.equal('skipped');
		expect(threads.plan()).to.deep.equal([]);
	});

	it('after the session posts the summary, archives, and closes; a restart in between neither repeats nor skips', async () => {
		let threads = make();
		at(-5);
		await threads.runJob(qaJobId('', 'S1', 'open'));
		const threadId = store.thread('S1')!.threadId!;
		const a = store.ask(threadId, { id: 'u1', name: 'Ann' }, 'Why?', false);
		store.posted(a, 'qm1');
		const b = store.ask(threadId, { id: 'u2', name: 'Ben' }, 'How?', true);
		store.posted(b, 'qm2');
		store.vote(b, 'v1');
		store.answer(b, 'chair');
		at(45);
		discord.failArchive.push(new Error('503'));
		await threads.runJob(qaJobId('', 'S1', 'close')).catch(() => undefined);
		expect(discord.sent.filter((sent) => String(sent.body.content).startsWith('📋'))).to.have.length(1);
		threads = make();
		expect(await threads.runJob(qaJobId('', 'S1', 'close'))).to.deep.equal({ kind: 'closed', threadId, questions: 2 });
		const summaries = discord.sent.filter((sent) => String(sent.body.content).startsWith('📋'));
		expect(summaries).to.have.length(1);
		expect(String(summaries[0]!.body.content).split('\n')).to.deep.equal([
			t('summaryTitle', { title: 'Talk S1' }),
			t('summaryCounts', { questions: 2, votes: 1, answered: 1 }),
			t('summaryLine', { rank: 1, votes: 1, answered: ' ✅', text: 'How?' }),
			t('summaryLine', { rank: 2, votes: 0, answered: '', text: 'Why?' }),
			t('summaryThanks')
		]);
		expect(discord.archived).to.deep.equal([threadId]);
		expect(threads.plan()).to.deep.equal([]);
	});

	it('closes at once the thread of a session that left the programme, and treats a deleted thread as closed', async () => {
		const threads = make();
		at(-5);
		await threads.runJob(qaJobId('', 'S1', 'open'));
		sessions = sessions.filter((candidate) => candidate.code !== 'S1');
		const close = threads.plan().find((job) => job.kind === 'close')!;
		expect(close.notifyAt.getTime()).to.be.at.most(clock.now().getTime());
		discord.failArchive.push(refusal(RESTJSONErrorCodes.UnknownChannel, 404));
		expect((await threads.runJob(close.id)).kind).to.equal('closed');
		expect(store.thread('S1')!.status).to.equal('closed');
	});
});
