import { expect } from 'chai';
import type { Client, TextChannel } from 'discord.js';
import type { APIEmbed } from 'discord-api-types/v10';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { NotificationLedger } from '#lib/programme/NotificationLedger';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import { ReadinessGate } from '#lib/programme/ReadinessGate';
import type { ExistingJob } from '#lib/programme/reconcile';
import { ScheduleSync } from '#lib/programme/ScheduleSync';
import type { Session } from '#lib/programme/Session';
import { SessionPoster } from '#lib/programme/SessionPoster';
import type { ScheduleSource } from '#lib/programme/sources/ScheduleSource';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';
import { RecordingLogger } from '../../mocks/container';
import { apiError, createClient, createGuild, createTextChannel, FakeDiscord } from '../../mocks/discord';

const TZ = 'Europe/Prague';
const ROOM = 'Forum Hall';
const START = new Date('2026-07-15T09:00:00Z');
const MINUTE = START.getTime() / 60_000;
const MAIN_ID = `n_main_${MINUTE}`;
const ROOM_ID = `n_room_forum-hall_${MINUTE}`;
const at = (iso: string) => new Date(iso);

const session = (code: string, title: string, rooms = [ROOM]): Session => ({
	code,
	title,
	start: START,
	end: new Date(START.getTime() + 30 * 60_000),
	rooms,
	speakers: [{ name: 'Grace Hopper' }],
	track: 'Core',
	isBreak: false
});

/** NotificationJobs in memory (the bot's is BullMQ on Redis); remembers each job scheduled with its delay. */
class FakeJobs implements NotificationJobs {
	public readonly scheduled: Array<{ id: string; notificationId: string; delayMs: number }> = [];
	public async list(): Promise<ExistingJob[]> {
		return [];
	}
	public async schedule(notification: PlannedNotification, delayMs: number, jobId = notification.id): Promise<void> {
		this.scheduled.push({ id: jobId, notificationId: notification.id, delayMs });
	}
	public async remove(): Promise<void> {}
}

class FixedSource implements ScheduleSource {
	public readonly name = 'test';
	public constructor(private readonly sessions: Session[]) {}
	public async fetch() {
		return { status: 'fresh' as const, schedule: { version: '1', sessions: this.sessions, skipped: [] } };
	}
}

interface SentBody {
	content?: string;
	embeds: APIEmbed[];
	components?: Array<{ components: Array<Record<string, any>> }>;
	allowed_mentions: unknown;
}

