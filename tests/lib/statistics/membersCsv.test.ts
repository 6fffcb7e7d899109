import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { membersCsv, type MemberCsvRow } from '#lib/statistics/membersCsv';

const base: MemberCsvRow = {
	id: '100000000000000001',
	username: 'jane',
	displayName: 'Jane',
	nickname: null,
	joinedAt: new Date('2026-07-01T10:00:00Z'),
	roles: ['Participants'],
	registeredTicketType: 'Business',
	registeredAt: new Date('2026-07-13T07:10:00Z')
};

describe('statistics/membersCsv', () => {
	it('round-trips commas, quotes, newlines and unicode through a CSV parser', () => {
		const rows: MemberCsvRow[] = [
			{ ...base, displayName: 'Doe, Jane "JD"', nickname: 'line one\nline two', roles: ['Participants', 'Onsite, Prague'] },
			{ ...base, id: '100000000000000002', username: 'zoë', displayName: 'Łukasz 🐍 ĉu', nickname: null, joinedAt: null, roles: [], registeredTicketType: null, registeredAt: null }
		];
		const parsed = parse(membersCsv(rows), { bom: true, columns: true }) as Record<string, string>[];
		expect(parsed).to.deep.equal([
			{
				id: base.id,
				username: 'jane',
				'display name': 'Doe, Jane "JD"',
				nickname: 'line one\nline two',
				joined: '2026-07-01T10:00:00.000Z',
				roles: 'Participants; Onsite, Prague',
				'registered ticket type': 'Business',
				'registered at': '2026-07-13T07:10:00.000Z'
			},
			{
				id: '100000000000000002',
				username: 'zoë',
				'display name': 'Łukasz 🐍 ĉu',
				nickname: '',
				joined: '',
				roles: '',
				'registered ticket type': '',
				'registered at': ''
			}
		]);
	});

	it('prefixes cells that a spreadsheet would run as a formula with an apostrophe', () => {
		const formulas = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', '\rCR'];
		const rows = formulas.map((value, index) => ({ ...base, id: String(index), displayName: value, nickname: 'safe = later' }));
		const parsed = parse(membersCsv(rows), { bom: true, columns: true }) as Record<string, string>[];
		expect(parsed.map((row) => row['display name'])).to.deep.equal(formulas.map((value) => `'${value}`));
		expect(parsed.every((row) => row.nickname === 'safe = later')).to.equal(true);
	});

	it('starts with a byte order mark and a header even without rows', () => {
		const csv = membersCsv([]);
		expect(csv.startsWith('\uFEFF')).to.equal(true);
		expect(parse(csv, { bom: true })).to.deep.equal([
			['id', 'username', 'display name', 'nickname', 'joined', 'roles', 'registered ticket type', 'registered at']
		]);
	});
});
