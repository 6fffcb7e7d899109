import { expect } from 'chai';
import { fixtureEvent } from '../fixtures/pretix/event';
import { FaultRig } from './support/harness';

describe('faults: a start-up step fails', function () {
	this.timeout(60_000);
	let rig: FaultRig;

	before(async () => {
		rig = await FaultRig.start(fixtureEvent());
	});

	after(() => rig?.close());

	it('posting the form is refused → the repair and the first sync still run, the report names the failure, shutdown still leaves the offline notice', async () => {
		const { discord } = rig;
		discord.failNext({ route: new RegExp(`^POST /channels/${discord.channel('registration-form').id}/messages$`), status: 403 });
		// boot() waits for the first pretix sync: the step after the failed one ran.
		const bot = await rig.boot();
		await bot.waitForOutput(/Registration start-up: /);
		expect(bot.output()).to.include('Registration start-up: 1 of 5 steps failed:');
		expect(bot.output()).to.include('✗ form: failed: Discord refused a request (403: Missing Permissions)');
		expect(bot.output()).to.include('✓ interrupted registrations: none');
		expect(bot.output()).to.match(/✓ first pretix sync: \d+ tickets/);
		expect(discord.messagesIn('registration-form')).to.deep.equal([]);

		expect(await bot.stop()).to.equal(0);
		expect(discord.messagesIn('registration-form').at(-1)?.content).to.include('Registration is offline for a moment');
	});
});