describe('programme/SessionPoster (real TextChannels, REST recorded)', () => {
	let discord: FakeDiscord;
	let client: Client;
	let main: TextChannel;
	let room: TextChannel;
	let db: SqliteDatabase;
	let clock: ManualClock;
	let ledger: NotificationLedger;
	let jobs: FakeJobs;
	let logger: RecordingLogger;
	let metrics: boolean[];
	let channels: Map<string, TextChannel>;

	beforeEach(() => {
		discord = new FakeDiscord();
		client = createClient(discord);
		const guild = createGuild(client);
		main = createTextChannel(guild, { name: 'programme' });
		room = createTextChannel(guild, { name: 'forum-hall' });
		channels = new Map([
			[ChannelKeys.programmeMain, main],
			[ChannelKeys.room(ROOM), room]
		]);
		db = openDatabase(':memory:');
		clock = new ManualClock(at('2026-07-15T08:55:00Z'));
		ledger = new NotificationLedger(db, () => clock.now());
		jobs = new FakeJobs();
		logger = new RecordingLogger();
		metrics = [];
	});
	afterEach(async () => {
		db.close();
		await client.destroy();
	});

	async function poster(sessions: Session[], gate = openGate(), morningPost?: { at: string; timezone: string }, texts?: Texts): Promise<SessionPoster> {
		const schedule = new ScheduleSync({
			source: new FixedSource(sessions),
			now: () => clock.now(),
			planner: { leadMinutes: 5, rooms: { [ROOM]: ChannelKeys.room(ROOM) }, mainChannelKey: ChannelKeys.programmeMain, ...(morningPost ? { morningPost } : {}) }
		});
		await schedule.refresh();
		return new SessionPoster({
			schedule,
			ledger,
			jobs,
			clock,
			timezone: TZ,
			channel: (key) => channels.get(key),
			logger,
			gate,
			metrics: { notificationPosted: (late) => void metrics.push(late) },
			...(texts ? { texts } : {})
		});
	}

	function openGate(): ReadinessGate {
		const gate = new ReadinessGate(5_000);
		gate.open();
		return gate;
	}

	const sends = (channel: TextChannel) => discord.matching('POST', new RegExp(`^/channels/${channel.id}/messages$`));
	const bodies = (channel: TextChannel) => sends(channel).map((request) => request.body as SentBody);
	const answeredIds = (channel: TextChannel) => sends(channel).flatMap((request) => (request.response?.status === 200 ? [(request.response.body as { id: string }).id] : []));

	it('posts the main digest on time: heading, one embed per session, no pings, and records the post in the ledger', async () => {
		const subject = await poster([session('AAA', '**@everyone** come'), session('BBB', 'Second talk', ['Room B'])]);
		const outcome = await subject.notify(MAIN_ID);
		expect(outcome).to.deep.equal({ kind: 'posted', messageIds: answeredIds(main), late: false });
		const [body, ...more] = bodies(main);
		expect(more).to.deep.equal([]);
		expect(body?.content).to.equal('# Sessions starting in 5 minutes');
		expect(body?.allowed_mentions).to.deep.equal({ parse: [] });
		expect(body?.embeds.map((embed) => embed.title)).to.deep.equal(['\\*\\*@\u200beveryone\\*\\* come', 'Second talk']);
		expect(body?.embeds[0]?.fields?.find((field) => field.name === 'Room')?.value).to.equal(ROOM);
		expect(sends(room), 'nothing in the room channel for the main digest').to.deep.equal([]);
		const entry = ledger.get(MAIN_ID)!;
		expect(entry).to.deep.include({ status: 'posted', channelId: main.id, messageIds: answeredIds(main), late: false, sessionCodes: ['AAA', 'BBB'] });
		expect(metrics).to.deep.equal([false]);
	});

	it('puts a 🔔 button per session on the digest, and posts the morning post with its menu once, in the main channel', async () => {
		const morningId = `n_morning_${at('2026-07-15T06:00:00Z').getTime() / 60_000}`;
		clock.set(at('2026-07-15T06:00:00Z'));
		const subject = await poster([session('AAA', 'First talk'), session('BBB', 'Second talk', ['Room B'])], openGate(), { at: '08:00', timezone: TZ });
		const [first, second] = await Promise.all([subject.notify(morningId), subject.notify(morningId)]);
		expect([first.kind, second.kind].sort()).to.deep.equal(['duplicate', 'posted']);
		const [morning, ...more] = bodies(main);
		expect(more).to.deep.equal([]);
		expect(morning?.content).to.match(/^# Today's programme · Wednesday 15 July\n/);
		expect(morning?.embeds).to.deep.equal([]);
		expect(morning?.allowed_mentions).to.deep.equal({ parse: [] });
		expect(morning?.components?.flatMap((row) => row.components).map((menu) => menu.options.map((option: { value: string }) => option.value))).to.deep.equal([['AAA', 'BBB']]);
		expect(ledger.get(morningId)).to.deep.include({ kind: 'morning', status: 'posted', late: false, sessionCodes: ['AAA', 'BBB'] });
		clock.set(at('2026-07-15T08:55:00Z'));
		await subject.notify(MAIN_ID);
		const digest = bodies(main)[1]!;
		expect(digest.components?.flatMap((row) => row.components).map((button) => [button.custom_id, button.label])).to.deep.equal([
			['usher:agenda:remind:AAA', 'Remind me: First talk'],
			['usher:agenda:remind:BBB', 'Remind me: Second talk']
		]);
	});

	it("posts a room's heads-up to that room's channel", async () => {
		const subject = await poster([session('AAA', 'In the hall'), session('BBB', 'Elsewhere', ['Room B'])]);
		expect(await subject.notify(ROOM_ID)).to.deep.include({ kind: 'posted', late: false });
		expect(bodies(room).map((body) => [body.content, body.embeds.map((embed) => embed.title)])).to.deep.equal([[`# Starting in 5 minutes in ${ROOM}`, ['In the hall']]]);
		expect(sends(main)).to.deep.equal([]);
		expect(ledger.get(ROOM_ID)).to.deep.include({ status: 'posted', channelId: room.id, sessionCodes: ['AAA'] });
	});

	it('posts a notification once: a duplicate job finds it claimed and sends nothing', async () => {
		const subject = await poster([session('AAA', 'Talk')]);
		const [first, second] = await Promise.all([subject.notify(MAIN_ID), subject.notify(MAIN_ID)]);
		expect([first.kind, second.kind].sort()).to.deep.equal(['duplicate', 'posted']);
		expect(await subject.notify(MAIN_ID)).to.deep.equal({ kind: 'duplicate' });
		expect(sends(main)).to.have.length(1);
	});

	it('waits again when the job fires early: a new job for the real delay, nothing sent, nothing claimed', async () => {
		clock.set(at('2026-07-15T08:50:00Z'));
		const subject = await poster([session('AAA', 'Talk')]);
		expect(await subject.notify(MAIN_ID)).to.deep.equal({ kind: 'early', retryInMs: 5 * 60_000 });
		expect(jobs.scheduled).to.have.length(1);
		expect(jobs.scheduled[0]).to.deep.include({ notificationId: MAIN_ID, delayMs: 5 * 60_000 });
		expect(jobs.scheduled[0]!.id).to.match(new RegExp(`^${MAIN_ID}_early\\d+$`));
		expect(discord.requests).to.deep.equal([]);
		expect(ledger.get(MAIN_ID)).to.equal(undefined);
	});

	it('posts late with a note and the real minutes left, and marks the ledger entry late', async () => {
		clock.set(at('2026-07-15T08:57:00Z'));
		const subject = await poster([session('AAA', 'Talk')]);
		expect(await subject.notify(MAIN_ID)).to.deep.include({ kind: 'posted', late: true });
		expect(bodies(main).map((body) => body.content)).to.deep.equal(['# Sessions starting in 3 minutes\n-# This reminder comes a little late; sorry about that.']);
		expect(ledger.get(MAIN_ID)).to.deep.include({ status: 'posted', late: true, note: 'This reminder comes a little late; sorry about that.' });
		expect(metrics).to.deep.equal([true]);
		expect(logger.at('info')).to.deep.equal([`Programme post ${MAIN_ID} sent late in #programme.`]);
	});

	it('posts in the language of the texts it was given ([bot] language), the late note and the ledger entry too', async () => {
		clock.set(at('2026-07-15T08:57:00Z'));
		const subject = await poster([session('AAA', '**@everyone** come')], openGate(), undefined, textsFor('de', 'programme'));
		expect(await subject.notify(MAIN_ID)).to.deep.include({ kind: 'posted', late: true });
		const [body, ...more] = bodies(main);
		expect(more).to.deep.equal([]);
		expect(body?.content).to.equal('# Diese Sessions beginnen in 3 Minuten\n-# Diese Erinnerung kommt etwas spät – entschuldigt bitte.');
		expect(body?.embeds[0]?.title).to.equal('\\*\\*@\u200beveryone\\*\\* come');
		expect(body?.embeds[0]?.fields?.map((field) => field.name)).to.deep.equal(['Beginn', 'Raum', 'Track', 'Dauer', 'Sprache', 'Livestream']);
		expect(body?.allowed_mentions).to.deep.equal({ parse: [] });
		expect(ledger.get(MAIN_ID)).to.deep.include({ status: 'posted', late: true, note: 'Diese Erinnerung kommt etwas spät – entschuldigt bitte.' });
	});

	it('says nothing once the session has started (the notification is gone) and claims nothing', async () => {
		const subject = await poster([session('AAA', 'Talk')]);
		clock.set(at('2026-07-15T09:00:30Z'));
		expect(await subject.notify(MAIN_ID)).to.deep.equal({ kind: 'gone' });
		expect(discord.requests).to.deep.equal([]);
		expect(ledger.get(MAIN_ID)).to.equal(undefined);
	});

	it('skips, and records why, when the channel is not one it can use', async () => {
		channels.delete(ChannelKeys.programmeMain);
		const subject = await poster([session('AAA', 'Talk')]);
		expect(await subject.notify(MAIN_ID)).to.deep.equal({ kind: 'skipped', reason: 'no channel' });
		expect(ledger.get(MAIN_ID)).to.deep.include({ status: 'skipped', note: `no channel for ${ChannelKeys.programmeMain}` });
		expect(logger.at('warn')).to.have.length(1);
		expect(discord.requests).to.deep.equal([]);
	});

	it('gives the claim back when Discord refuses the only message, so the retry posts', async () => {
		const subject = await poster([session('AAA', 'Talk')]);
		let refuse = true;
		discord.on((request) => (refuse && request.method === 'POST' ? apiError(403, 50013, 'Missing Permissions') : undefined));
		let thrown: unknown;
		await subject.notify(MAIN_ID).catch((error: unknown) => (thrown = error));
		expect(thrown).to.be.instanceOf(Error).with.property('code', 50013);
		expect(ledger.get(MAIN_ID), 'claim released').to.equal(undefined);
		refuse = false;
		expect(await subject.notify(MAIN_ID)).to.deep.include({ kind: 'posted' });
		expect(sends(main)).to.have.length(2);
		expect(ledger.get(MAIN_ID)).to.deep.include({ status: 'posted', messageIds: answeredIds(main) });
	});

	it('splits more than 10 sessions over messages, and keeps the claim when a later message fails', async () => {
		const many = Array.from({ length: 11 }, (_, index) => session(`S${String(index).padStart(2, '0')}`, `Talk ${index}`));
		const subject = await poster(many);
		discord.on((request) => (request.method === 'POST' && sends(main).length === 2 ? apiError(403, 50013, 'Missing Permissions') : undefined));
		const outcome = await subject.notify(MAIN_ID);
		const sent = bodies(main);
		expect(sent.map((body) => [body.content, body.embeds.length])).to.deep.equal([
			['# Sessions starting in 5 minutes', 10],
			[undefined, 1]
		]);
		expect(sent.every((body) => JSON.stringify(body.allowed_mentions) === '{"parse":[]}')).to.equal(true);
		expect(outcome).to.deep.equal({ kind: 'posted', messageIds: answeredIds(main), late: false });
		expect(answeredIds(main)).to.have.length(1);
		expect(ledger.get(MAIN_ID)).to.deep.include({ status: 'posted', messageIds: answeredIds(main) });
		expect(logger.at('warn')).to.have.length(1);
		expect(logger.at('warn')[0]).to.include('went out only in part (1 of 2 messages)');
		expect(await subject.notify(MAIN_ID), 'never repeated').to.deep.equal({ kind: 'duplicate' });
	});

	it('fails a job that fires before the first refresh once the gate times out, sending and claiming nothing', async () => {
		const subject = await poster([session('AAA', 'Talk')], new ReadinessGate(5));
		let thrown: unknown;
		await subject.notify(MAIN_ID).catch((error: unknown) => (thrown = error));
		expect(thrown).to.be.instanceOf(Error).with.property('message').that.includes('not loaded yet');
		expect(discord.requests).to.deep.equal([]);
		expect(ledger.get(MAIN_ID)).to.equal(undefined);
	});

	it('refuses new jobs once stopping, so they go back to the queue', async () => {
		const subject = await poster([session('AAA', 'Talk')]);
		await subject.stop();
		let thrown: unknown;
		await subject.notify(MAIN_ID).catch((error: unknown) => (thrown = error));
		expect(thrown).to.be.instanceOf(Error).with.property('message').that.includes('shutting down');
		expect(discord.requests).to.deep.equal([]);
	});
});
