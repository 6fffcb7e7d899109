import { ScheduledTaskHandler } from '@sapphire/plugin-scheduled-tasks';
import { expect } from 'chai';
import { closeTaskQueue } from '#lib/lifecycle/closeTaskQueue';
import { NOTIFY_TASK } from '#lib/programme/NotificationJobs';
import type { PlannedNotification } from '#lib/programme/NotificationPlanner';
import { TaskQueueJobs } from '#lib/programme/TaskQueueJobs';
import { ThrowawayRedis } from '../../helpers/redisServer';

const HOUR = 3_600_000;
const planned = (id: string, notifyAt: string): PlannedNotification => ({
	id,
	kind: 'main',
	notifyAt: new Date(notifyAt),
	startsAt: new Date(new Date(notifyAt).getTime() + 5 * 60_000),
	channelKey: 'programme.main_channel',
	sessionCodes: [id.toUpperCase()],
	rooms: ['Forum Hall'],
	leadMinutes: 5
});

// The scheduled-tasks plugin's real BullMQ queue on a throwaway Redis; every job is hours away, so its worker never runs one.
describe('programme/TaskQueueJobs', function () {
	this.timeout(20_000);
	let redis: ThrowawayRedis;
	let tasks: ScheduledTaskHandler;
	let jobs: TaskQueueJobs;
	let queue = 0;
	before(async () => (redis = await ThrowawayRedis.start()));
	after(async () => redis.kill());
	beforeEach(() => {
		tasks = new ScheduledTaskHandler({ bull: { connection: { host: '127.0.0.1', port: redis.port } }, queue: `notify-test-${++queue}` });
		jobs = new TaskQueueJobs(() => tasks);
	});
	afterEach(async () => closeTaskQueue(tasks));

	it('schedules a job under the notification id with its delay, and lists it with the planned instant', async () => {
		await jobs.schedule(planned('n_main_1', '2026-07-15T07:10:00Z'), 2 * HOUR);
		expect(await jobs.list()).to.deep.equal([{ id: 'n_main_1', runAt: new Date('2026-07-15T07:10:00Z') }]);
		const job = await tasks.client.getJob('n_main_1');
		expect(job?.name).to.equal(NOTIFY_TASK);
		expect(job?.opts.delay).to.equal(2 * HOUR);
		expect(job?.data).to.deep.equal({ id: 'n_main_1', notifyAt: '2026-07-15T07:10:00.000Z' });
	});

	it('adds a notification once: scheduling the same id again keeps the first job', async () => {
		await jobs.schedule(planned('n_main_1', '2026-07-15T07:10:00Z'), 2 * HOUR);
		await jobs.schedule(planned('n_main_1', '2026-07-15T07:40:00Z'), 3 * HOUR);
		expect(await jobs.list()).to.deep.equal([{ id: 'n_main_1', runAt: new Date('2026-07-15T07:10:00Z') }]);
	});

	it('removes a job, and a job that is already gone without an error', async () => {
		await jobs.schedule(planned('n_main_1', '2026-07-15T07:10:00Z'), 2 * HOUR);
		await jobs.schedule(planned('n_main_2', '2026-07-15T07:20:00Z'), 2 * HOUR);
		await jobs.remove('n_main_1');
		await jobs.remove('n_main_1');
		expect((await jobs.list()).map((job) => job.id)).to.deep.equal(['n_main_2']);
	});

	it("lists an older release's job without a planned time as due at the epoch (so it is replaced), and ignores other tasks", async () => {
		await tasks.client.add(NOTIFY_TASK, { id: 'n_old' }, { jobId: 'n_old', delay: 2 * HOUR });
		await tasks.client.add('someOtherTask', { id: 'x' }, { jobId: 'other', delay: 2 * HOUR });
		expect(await jobs.list()).to.deep.equal([{ id: 'n_old', runAt: new Date(0) }]);
	});
});
