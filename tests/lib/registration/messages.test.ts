import { expect } from 'chai';
import { formatWait, logEntryFor, replyFor } from '#lib/registration/messages';
import type { TicketRefusal } from '#lib/registration/Ticket';
import { textsFor } from '#lib/i18n/texts';

const context = { helpChannelId: '900000000000000001' };
const help = '<#900000000000000001>';

describe('registration/messages', () => {
	it('tells a member whose previous try is still running to wait for it', () => {
		expect(replyFor({ kind: 'in-flight' }, context)).to.equal(
			'I am still checking your previous try. Please wait a moment for my answer to it; there is no need to send the form again.'
		);
		expect(logEntryFor({ kind: 'in-flight' }, 'u1')).to.equal(null);
	});

	it('gives each ticket that cannot register its own true reason', () => {
		const expected: Record<TicketRefusal, string> = {
			'order-pending': `I found your ticket in order \`PEND2\`, but the order is not paid yet, so I cannot register it. Please try again once your payment has arrived (a bank transfer can take a few days). Need a hand? Ask in ${help}.`,
			'order-awaiting-approval': `I found your ticket in order \`PEND2\`, but the order is still waiting for approval by the organizers, so I cannot register it yet. Please try again once it is approved and paid. Need a hand? Ask in ${help}.`,
			'order-expired': `I found your ticket in order \`PEND2\`, but the order expired before it was paid, so it holds no valid ticket. If you think this is a mistake, please ask in ${help}.`,
			'order-canceled': `I found your ticket in order \`PEND2\`, but the order has been cancelled, so I cannot register it. If you think this is a mistake, please ask in ${help}.`,
			'ticket-canceled': `I found your ticket in order \`PEND2\`, but that ticket has been cancelled, so I cannot register it. If you think this is a mistake, please ask in ${help}.`,
			'ticket-blocked': `I found your ticket in order \`PEND2\`, but it is blocked in our ticket system, so I cannot register it. Please ask in ${help}; an organizer can look into it with you.`,
			'test-mode': `Order \`PEND2\` was made in the ticket shop's test mode, so it is not a real ticket and cannot be registered. Please use the order code of your real ticket. Need a hand? Ask in ${help}.`
		};
		for (const [refusal, text] of Object.entries(expected) as [TicketRefusal, string][]) {
			const reply = replyFor({ kind: 'not-usable', orderCode: 'PEND2', refusal }, context);
			expect(reply, refusal).to.equal(text);
			expect(reply, refusal).to.not.include('cannot find an order');
		}
	});

	it('tells organizers only about blocked tickets, which only they can unblock', () => {
		expect(logEntryFor({ kind: 'not-usable', orderCode: 'BLCK1', refusal: 'ticket-blocked' }, 'u1')).to.equal(
			'ℹ️ <@u1> tried to register a ticket of order BLCK1 that is blocked in pretix; they were sent to the help channel.'
		);
		expect(logEntryFor({ kind: 'not-usable', orderCode: 'PEND2', refusal: 'order-pending' }, 'u1')).to.equal(null);
	});
});

describe('registration/messages for the role queue', () => {
	const ticket = { key: 'ABC12-ada', orderCode: 'ABC12', positionId: 1, itemId: 1, variationId: null, itemName: 'Business', variationName: null, attendeeName: 'Ada @everyone', admission: true, status: 'usable' } as never;

	it('tells a queued member their place and an honest wait, without a way to ping', () => {
		const text = replyFor({ kind: 'queued', tickets: [ticket], roleNames: ['Participants'], nickname: 'Ada', again: false, place: 340 }, { helpChannelId: null, dueAt: new Date('2026-07-13T07:05:45Z') });
		expect(text).to.equal(
			'✅ Your ticket is confirmed, Ada @\u200beveryone!\nDiscord lets a bot update about 10 members every 10 seconds, so roles come in turn: you are number 340 in line, due <t:1783926345:R>. This message updates when your roles arrive, and the conference channels then appear.'
		);
	});

	it('rounds waits to what a person can use', () => {
		expect([formatWait(0.4), formatWait(12), formatWait(49), formatWait(50), formatWait(89), formatWait(135), formatWait(599), formatWait(3600)]).to.deep.equal([
			'about 5 seconds',
			'about 15 seconds',
			'about 50 seconds',
			'about 50 seconds',
			'about 1 minute 30 seconds',
			'about 2 minutes 15 seconds',
			'about 10 minutes',
			'about 60 minutes'
		]);
	});

	it("answers in the member's language, escaping the outside values there too, with the plural each language needs", () => {
		const de = textsFor('de', 'registration');
		const outcome = { kind: 'registered', tickets: [{ attendeeName: 'Zoë *Ünal*' }], roleNames: ['Sponsors'], nickname: 'Zoë *Ünal*', nicknameSet: true, again: false } as never;
		expect(replyFor(outcome, { ...context, t: de })).to.equal('✅ Willkommen, Zoë \\*Ünal\\*! Du bist registriert.\nDeine Rollen: Sponsors.\nDein Nickname ist jetzt **Zoë \\*Ünal\\***, dein virtuelles Namensschild.');
		expect(replyFor({ kind: 'bad-name' }, { helpChannelId: null, t: de })).to.include('Frag in dem Hilfe-Kanal.');
		expect([formatWait(135, de), formatWait(60, textsFor('cs', 'registration')), formatWait(240, textsFor('cs', 'registration')), formatWait(720, textsFor('ja', 'registration'))]).to.deep.equal([
			'in etwa 2 Minuten 15 Sekunden',
			'zhruba 1 minuta',
			'zhruba 4 minuty',
			'あと約12分'
		]);
	});
});
