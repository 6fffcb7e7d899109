import { expect } from 'chai';
import { retentionDecision, type RetentionInput } from '#lib/retention/retention';
import type { Session } from '#lib/programme/Session';

describe('retention/retention', () => {
	const session = (code: string, start: string, end: string): Session => ({ code, title: code, start: new Date(start), end: new Date(end), rooms: ['Forum Hall'], speakers: [], isBreak: false });
	// The last session ends on the 17th at 18:00 UTC, though it is not the last in the list.
	const sessions = [session('S1', '2026-07-15T07:00:00Z', '2026-07-15T08:00:00Z'), session('S3', '2026-07-17T17:00:00Z', '2026-07-17T18:00:00Z'), session('S2', '2026-07-16T09:00:00Z', '2026-07-16T10:00:00Z')];
	const input = (overrides: Partial<RetentionInput>): RetentionInput => ({ sessions, fetched: true, rehearsal: false, retentionDays: 30, now: new Date('2026-07-20T00:00:00Z'), ...overrides });

	it('keeps the data until the last session’s end plus the retention days, and deletes from that instant on', () => {
		const deleteFrom = new Date('2026-08-16T18:00:00Z');
		expect(retentionDecision(input({ now: new Date('2026-07-16T12:00:00Z') }))).to.deep.equal({ kind: 'keep', deleteFrom });
		expect(retentionDecision(input({ now: new Date(deleteFrom.getTime() - 1) }))).to.deep.equal({ kind: 'keep', deleteFrom });
		expect(retentionDecision(input({ now: deleteFrom }))).to.deep.equal({ kind: 'delete', deleteFrom });
		expect(retentionDecision(input({ now: new Date('2026-12-03T00:00:00Z') }))).to.deep.equal({ kind: 'delete', deleteFrom });
	});

	it('with retention_days = 0 deletes as soon as the last session has ended, not before', () => {
		const end = new Date('2026-07-17T18:00:00Z');
		expect(retentionDecision(input({ retentionDays: 0, now: new Date(end.getTime() - 1) }))).to.deep.equal({ kind: 'keep', deleteFrom: end });
		expect(retentionDecision(input({ retentionDays: 0, now: end }))).to.deep.equal({ kind: 'delete', deleteFrom: end });
	});

	it('with Q&A still closing its last threads, waits for that however short the retention days', () => {
		const end = new Date('2026-07-17T18:00:00Z');
		const afterClose = new Date(end.getTime() + 75 * 60_000);
		expect(retentionDecision(input({ retentionDays: 0, minimumAfterEndMs: 75 * 60_000, now: end }))).to.deep.equal({ kind: 'keep', deleteFrom: afterClose });
		expect(retentionDecision(input({ retentionDays: 0, minimumAfterEndMs: 75 * 60_000, now: afterClose }))).to.deep.equal({ kind: 'delete', deleteFrom: afterClose });
		expect(retentionDecision(input({ minimumAfterEndMs: 75 * 60_000, now: afterClose })).kind, 'the 30 days still rule').to.equal('keep');
	});

	it('never deletes without a programme: empty, or not fetched yet, however late it is', () => {
		const late = new Date('2030-01-01T00:00:00Z');
		expect(retentionDecision(input({ sessions: [], now: late }))).to.deep.equal({ kind: 'no-programme' });
		expect(retentionDecision(input({ fetched: false, now: late }))).to.deep.equal({ kind: 'no-programme' });
	});

	it('never deletes in a rehearsal, even long after the conference', () => {
		expect(retentionDecision(input({ rehearsal: true, now: new Date('2030-01-01T00:00:00Z') }))).to.deep.equal({ kind: 'rehearsal' });
	});
});
