import { expect } from 'chai';
import { languages } from '#lib/i18n/language';
import { formatFunnel, registrationFunnel } from '#lib/statistics/registrationFunnel';

describe('statistics/registrationFunnel', () => {
	const input = {
		soldByTicketType: new Map([
			['Business', 10],
			['Remote Participation Ticket', 4],
			['Personal', 6]
		]),
		registeredByTicketType: new Map([
			['Business', 7],
			['Personal', 6],
			['Cancelled Type', 1]
		]),
		members: [
			{ id: 'u1', bot: false },
			{ id: 'u2', bot: false },
			{ id: 'never1', bot: false },
			{ id: 'never2', bot: false },
			{ id: 'usher', bot: true }
		],
		registeredUserIds: new Set(['u1', 'u2', 'left'])
	};

	it('follows sold → registered → never registered per ticket type', () => {
		const funnel = registrationFunnel(input);
		expect(funnel.byType).to.deep.equal([
			{ ticketType: 'Business', sold: 10, registered: 7, notRegistered: 3 },
			{ ticketType: 'Personal', sold: 6, registered: 6, notRegistered: 0 },
			{ ticketType: 'Remote Participation Ticket', sold: 4, registered: 0, notRegistered: 4 },
			{ ticketType: 'Cancelled Type', sold: 0, registered: 1, notRegistered: 0 }
		]);
		expect(funnel).to.deep.include({ sold: 20, registered: 14, notRegistered: 7, membersNeverRegistered: 2, registeredButLeft: 1 });
	});

	it('formats totals, percentages and per-type lines', () => {
		const reply = formatFunnel(registrationFunnel(input));
		expect(reply).to.include('Tickets sold: 20 → registered on Discord: 14 (70 %) → not yet: 7');
		expect(reply).to.include('People on the server who never registered: 2');
		expect(reply).to.include('• Business: 10 → 7 (70 %)');
		expect(reply).to.include('• Cancelled Type: 0 → 1 (–)');
	});

	it('summarises ticket types that do not fit in one message', () => {
		const sold = new Map(Array.from({ length: 200 }, (_, i) => [`Ticket type ${String(i).padStart(3, '0')}`, 2] as const));
		const reply = formatFunnel(registrationFunnel({ ...input, soldByTicketType: sold, registeredByTicketType: new Map() }));
		expect(reply.length).to.be.at.most(2000);
		const hidden = 200 - reply.split('\n').filter((line) => line.startsWith('• ')).length;
		expect(reply.split('\n').at(-1)).to.equal(`…and ${hidden} more ticket types (${hidden * 2} sold)`);
	});

	it('formats the funnel in German and Japanese, and within the limit in every language', () => {
		const german = formatFunnel(registrationFunnel(input), 'de');
		expect(german.split('\n')).to.deep.equal([
			'**Registrierungstrichter**',
			'Verkaufte Tickets: 20 → auf Discord registriert: 14 (70 %) → noch nicht: 7',
			'Personen auf dem Server, die sich nie registriert haben: 2',
			'Registrierte Konten, die nicht mehr auf dem Server sind: 1',
			'',
			'**Pro Ticketart** (verkauft → registriert)',
			'• Business: 10 → 7 (70 %)',
			'• Personal: 6 → 6 (100 %)',
			'• Remote Participation Ticket: 4 → 0 (0 %)',
			'• Cancelled Type: 0 → 1 (–)'
		]);
		expect(formatFunnel(registrationFunnel(input), 'ja')).to.include('販売チケット：20 → Discordで登録済み：14（70 %）→ 未登録：7');
		const sold = new Map(Array.from({ length: 200 }, (_, i) => [`Ticket type ${String(i).padStart(3, '0')}`, 2000] as const));
		for (const language of languages) {
			const reply = formatFunnel(registrationFunnel({ ...input, soldByTicketType: sold, registeredByTicketType: new Map() }), language);
			expect(reply.length, language).to.be.at.most(2000);
		}
		const lastGerman = formatFunnel(registrationFunnel({ ...input, soldByTicketType: sold, registeredByTicketType: new Map() }), 'de').split('\n').at(-1);
		expect(lastGerman).to.match(/^… und \d+ weitere Ticketarten \(\d{1,3}(\.\d{3})* verkauft\)$/);
	});
});
