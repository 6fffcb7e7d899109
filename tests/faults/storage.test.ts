import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import type { UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { eventually } from '../e2e/support/startBot';
import { assertNoSecrets } from '../security/secrets';
import { FaultRig } from './support/harness';
import { makeReadOnly, makeWritable } from './support/readOnlyFile';
import { logEntries, openForm, submitForm } from '../e2e/support/registration';

const cannotSave = 'I cannot save registrations right now, so I have not changed anything on your account.';

describe('faults: the database refuses writes (read-only file, disk full)', function () {
	this.timeout(30_000);
	let rig: FaultRig;
	let readOnly: string | null = null;

	const register = async (user: UserRef, code: string, name: string) => submitForm(rig.discord, user, await openForm(rig.discord, user), code, name);
	const memberPatchesSince = (index: number) => rig.discord.requests.slice(index).filter((request) => request.method === 'PATCH' && /\/members\/\d+$/.test(request.path));
	const logLines = () => logEntries(rig.discord);

	before(async () => {
		rig = await FaultRig.start(fixtureEvent());
		await rig.boot();
	});

	after(async () => {
		if (readOnly) makeWritable(readOnly);
		await rig?.close();
	});

	it('refuses a registration with a clear message, gives no role and tells the organizers, when the file is read-only', async () => {
		await rig.bot.stop();
		readOnly = rig.bot.databaseFile;
		makeReadOnly(readOnly);
		await rig.restart();
		const user = rig.discord.addMember({ username: 'read-only' });
		const before = rig.discord.requests.length;
		const reply = await register(user, 'ABC12', 'Ada Lovelace');
		expect(reply.content).to.include(cannotSave);
		expect(rig.discord.member(user).roles).to.deep.equal([]);
		expect(memberPatchesSince(before), 'no role or nickname change is sent').to.deep.equal([]);
		expect(rig.ledger()).to.deep.equal([]);
		await eventually(() => logLines().some((line) => line.includes(`<@${user.id}> could not register: the bot cannot write to its database`)), 'the log entry');
	});

	it('gives the same clear message, never "something went wrong", when the lookup itself needs to write (a miss asks pretix)', async () => {
		const user = rig.discord.addMember({ username: 'typo' });
		const reply = await register(user, 'ABC12', 'Ada Lovelase');
		expect(reply.content).to.include(cannotSave);
		expect(rig.discord.member(user).roles).to.deep.equal([]);
	});

	it('registers again once the file is writable and the bot restarted', async () => {
		await rig.bot.stop();
		makeWritable(readOnly!);
		readOnly = null;
		await rig.restart();
		const user = rig.discord.addMember({ username: 'writable-again' });
		expect((await register(user, 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
		expect(rig.ledger().map((row) => row.discord_user_id)).to.include(user.id);
	});

	it('refuses with the same message when the disk fills up while the bot runs', async () => {
		// RLIMIT_FSIZE at the current size: every write that grows a file fails with EFBIG, which SQLite reports as a full disk.
		execFileSync('prlimit', ['--pid', String(rig.bot.process.pid), '--fsize=0:unlimited']);
		const user = rig.discord.addMember({ username: 'disk-full' });
		const before = rig.discord.requests.length;
		const rowsBefore = rig.ledger().length;
		const reply = await register(user, 'VOLNT', 'Seán Ó Rudaí');
		expect(reply.content).to.include(cannotSave);
		expect(memberPatchesSince(before)).to.deep.equal([]);
		expect(rig.discord.member(user).roles).to.deep.equal([]);
		expect(rig.ledger()).to.have.length(rowsBefore);
	});

	it('printed no token, and sent Discord only requests its OpenAPI spec accepts', () => {
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
