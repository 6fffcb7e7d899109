import { expect } from 'chai';
import { decode } from 'fast-png';
import { positionKey, type Registration } from '#lib/registration/ClaimLedger';
import { languages } from '#lib/i18n/language';
import { registrationReport } from '#lib/statistics/registrationReport';

function registration(userId: string, itemName: string, variationName: string | null = null): Registration {
	return {
		ticketKey: positionKey({ orderCode: 'ABC12', positionId: 1 }),
		orderCode: 'ABC12',
		positionId: 1,
		itemName,
		variationName,
		attendeeName: 'Jane Doe',
		userId,
		roles: [],
		nickname: null,
		source: 'self',
		reason: null,
		registeredAt: new Date('2026-07-13T07:00:00Z')
	};
}

describe('statistics/registrationReport', () => {
	const input = {
		sold: [
			{ type: 'Business / Conference', count: 3 },
			{ type: 'Remote Participation Ticket', count: 2 }
		],
		registrations: [registration('u1', 'Business', 'Conference'), registration('u1', 'T-shirt', 'M'), registration('u2', 'Remote Participation Ticket')],
		members: [
			{ id: 'u1', bot: false },
			{ id: 'u3', bot: false },
			{ id: 'b1', bot: true }
		],
		failureReasons: [
			{ result: 'wrong-name' as const, count: 4 },
			{ result: 'unknown-ticket' as const, count: 1 }
		],
		perHour: [
			{ start: new Date('2026-07-13T06:00:00Z'), count: 0 },
			{ start: new Date('2026-07-13T07:00:00Z'), count: 2 }
		],
		timeZone: 'Europe/Prague',
		roleQueue: { waiting: 0, etaSeconds: 0 }
	};

	it('matches registrations to sold types by item and variation, leaving add-ons out', async () => {
		const { funnel } = await registrationReport(input);
		expect(funnel.byType.map((row) => [row.ticketType, row.sold, row.registered])).to.deep.equal([
			['Business / Conference', 3, 1],
			['Remote Participation Ticket', 2, 1]
		]);
		expect(funnel.membersNeverRegistered).to.equal(1);
		expect(funnel.registeredButLeft).to.equal(1);
	});

	it('says the busiest hour in the conference zone and the top failure reasons', async () => {
		const { content } = await registrationReport(input);
		expect(content).to.include('2 in the last 2 hours; busiest hour Mon 13 Jul, 09:00 (2)');
		expect(content).to.include('• wrong name: 4\n• unknown ticket: 1');
		expect(content.length).to.be.at.most(2000);
	});

	it('says so when nothing happened, and still renders both charts', async () => {
		const quiet = await registrationReport({ ...input, registrations: [], failureReasons: [], perHour: [{ start: input.perHour[0]!.start, count: 0 }] });
		expect(quiet.content).to.include('none in the last 1 hour').and.include('**Failed attempts** (last 7 days): none.').and.include('**Waiting for roles**: nobody.');
		expect(quiet.files.map((file) => [file.name, decode(file.data).width])).to.deep.equal([
			['registrations-per-hour.png', 1000],
			['funnel-by-ticket-type.png', 1000]
		]);
	});

	it('shows how many wait for their roles and how long the last one has to go', async () => {
		const { content } = await registrationReport({ ...input, roleQueue: { waiting: 340, etaSeconds: 345 } });
		expect(content).to.include('**Waiting for roles**: 340 (Discord lets a bot update about 10 members every 10 seconds); the last one in about 5 minutes 45 seconds.');
	});

	it('reports in the organizer\'s language: German day names, reasons and waits; Japanese dates; within the limit in every language', async () => {
		const german = await registrationReport({ ...input, roleQueue: { waiting: 340, etaSeconds: 345 }, language: 'de' });
		expect(german.content).to.include('**Registrierungen im Zeitverlauf**: 2 in den letzten 2 Stunden; Spitzenstunde Mo 13. Jul, 09:00 (2).');
		expect(german.content).to.include('**Fehlgeschlagene Versuche** (letzte 7 Tage), häufigste zuerst\n• falscher Name: 4\n• unbekanntes Ticket: 1');
		expect(german.content).to.include('die letzte Person ist in etwa 5 Minuten 45 Sekunden dran.');
		const quiet = await registrationReport({ ...input, registrations: [], failureReasons: [], perHour: [{ start: input.perHour[0]!.start, count: 0 }], language: 'de' });
		expect(quiet.content).to.include('**Registrierungen im Zeitverlauf**: keine in der letzten 1 Stunde.');
		const japanese = await registrationReport({ ...input, language: 'ja' });
		expect(japanese.content).to.include('**登録の推移**：過去2時間で2件。最も多かったのは7月13日(月) 09:00台（2件）。');
		const many = { ...input, sold: Array.from({ length: 80 }, (_, i) => ({ type: `Ticket type ${i} ${'x'.repeat(40)}`, count: 1000 + i })) };
		for (const language of languages) expect((await registrationReport({ ...many, language, roleQueue: { waiting: 12_345, etaSeconds: 4000 } })).content.length, language).to.be.at.most(2000);
	});
});
