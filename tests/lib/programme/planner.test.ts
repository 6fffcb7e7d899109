import { expect } from 'chai';
import { DateTime } from 'luxon';
import { SimulatedClock } from '#lib/programme/Clock';
import { ManualClock } from '../../helpers/ManualClock';
import { NotificationPlanner, type PlannerOptions } from '#lib/programme/NotificationPlanner';
import type { Session } from '#lib/programme/Session';
import { benchPlanner } from '../../bench/planner';

const ZONE = 'Europe/Prague';
const at = (local: string): Date => DateTime.fromISO(local, { zone: ZONE }).toJSDate();
const session = (code: string, start: string, rooms: string[], extra: Partial<Session> = {}): Session => ({
	code,
	title: `Talk ${code}`,
	start: at(start),
	end: new Date(at(start).getTime() + 30 * 60_000),
	rooms,
	speakers: [],
	isBreak: false,
	...extra
});
const ROOMS = { 'Forum Hall': 'forum-hall', 'South Hall 2A': 'south-hall-2a', 'South Hall 2B': 'south-hall-2b' };
const options: PlannerOptions = { rooms: ROOMS, mainChannelKey: 'programme' };
const early = at('2026-07-01T00:00');

describe('programme/NotificationPlanner', () => {
	const planner = new NotificationPlanner();

	it('groups sessions starting in the same minute into one main post, one post per room channel', () => {
		const plan = planner.plan(
			[session('AAA', '2026-07-15T10:00', ['Forum Hall']), session('BBB', '2026-07-15T10:00', ['South Hall 2A']), session('CCC', '2026-07-15T10:45', ['Forum Hall'])],
			options,
			early
		);
		const main = plan.notifications.filter((notification) => notification.kind === 'main');
		expect(main.map((notification) => notification.sessionCodes)).to.deep.equal([['AAA', 'BBB'], ['CCC']]);
		expect(main[0]!.channelKey).to.equal('programme');
		expect(main[0]!.notifyAt.getTime()).to.equal(at('2026-07-15T10:00').getTime() - 5 * 60_000);
		const rooms = plan.notifications.filter((notification) => notification.kind === 'room');
		expect(rooms.map((notification) => [notification.channelKey, notification.sessionCodes])).to.deep.equal([
			['forum-hall', ['AAA']],
			['south-hall-2a', ['BBB']],
			['forum-hall', ['CCC']]
		]);
	});

	it('uses the conference zone on a UTC host: 10:00 in Prague in July is 08:00 UTC', () => {
		const plan = planner.plan([session('AAA', '2026-07-15T10:00', ['Forum Hall'])], options, early);
		expect(plan.notifications[0]!.notifyAt.toISOString()).to.equal('2026-07-15T07:55:00.000Z');
	});

	it('announces a multi-room keynote once in main and in every listed room', () => {
		const plan = planner.plan([session('KEY', '2026-07-15T09:00', ['Forum Hall', 'South Hall 2A', 'South Hall 2B'])], options, early);
		expect(plan.notifications.filter((notification) => notification.kind === 'main')).to.have.length(1);
		expect(plan.notifications.filter((notification) => notification.kind === 'room').map((notification) => notification.channelKey)).to.have.members([
			'forum-hall',
			'south-hall-2a',
			'south-hall-2b'
		]);
	});

	it('skips breaks and sessions already started; reports unmapped rooms', () => {
		const sessions = [
			session('BRK', '2026-07-15T10:30', ['Forum Hall'], { isBreak: true, title: 'Coffee break' }),
			session('OLD', '2026-07-15T08:00', ['Forum Hall']),
			session('TUT', '2026-07-14T10:00', ['Forum Hall']),
			session('NEW', '2026-07-15T11:00', ['Cellar'])
		];
		const plan = planner.plan(sessions, options, at('2026-07-15T09:00'));
		expect(plan.notifications.map((notification) => notification.sessionCodes)).to.deep.equal([['NEW']]);
		expect(plan.unmappedRooms).to.deep.equal(['Cellar']);
	});

	it('keeps a session whose lead time passed but that has not started (for the late policy)', () => {
		const plan = planner.plan([session('AAA', '2026-07-15T10:00', ['Forum Hall'])], options, at('2026-07-15T09:58'));
		expect(plan.notifications).to.have.length(2);
	});

	it('uses the shorter room lead for room channels when configured', () => {
		const plan = planner.plan([session('AAA', '2026-07-15T10:00', ['Forum Hall'])], { ...options, leadMinutes: 10, roomLeadMinutes: 2 }, early);
		const byKind = new Map(plan.notifications.map((notification) => [notification.kind, notification]));
		expect(byKind.get('main')!.notifyAt.getTime()).to.equal(at('2026-07-15T09:50').getTime());
		expect(byKind.get('room-short')!.notifyAt.getTime()).to.equal(at('2026-07-15T09:58').getTime());
		expect(byKind.has('room')).to.equal(false);
	});

	it('handles the DST change days: lead times are real minutes', () => {
		// 2026-03-29 02:00 CET jumps to 03:00 CEST: five minutes before 03:02 is 01:57 on the wall clock.
		const spring = planner.plan([session('SPR', '2026-03-29T03:02', ['Forum Hall'])], options, at('2026-03-28T00:00'));
		expect(DateTime.fromJSDate(spring.notifications[0]!.notifyAt, { zone: ZONE }).toFormat('HH:mm')).to.equal('01:57');
		// 2026-10-25 03:00 CEST falls back to 02:00 CET: 09:00 local is 08:00 UTC.
		const autumn = planner.plan([session('AUT', '2026-10-25T09:00', ['Forum Hall'])], options, at('2026-10-24T00:00'));
		expect(autumn.notifications[0]!.notifyAt.toISOString()).to.equal('2026-10-25T07:55:00.000Z');
	});

	it('gives deterministic, BullMQ-safe ids', () => {
		const sessions = [session('AAA', '2026-07-15T10:00', ['Forum Hall', 'South Hall 2A'])];
		const first = planner.plan(sessions, options, early).notifications.map((notification) => notification.id);
		const second = planner.plan([...sessions], options, early).notifications.map((notification) => notification.id);
		expect(first).to.deep.equal(second);
		expect(new Set(first).size).to.equal(first.length);
		for (const id of first) {
			expect(id).to.not.include(':');
			expect(id).to.not.match(/^\d+$/);
		}
	});
});

