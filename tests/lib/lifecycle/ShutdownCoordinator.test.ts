import { expect } from 'chai';
import { ShutdownCoordinator } from '#lib/lifecycle/ShutdownCoordinator';

const never = () => new Promise<void>(() => undefined);

describe('lifecycle/ShutdownCoordinator', () => {
	it('runs once, and names the steps that fail or overrun the deadline', async () => {
		const shutdown = new ShutdownCoordinator();
		shutdown.add('slow', never);
		shutdown.add('broken', () => {
			throw new Error('disk gone');
		});
		const first = shutdown.run(100);
		expect(shutdown.run(100)).to.equal(first);
		expect(await first).to.deep.equal(['slow (timed out)', 'broken (disk gone)']);
	});

	it('runs features side by side: one that hangs does not hold back another', async () => {
		const done: string[] = [];
		const shutdown = new ShutdownCoordinator();
		shutdown.add('programme', never);
		shutdown.add('offline notice', async () => {
			await new Promise((resolve) => setTimeout(resolve, 20));
			done.push('offline notice');
		});
		expect(await shutdown.run(300)).to.deep.equal(['programme (timed out)']);
		expect(done).to.deep.equal(['offline notice']);
	});

	it('runs the closing steps after every feature, in the order added, even when a feature spends its whole share', async () => {
		const order: string[] = [];
		const shutdown = new ShutdownCoordinator();
		shutdown.addClosing('log channel', () => void order.push('log channel'));
		shutdown.addClosing('task queue', never);
		shutdown.addClosing('database', () => void order.push('database'));
		shutdown.add('stuck refresh', never);
		shutdown.add('offline notice', () => void order.push('offline notice'));
		const failed = await shutdown.run(200);
		expect(failed).to.deep.equal(['stuck refresh (timed out)', 'task queue (timed out)']);
		expect(order).to.deep.equal(['offline notice', 'log channel', 'database']);
	});

	it('resolves by its deadline whatever the steps do', async () => {
		const shutdown = new ShutdownCoordinator();
		shutdown.add('hangs', never);
		shutdown.addClosing('hangs too', never);
		const settled = await Promise.race([shutdown.run(100).then(() => 'settled'), new Promise((resolve) => setTimeout(() => resolve('still running'), 5000))]);
		expect(settled).to.equal('settled');
	});
});
