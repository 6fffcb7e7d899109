import { expect } from 'chai';
import { accessGrantReply, grantLogEntry, grantReply } from '#lib/registration/grantMessages';
import { positionKey } from '#lib/registration/ClaimLedger';
import { formatManualRegistration } from '#lib/registration/organizerReplies';
import type { GrantResult } from '#lib/registration/RoleGrants';
import type { RoleJob, RolePurpose } from '#lib/registration/RoleQueue';

const job = (purpose: RolePurpose): RoleJob => ({
	purpose,
	requestedBy: purpose === 'organizer' ? { actor: 'olivia', reason: 'lost their *email* @everyone' } : null,
	userId: 'u1',
	roleIds: ['r1'],
	roleNames: ['Participants'],
	nickname: 'Ada Lovelace',
	tickets: [{ orderCode: 'ABC12', positionId: 7, itemName: 'Business', variationName: 'Conference', attendeeName: 'Ada Lovelace' }],
	ticketKeys: [positionKey({ orderCode: 'ABC12', positionId: 7 })],
	claimedKeys: [positionKey({ orderCode: 'ABC12', positionId: 7 })],
	again: false,
	queuedAt: new Date('2026-07-13T07:00:00Z'),
	accessGivenAt: null
});
const granted = (purpose: RolePurpose): GrantResult => ({ kind: 'granted', job: job(purpose), nicknameSet: true });
const refused = (purpose: RolePurpose): GrantResult => ({ kind: 'refused', job: job(purpose), reason: 'missing-permissions', detail: 'Missing Permissions' });
const left = (purpose: RolePurpose): GrantResult => ({ kind: 'left', job: job(purpose) });
const context = { helpChannelId: 'help' };
// 2026-07-13 07:02:15 UTC as a Discord timestamp: each member's client shows it as "in 2 minutes", counting down.
const due = new Date('2026-07-13T07:02:15Z');
const dueText = 'due <t:1783926135:R>';

describe('registration/grantMessages', () => {
	it('answers the member of their own form, and the organizer of theirs, each in their words', () => {
		expect(grantReply(granted('self'), context)).to.include('Welcome, Ada Lovelace! You are registered.');
		expect(grantReply(granted('organizer'), context)).to.equal('Registered <@u1> for 1 ticket and gave them: Participants.');
		expect(grantReply(refused('organizer'), context)).to.include('Discord refused to change that member (missing-permissions)');
		expect(grantReply(left('organizer'), context)).to.include('<@u1> left the server before their roles could be given');
		expect(grantReply(left('self'), context)).to.include('You left the server before your roles could be given');
	});

	it('tells an organizer whose member waits in line the place and the wait', () => {
		const text = formatManualRegistration({ kind: 'queued', tickets: job('organizer').tickets, roleNames: ['Participants'], nickname: null, again: false, place: 3 }, 'u1', due);
		expect(text).to.include(`number 3 in line, ${dueText}.`).and.include('This message updates when they arrive.');
	});

	it('logs each kind of grant for the organizers, escaping what people typed', () => {
		expect(grantLogEntry(granted('organizer'), false)).to.equal('🛠️ <@olivia> registered <@u1> by hand for `ABC12-7` (Participants). Reason: lost their \\*email\\* @\u200beveryone');
		expect(grantLogEntry(granted('rejoin'), false)).to.equal('↩️ <@u1> rejoined; restored their registration: Participants.');
		expect(grantLogEntry(refused('rejoin'), false)).to.include('rejoined and is registered, but Discord refused to restore their roles (missing-permissions)');
		expect(grantLogEntry(left('rejoin'), false)).to.equal(null);
		expect(grantLogEntry(granted('repair'), false)).to.include('was interrupted by a restart; finished it: Participants.');
		expect(grantLogEntry(left('repair'), false)).to.include('could not be finished (the member is not in the server); the ticket is free again.');
		expect(grantLogEntry(granted('self'), true)).to.include('was interrupted by a restart; finished it');
		expect(grantLogEntry(granted('self'), false)).to.include('✅ <@u1> registered as **Ada Lovelace**');
		expect(grantLogEntry(refused('organizer'), false)).to.include('Discord refused the roles Participants');
	});

	it('tells whoever asked that the access role went ahead, and what still follows; rejoins and repairs have no reply', () => {
		const withRest = { ...job('self'), roleIds: ['r1', 'r2'], roleNames: ['Participants', 'Onsite *Participants*'], tickets: [{ ...job('self').tickets[0]!, attendeeName: '@everyone Ada' }] };
		expect(accessGrantReply(withRest, 'r1', due)).to.equal(
			`✅ Welcome, @\u200beveryone Ada! You are in: the conference channels are open to you now.\nYour badge nickname **Ada Lovelace** and your other roles (Onsite \\*Participants\\*) follow in turn, ${dueText}; this message updates then.`
		);
		expect(accessGrantReply({ ...job('self'), nickname: null }, 'r1', due)).to.equal('✅ Welcome, Ada Lovelace! You are in: the conference channels are open to you now.');
		expect(accessGrantReply(job('organizer'), 'r1', due)).to.equal(`<@u1> can see the conference channels now; their badge nickname follows in turn, ${dueText}.`);
		expect(accessGrantReply({ ...withRest, nickname: null }, 'r1', due)).to.include('\nYour other roles (Onsite \\*Participants\\*) follow in turn');
		expect(accessGrantReply(job('rejoin'), 'r1', due)).to.equal(null);
		expect(accessGrantReply(job('repair'), 'r1', due)).to.equal(null);
	});
});
