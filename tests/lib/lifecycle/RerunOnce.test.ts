import { expect } from 'chai';
import { RerunOnce } from '#lib/lifecycle/RerunOnce';

describe('lifecycle/RerunOnce', () => {
	it('runs one at a time, and once more after a run for any calls that came meanwhile', async () => {
		let runs = 0;
		let release: () => void = () => undefined;
		const task = new RerunOnce(async () => {
			runs++;
			if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
		});
		const first = task.run();
		const second = task.run();
		const third = task.run();
		expect(second).to.equal(first);
		expect(third).to.equal(first);
		release();
		await first;
		expect(runs, 'the run in flight, then one more for both calls').to.equal(2);
		expect(task.inFlight).to.equal(undefined);
	});
});
