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

describe('lifecycle/ShutdownCoordinator closing steps', () => {
	it('runs the closing steps after every feature, in the order added, even when a feature spends its whole share', async () => {
		const order: string[] = [];
		const shutdown = new ShutdownCoordinator();
		shutdown.addClosing('task queue', () => new Promise<void>(() => undefined));
		shutdown.addClosing('database', () => void order.push('database'));
		shutdown.add('offline notice', () => void order.push('offline notice'));
		shutdown.add('stuck refresh', () => new Promise<void>(() => undefined));
		const failed = await shutdown.run(200);
		expect(failed).to.deep.equal(['stuck refresh (timed out)', 'task queue (timed out)']);
		expect(order).to.deep.equal(['offline notice', 'database']);
	});

	it('resolves by its deadline whatever the steps do', async () => {
		const shutdown = new ShutdownCoordinator();
		shutdown.add('hangs', () => new Promise<void>(() => undefined));
		shutdown.addClosing('hangs too', () => new Promise<void>(() => undefined));
		const settled = await Promise.race([shutdown.run(100).then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('still running'), 5000))]);
		expect(settled).to.equal('settled');
	});
});
