import { expect } from 'chai';
import { formatStartupSteps, runStartupSteps } from '#lib/lifecycle/startupSteps';

describe('lifecycle/startupSteps', () => {
	it('runs every step even after one throws, and reports each', async () => {
		const ran: string[] = [];
		const results = await runStartupSteps([
			{ name: 'form', run: () => Promise.reject(new Error('no channel')) },
			{ name: 'repair', run: () => (ran.push('repair'), 'none') },
			{ name: 'sync', run: () => Promise.reject(new Error('timeout')), fallback: () => 'serving 3 tickets from the snapshot' }
		]);
		expect(ran).to.deep.equal(['repair']);
		expect(formatStartupSteps('Registration', results)).to.equal(
			['Registration start-up: 2 of 3 steps failed:', '  - ✗ form: failed: no channel', '  - ✓ repair: none', '  - ✗ sync: failed: timeout; serving 3 tickets from the snapshot'].join('\n')
		);
	});

	it('fits a clean start on one line', async () => {
		const results = await runStartupSteps([
			{ name: 'form', run: async () => 'posted' },
			{ name: 'first pretix sync', run: () => '8 tickets' }
		]);
		expect(formatStartupSteps('Registration', results)).to.equal('Registration start-up: form posted · first pretix sync 8 tickets.');
	});
});
