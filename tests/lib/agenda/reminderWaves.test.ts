import { expect } from 'chai';
import { planReminderWaves, REMINDER_SENDS_PER_SECOND, waveId, waveSpreadMs } from '#lib/agenda/reminderWaves';
import type { Session } from '#lib/programme/Session';

const session = (code: string, start: string, extra: Partial<Session> = {}): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + 30 * 60_000),
	rooms: ['Forum Hall'],
	speakers: [],
	isBreak: false,
	...extra
});

describe('agenda/reminderWaves', () => {
	const now = new Date('2026-07-15T06:00:00Z');
	const keynote = session('K1', '2026-07-15T07:00:00Z');

	it('starts a wave early enough that its last DM, at the reminders’ pace, still goes out lead minutes before the start', () => {
		const [wave] = planReminderWaves([keynote], [{ sessionCode: 'K1', leadMinutes: 10, members: 2000 }], now);
		const lastBy = new Date('2026-07-15T06:50:00Z').getTime();
		expect(wave!.lastBy.getTime()).to.equal(lastBy);
		const sendingMs = (2000 / REMINDER_SENDS_PER_SECOND) * 1000;
		expect(lastBy - wave!.notifyAt.getTime(), 'head start covers the sending').to.be.at.least(sendingMs);
		expect(lastBy - wave!.notifyAt.getTime(), 'but not by minutes more').to.be.below(sendingMs + 20_000);
	});

	it('grows the head start with the members, in steps, so a few more bookmarks do not move the job', () => {
		expect(waveSpreadMs(1)).to.equal(waveSpreadMs(2));
		expect(waveSpreadMs(2000)).to.be.above(waveSpreadMs(100));
		expect(waveSpreadMs(2000) % 10_000).to.equal(0);
	});

	it('plans one wave per session and lead, none for past sessions, breaks, unknown codes or reminders off', () => {
		const sessions = [keynote, session('OLD', '2026-07-15T05:00:00Z'), session('BR', '2026-07-15T08:00:00Z', { isBreak: true })];
		const waves = planReminderWaves(
			sessions,
			[
				{ sessionCode: 'K1', leadMinutes: 10, members: 3 },
				{ sessionCode: 'K1', leadMinutes: 30, members: 1 },
				{ sessionCode: 'K1', leadMinutes: 0, members: 5 },
				{ sessionCode: 'OLD', leadMinutes: 10, members: 1 },
				{ sessionCode: 'BR', leadMinutes: 10, members: 1 },
				{ sessionCode: 'GONE', leadMinutes: 10, members: 1 }
			],
			now
		);
		expect(waves.map((wave) => wave.id)).to.deep.equal([waveId('', keynote, 30), waveId('', keynote, 10)]);
	});

	it('names the start in the id, so a moved session gets a new wave, and keeps a rehearsal apart by its prefix', () => {
		const moved = { ...keynote, start: new Date('2026-07-15T07:15:00Z') };
		expect(waveId('', keynote, 10)).to.not.equal(waveId('', moved, 10));
		expect(waveId('r0123456789_', keynote, 10)).to.match(/^r0123456789_r_K1_10_\d+$/);
		expect(waveId('', { code: 'A:B/C', start: keynote.start }, 10), 'BullMQ ids take no colon').to.not.include(':');
	});

	it('stretches the head start by a rehearsal’s speed: sending takes real seconds', () => {
		const [live] = planReminderWaves([keynote], [{ sessionCode: 'K1', leadMinutes: 10, members: 100 }], now);
		const [fast] = planReminderWaves([keynote], [{ sessionCode: 'K1', leadMinutes: 10, members: 100 }], now, '', 20);
		expect(fast!.lastBy.getTime() - fast!.notifyAt.getTime()).to.equal(20 * (live!.lastBy.getTime() - live!.notifyAt.getTime()));
	});
});
