import { expect } from 'chai';
import { runModalFuzz } from './modalFuzz';

// Fixed seed and a CI-sized run; `npm run fuzz -- --count 10000 --seed N` is the long run.
const SEED = 20260601;
const COUNT = 1000;

describe('fuzz: hostile registration forms through the real bot', function () {
	this.timeout(120_000);

	it(`${COUNT} seeded submissions: one ephemeral reply each, no ping, no role or ledger row without a ticket, no crash`, async () => {
		const report = await runModalFuzz({ seed: SEED, count: COUNT });
		expect(report.violations).to.deep.equal([]);
		expect(report.submissions).to.equal(COUNT);
		// The inputs must reach the interesting branches, or the run proves little.
		expect(report.registered, 'some valid tickets among the noise').to.be.greaterThan(0);
		expect(Object.keys(report.replies).length, JSON.stringify(report.replies)).to.be.at.least(5);
	});
});
