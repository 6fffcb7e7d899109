import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { logRedisError } from '#lib/lifecycle/RedisOutageLog';

describe('lifecycle/RedisOutageLog', () => {
	it('logs one line a minute while Redis is down, counting what it held back', () => {
		const lines: string[] = [];
		const saved = container.logger;
		container.logger = { error: (line: string) => lines.push(line) } as never;
		try {
			const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379\n    at TCPConnectWrap…');
			const start = 10 ** 12;
			for (let second = 0; second < 59; second++) logRedisError(refused, start + second * 1000);
			logRedisError(refused, start + 60_000);
			expect(lines).to.deep.equal([
				'Redis is not answering: connect ECONNREFUSED 127.0.0.1:6379. Scheduled posts and syncs wait for it; nothing is lost.',
				'Redis is not answering: connect ECONNREFUSED 127.0.0.1:6379. Scheduled posts and syncs wait for it; nothing is lost. (58 similar errors in the last minute)'
			]);
		} finally {
			container.logger = saved;
		}
	});
});
