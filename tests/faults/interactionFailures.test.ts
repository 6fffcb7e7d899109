import { expect } from 'chai';
import { RegistrationIds } from '#lib/registration/customIds';
import type { UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { invocations, organizerOnly } from '../e2e/support/commands';
import { openForm, submitForm } from '../e2e/support/registration';
import { FaultRig } from './support/harness';
import { makeReadOnly, makeWritable } from './support/readOnlyFile';

// @discordjs/rest tries a 5xx four times (three retries) before it gives up.
const DISCORD_ATTEMPTS = 4;

describe('faults: commands and components always answer, whatever fails under them', function () {
	this.timeout(60_000);
	let rig: FaultRig;
	let readOnly: string | null = null;
	let ada: UserRef;
	let sean: UserRef;

	before(async () => {
		rig = await FaultRig.start(fixtureEvent());
		await rig.boot();
		ada = rig.discord.addMember({ username: 'ada' });
		sean = rig.discord.addMember({ username: 'sean' });
		expect((await submitForm(rig.discord, ada, await openForm(rig.discord, ada), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
		expect((await submitForm(rig.discord, sean, await openForm(rig.discord, sean), 'VOLNT', 'Seán Ó Rudaí')).content).to.include('You are registered');
	});

	after(async () => {
		if (readOnly) makeWritable(readOnly);
		await rig?.close();
	});

	it('/registration unlink remove_roles: Discord 500s on the role removal → the ticket is freed and the answer says the roles stayed', async () => {
		const { discord } = rig;
		// One DELETE per role (never a PATCH of the whole list from a cache): the first one fails every attempt.
		const roleDeletes = () => discord.requests.filter((request) => request.method === 'DELETE' && request.path.includes(`/members/${sean.id}/roles/`)).length;
		const before = roleDeletes();
		discord.failNext({ route: new RegExp(`^DELETE /guilds/\\d+/members/${sean.id}/roles/\\d+$`), status: 500, times: DISCORD_ATTEMPTS });
		const result = await discord.runCommand('olivia', 'registration', { subcommand: 'unlink', options: { member: { id: sean.id }, remove_roles: true, reason: 'moved to another account' } });
		expect(result.content).to.include('Freed 1 ticket from');
		expect(result.content).to.include(`But I could not remove the roles of <@${sean.id}> (Discord did not answer (500))`);
		expect(roleDeletes() - before, 'every injected failure was consumed, and no other role was tried after it').to.equal(DISCORD_ATTEMPTS);
		expect(discord.member(sean).roles).to.include('Participants');
		expect(rig.ledger().map((row) => row.discord_user_id)).not.to.include(sean.id);
	});

	it('every organizer subcommand answers when the database is read-only; the ones that write name the cause', async () => {
		const ledgerBefore = rig.ledger();
		await rig.bot.stop();
		readOnly = rig.bot.databaseFile;
		makeReadOnly(readOnly);
		await rig.restart();
		const all = invocations(rig.discord, ada, organizerOnly);
		expect(all.map((invocation) => invocation.label)).to.include.members(['/registration register', '/registration unlink', '/registration lookup', '/stats registration']);
		for (const { name, input, label } of all) {
			// The stand-in rejects a command the bot deferred and never answered: getting a result is the positive signal.
			const result = await rig.discord.runCommand('olivia', name, { ...input, timeoutMs: 15_000 });
			const text = [result.content, ...result.followUps.map((message) => message.content)].join('\n');
			expect(text.trim() || result.embeds.length || result.attachments.length, `${label} answered`).to.not.equal(0);
			expect(text, label).not.to.include('Something went wrong on our side');
			if (label === '/registration register' || label === '/registration unlink') {
				expect(text, label).to.match(/^I could not finish `\/registration (register|unlink)`: the bot's database is read-only\. Part of it may have gone through/);
			}
		}
		expect(rig.ledger(), 'nothing was changed').to.deep.equal(ledgerBefore);
	});

	it('a member whose Register click fails on Discord’s side still gets a polite answer, with no internals', async () => {
		const { discord } = rig;
		const member = discord.addMember({ username: 'unlucky' });
		const form = discord.messagesIn('registration-form').at(-1)!;
		discord.failNext({ route: /^POST \/interactions\/\d+\/[^/]+\/callback$/, status: 500, times: DISCORD_ATTEMPTS });
		const result = await discord.clickButton(member, form, RegistrationIds.button);
		expect(result.modal).to.equal(undefined);
		expect(result.ephemeral).to.equal(true);
		expect(result.content).to.match(/^Something went wrong on our side and I could not finish\. Please try again in a minute; if it keeps happening, ask in <#\d+>\.$/);
	});
});
