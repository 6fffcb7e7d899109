import { expect } from 'chai';
import { ShutdownCoordinator } from '../../../src/lib/lifecycle/ShutdownCoordinator';

describe('lifecycle/ShutdownCoordinator', () => {
	it('runs steps newest first, once, and names the ones that fail or overrun the deadline', async () => {
		const order: string[] = [];
		const shutdown = new ShutdownCoordinator();
		shutdown.add('database', () => void order.push('database'));
		shutdown.add('slow', () => new Promise((resolve) => setTimeout(resolve, 1000)));
		shutdown.add('broken', () => {
			throw new Error('disk gone');
		});
		shutdown.add('offline notice', async () => void order.push('offline notice'));
		const first = shutdown.run(100);
		expect(shutdown.run(100)).to.equal(first);
		expect(await first).to.deep.equal(['broken (disk gone)', 'slow (timed out)']);
		expect(order).to.deep.equal(['offline notice', 'database']);
	});
});