describe('programme/NotificationPlanner: the morning post', () => {
	const planner = new NotificationPlanner();
	const morning: PlannerOptions = { ...options, morningPost: { at: '08:00', timezone: ZONE } };
	const day = [
		session('AAA', '2026-07-15T09:00', ['Forum Hall']),
		session('BBB', '2026-07-15T17:30', ['South Hall 2A']),
		session('BRK', '2026-07-15T10:30', ['Forum Hall'], { isBreak: true }),
		// 00:30 in Prague is still 14 July in UTC: it belongs to the 16th's post.
		session('CCC', '2026-07-16T00:30', ['South Hall 2B']),
		session('DDD', '2026-07-16T09:00', ['Forum Hall'])
	];
	const mornings = (plan: ReturnType<NotificationPlanner['plan']>) => plan.notifications.filter((notification) => notification.kind === 'morning');

	it("plans one post per conference day in the main channel at the local time, listing the day's sessions, breaks left out", () => {
		const posts = mornings(planner.plan(day, { ...morning, idPrefix: 'rabc_' }, early));
		expect(posts.map((post) => [post.notifyAt.toISOString(), post.sessionCodes, post.channelKey])).to.deep.equal([
			['2026-07-15T06:00:00.000Z', ['AAA', 'BBB'], 'programme'],
			['2026-07-16T06:00:00.000Z', ['CCC', 'DDD'], 'programme']
		]);
		// Judged against the day's last start, so a post missed at 08:00 still goes out while anything is to come.
		expect(posts[0]!.startsAt.getTime()).to.equal(at('2026-07-15T17:30').getTime());
		expect(posts[0]!.id).to.equal(`rabc_n_morning_${at('2026-07-15T08:00').getTime() / 60_000}`);
		expect(posts[0]!.id).to.match(/^[a-z0-9_]+$/);
	});

	it('keeps a missed morning post in the plan with only the sessions still to come, and drops it once the last has started', () => {
		const late = mornings(planner.plan(day, morning, at('2026-07-15T12:00')));
		expect(late[0]!.sessionCodes).to.deep.equal(['BBB']);
		expect(late[0]!.notifyAt.getTime()).to.equal(at('2026-07-15T08:00').getTime());
		expect(mornings(planner.plan(day, morning, at('2026-07-15T17:30'))).map((post) => post.sessionCodes)).to.deep.equal([['CCC', 'DDD']]);
	});

	it('plans no morning post for a day whose sessions all start before its time, nor when it is off', () => {
		expect(mornings(planner.plan([session('EARLY', '2026-07-15T07:30', ['Forum Hall'])], morning, early))).to.deep.equal([]);
		expect(mornings(planner.plan(day, options, early))).to.deep.equal([]);
	});
});

describe('programme/Clock', () => {
	it('SimulatedClock runs from simulated_start at speed× real time and converts delays back to real ms', () => {
		const real = new ManualClock(new Date('2026-01-01T00:00:00Z'));
		const clock = new SimulatedClock({ start: new Date('2026-07-15T06:50:00Z'), speed: 60, now: () => real.now() });
		expect(clock.now().toISOString()).to.equal('2026-07-15T06:50:00.000Z');
		real.advance(1000);
		expect(clock.now().toISOString()).to.equal('2026-07-15T06:51:00.000Z');
		expect(clock.realDelayUntil(new Date('2026-07-15T06:56:00Z'))).to.equal(5000);
		expect(clock.realDelayUntil(new Date('2026-07-15T06:00:00Z'))).to.equal(0);
		expect(() => new SimulatedClock({ start: new Date(), speed: 0 })).to.throw(RangeError);
	});

	it('ManualClock only moves when told', () => {
		const clock = new ManualClock(new Date('2026-07-15T08:00:00Z'));
		clock.advance(60_000);
		expect(clock.now().toISOString()).to.equal('2026-07-15T08:01:00.000Z');
		expect(clock.realDelayUntil(new Date('2026-07-15T08:02:00Z'))).to.equal(60_000);
	});
});

describe('programme planner at conference size', () => {
	// How fast is `npm run bench planner`'s business; this checks the bench plans what it claims to.
	it('plans 5 days × 12 rooms × ~800 sessions: a room post for every session plus the main digests', async () => {
		const result = await benchPlanner();
		expect(result.sessions).to.be.within(750, 900);
		expect(result.notifications).to.be.above(result.sessions!);
	});
});
