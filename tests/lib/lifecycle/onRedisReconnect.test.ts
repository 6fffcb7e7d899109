import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { onRedisReconnect } from '#lib/lifecycle/onRedisReconnect';

describe('lifecycle/onRedisReconnect', () => {
	it('runs the handler only when the connection is ready again after it was lost', async () => {
		const connection = new EventEmitter();
		let runs = 0;
		const stop = onRedisReconnect(connection, async () => void runs++, () => undefined);
		connection.emit('ready');
		expect(runs).to.equal(0);
		connection.emit('close');
		connection.emit('close');
		connection.emit('ready');
		connection.emit('ready');
		expect(runs).to.equal(1);
		stop();
		connection.emit('close');
		connection.emit('ready');
		expect(runs).to.equal(1);
	});

	it('reports a failing handler instead of throwing', async () => {
		const connection = new EventEmitter();
		const errors: unknown[] = [];
		onRedisReconnect(connection, () => Promise.reject(new Error('redis busy')), (error) => errors.push(error));
		connection.emit('close');
		connection.emit('ready');
		await new Promise((resolve) => setImmediate(resolve));
		expect(errors.map((error) => (error as Error).message)).to.deep.equal(['redis busy']);
	});
});
