import { expect } from 'chai';
import { textsFor } from '#lib/i18n/texts';
import { formatLookup, formatManualAccess, formatManualRegistration, formatUnlink, manualRegistrationLogEntry, unlinkLogEntry } from '#lib/registration/organizerReplies';
import { repairLogEntry } from '#lib/registration/messages';
import type { Registration } from '#lib/registration/ClaimLedger';

const german = textsFor('de', 'organizers');
const czech = textsFor('cs', 'organizers');
const tickets = [{ orderCode: 'ABC12', positionId: 7, itemName: 'Business', variationName: 'Conference', attendeeName: 'Ada Lovelace' }];
const due = new Date('2026-07-13T07:02:15Z');
const registration = (positionId: number): Registration =>
	({ orderCode: 'ABC12', positionId, itemName: 'Business', variationName: null, attendeeName: 'Ada *Lovelace*', userId: 'u1', registeredAt: due, source: 'organizer', reason: null }) as unknown as Registration;

describe("registration/organizerReplies: the organizer's answers in their language", () => {
	it('answers a hand registration in German, with the wait in German too', () => {
		expect(formatManualRegistration({ kind: 'registered', tickets, roleNames: ['Participants'], nickname: null, nicknameSet: false, again: false }, 'u1', undefined, german)).to.equal(
			'<@u1> für 1 Ticket registriert und diese Rollen vergeben: Participants.'
		);
		const queued = formatManualRegistration({ kind: 'queued', tickets, roleNames: ['Participants'], nickname: null, again: false, place: 3 }, 'u1', due, german);
		expect(queued).to.include('Platz 3 in der Warteschlange, voraussichtlich <t:1783926135:R>.');
		expect(formatManualRegistration({ kind: 'queued', tickets, roleNames: ['Participants'], nickname: null, again: false, place: 30 }, 'u1', undefined, german)).to.include('in etwa 30 Sekunden');
		expect(formatManualRegistration({ kind: 'wrong-name', orderCode: 'ABC12', tickets: [] } as never, 'u1', undefined, german)).to.equal(
			'Die Bestellung `ABC12` hat kein gültiges Ticket mit diesem Namen. Prüf die Schreibweise in pretix.'
		);
		expect(formatManualAccess('u1', ['Onsite'], true, due, german)).to.equal(
			'<@u1> sieht die Konferenzkanäle jetzt; das Namensschild als Nickname und die weiteren Rollen (Onsite) folgen der Reihe nach, voraussichtlich <t:1783926135:R>.'
		);
	});

	it('keeps the English answers as they were', () => {
		expect(formatManualAccess('u1', ['Onsite'], true, due)).to.equal('<@u1> can see the conference channels now; their badge nickname and their other roles (Onsite) follow in turn, due <t:1783926135:R>.');
		expect(formatManualAccess('u1', [], false, due)).to.equal('<@u1> can see the conference channels now.');
		expect(formatUnlink({ released: [registration(1), registration(2)], rolesNoLongerGranted: new Map([['u1', ['r1']]]) } as never, false)).to.equal(
			'Freed 2 tickets from <@u1>: they can now be registered again. Their roles stay; run again with `remove_roles` to take them away.'
		);
	});

	it("counts in each language's plural forms and number style", () => {
		const many = Array.from({ length: 3 }, (_, index) => registration(index + 1));
		expect(formatLookup({ registrations: many, order: null } as never, czech).split('\n')[0]).to.equal('**3 registrované vstupenky**');
		expect(formatLookup({ registrations: many.slice(0, 1), order: null } as never, german).split('\n')[1]).to.match(/^• `ABC12-1` Business · Ada \\\*Lovelace\\\* → <@u1>, <t:\d+:f> vom Orga-Team$/);
		expect(german('exportMembers', { count: 2000 })).to.match(/^Mitgliederliste: 2\.000 Mitglieder /);
		expect(textsFor('en-US', 'organizers')('exportMembers', { count: 2000 })).to.match(/^Member list: 2,000 members /);
		expect(formatUnlink({ released: many, rolesNoLongerGranted: new Map([['u1', ['r1']]]) } as never, true, [], czech)).to.match(/^Uvolnil jsem 3 vstupenky od <@u1>: /);
	});

	it('writes log entries in the log language, escaping what organizers typed', () => {
		const log = textsFor('de', 'log');
		const unlinked = { released: [registration(1)], rolesNoLongerGranted: new Map([['u1', ['r1']]]) } as never;
		expect(unlinkLogEntry(unlinked, 'olivia', 'moved *account* @everyone', true, [], log)).to.equal(
			'🔓 <@olivia> hat `ABC12-1` von <@u1> freigegeben und die Rollen entfernt. Grund: moved \\*account\\* @\u200beveryone'
		);
		expect(unlinkLogEntry(unlinked, 'olivia', 'moved', false)).to.equal('🔓 <@olivia> freed `ABC12-1` from <@u1>. Reason: moved');
		expect(manualRegistrationLogEntry(tickets, ['Participants'], 'u1', 'olivia', 'Infostand', log)).to.equal('🛠️ <@olivia> hat <@u1> von Hand für `ABC12-7` registriert (Participants). Grund: Infostand');
		expect(repairLogEntry({ kind: 'reapplied', userId: 'u1', orderCodes: ['ABC12'], roleNames: ['Participants'] }, textsFor('ja', 'log'))).to.equal(
			'🔧 <@u1> の登録（注文 ABC12）は再起動で中断されていました。完了しました：Participants。'
		);
		const released = { kind: 'released' as const, userId: 'u1', orderCodes: ['ABC12'] };
		expect(repairLogEntry({ ...released, why: 'left-server' }, log)).to.include('ließ sich nicht abschließen (das Mitglied ist nicht auf dem Server); das Ticket ist wieder frei.');
		expect(repairLogEntry({ ...released, why: 'no-roles', unresolved: ['*VIP*'] }, log)).to.include('(keine Rolle zu vergeben (\\*VIP\\* fehlen auf dem Server))');
		expect(repairLogEntry({ ...released, why: 'no-roles', unresolved: [] }, textsFor('ja', 'log'))).to.include('（付与できるロールがありません（このチケット種別にロールが割り当てられていません））');
		expect(repairLogEntry({ ...released, why: 'no-roles', unresolved: ['Speakers', 'Sponsors'] })).to.include('could not be finished (no role to give (Speakers, Sponsors)); the ticket is free again.');
		expect(repairLogEntry({ ...released, why: 'no-roles', unresolved: [] })).to.include('could not be finished (no role to give (unmapped));');
		expect(repairLogEntry({ ...released, why: 'discord-refused', detail: 'Missing Permissions' }, log)).to.include('(Missing Permissions)');
	});
});
