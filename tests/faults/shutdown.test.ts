import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { fixtureEvent } from '../fixtures/pretix/event';
import { FaultRig } from './support/harness';

const SHUTDOWN_SECONDS = 4;

describe('faults: SIGTERM while Redis is gone', function () {
	this.timeout(60_000);
	let rig: FaultRig;

	before(async () => {
		rig = await FaultRig.start(fixtureEvent(), { overrides: { bot: { shutdown_timeout_seconds: SHUTDOWN_SECONDS } } });
		await rig.boot();
	});

	after(() => rig?.close());

	it('exits 0 by the deadline with the offline notice posted and SQLite closed', async () => {
		const { bot, discord } = rig;
		await rig.redis.kill('SIGKILL');
		// Positive signal that the bot's Redis connections have seen the outage before the signal arrives.
		await bot.waitForOutput(/Redis is not answering/, 20_000);

		// The bot's own backstop exits 1 at the deadline: exit code 0 means every step ended (or was cut) before it.
		const code = await Promise.race([bot.stop(), new Promise<string>((resolve) => setTimeout(() => resolve('still running'), (SHUTDOWN_SECONDS + 10) * 1000))]);
		expect(code, bot.output()).to.equal(0);
		expect(bot.output()).to.match(/SIGTERM received: shutting down/);
		expect(bot.output()).not.to.include('overran');

		const form = discord.messagesIn('registration-form').at(-1);
		expect(form?.content).to.include('Registration is offline for a moment');
		// better-sqlite3 checkpoints and removes the WAL file when the last connection closes.
		expect(existsSync(bot.databaseFile)).to.equal(true);
		expect(existsSync(`${bot.databaseFile}-wal`), 'the database was closed').to.equal(false);
	});
});
