import { expect } from 'chai';
import { decode } from 'fast-png';
import { positionKey, type Registration } from '#lib/registration/ClaimLedger';
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
});
