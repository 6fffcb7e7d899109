import { expect } from 'chai';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTicketsCli } from '../../src/cli/tickets';
import { runCli } from '../../src/cli/run';
import { fixtureEvent } from '../fixtures/pretix/event';
import { PretixStandin } from '../standins/pretix/PretixStandin';

// Over the bot's documented example config (copied as config.toml), as config.local.toml.
const CONFIG = `
[registration.roles.items]
"Business" = ["Participants", "Onsite Participants"]
"Beginners’ Day Unconference / Humble Data Access" = ["Beginners Day"]
"Community Contributors" = ["Participants"]

[registration.roles.variations]
"Volunteer" = ["Volunteers"]
`;

describe('cli/tickets', () => {
	let dir: string;
	let out: string[];
	let err: string[];
	const files = () => ['--orders', join(dir, 'orders.json'), '--items', join(dir, 'items.json'), '--config', join(dir, 'config.toml')];
	const run = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
		createTicketsCli({ env, defaultConfigFile: join(dir, 'missing.toml') })(argv, (line) => out.push(line), (line) => err.push(line));

	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'usher-tickets-cli-'));
		out = [];
		err = [];
		const event = fixtureEvent();
		// Two pages concatenated, as `curl page1; curl page2` would save them.
		const pages = [event.orders.slice(0, 5), event.orders.slice(5)].map((results, i) => JSON.stringify({ count: 11, next: i ? null : 'x', previous: null, results }));
		writeFileSync(join(dir, 'orders.json'), pages.join('\n'));
		writeFileSync(join(dir, 'items.json'), JSON.stringify({ count: event.items.length, next: null, previous: null, results: event.items }));
		copyFileSync(join(__dirname, '..', '..', 'config', 'config.toml'), join(dir, 'config.toml'));
		writeFileSync(join(dir, 'config.local.toml'), CONFIG);
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('prints the matched tickets and their roles from export files and exits 0', async () => {
		expect(await run(['lookup', '--order', '#abc12-1', '--name', 'lovelace ada', ...files()])).to.equal(0);
		const result = JSON.parse(out.join('\n')) as { order: string; tickets: { itemName: string }[]; roles: string[] };
		expect(result.order).to.equal('ABC12');
		expect(result.tickets.map((ticket) => ticket.itemName)).to.deep.equal(['Business', 'Beginners’ Day Unconference / Humble Data Access']);
		expect(result.roles).to.deep.equal(['Participants', 'Onsite Participants', 'Beginners Day']);
		expect(err).to.deep.equal([]);
	});

	it('exits 1 with a clear line when nothing matches', async () => {
		expect(await run(['lookup', '--order', 'ABC12', '--name', 'Charles Babbage', ...files()])).to.equal(1);
		expect(JSON.parse(out.join('\n')).tickets).to.deep.equal([]);
		expect(err).to.deep.equal(['No ticket matches this order code and name.']);
	});

	it('names the reason when the name matches a ticket that cannot register', async () => {
		for (const [order, name, miss] of [
			['PEND2', 'Alan Turing', 'order-pending'],
			['BLCK1', 'Barbara Liskov', 'ticket-blocked'],
			['TEST9', 'Test Person', 'test-mode']
		] as const) {
			err.length = 0;
			expect(await run(['lookup', '--order', order, '--name', name, ...files()]), order).to.equal(1);
			expect(err, order).to.deep.equal([`No usable ticket matches this order code and name: pretix has it as ${miss}.`]);
		}
	});

	it('says how many orders in the file it rejected and why, instead of only "no match"', async () => {
		const event = fixtureEvent();
		const broken = event.orders.map((order) => structuredClone(order) as unknown as Record<string, unknown>);
		const byCode = (code: string) => broken.find((order) => order.code === code)!;
		byCode('ABC12').status = 'paid';
		byCode('VOLNT').positions = 'none';
		(byCode('GRP34').positions as Record<string, unknown>[])[1]!.item = 'sponsor';
		for (const code of ['RMT56', 'NONAM']) delete byCode(code).status;
		writeFileSync(join(dir, 'orders.json'), JSON.stringify({ count: broken.length, next: null, previous: null, results: broken }));
		expect(await run(['lookup', '--order', 'ABC12', '--name', 'Ada Lovelace', ...files()])).to.equal(1);
		const ordersFile = join(dir, 'orders.json');
		const status = 'Invalid option: expected one of "n"|"p"|"e"|"c"';
		const grp34Position = event.orders.find((order) => order.code === 'GRP34')!.positions[1]!.id;
		expect(err).to.deep.equal([
			`Rejected 4 of 11 orders in ${ordersFile} as invalid (not searched): AB***: malformed order (status: ${status}); NO***: malformed order (status: ${status}); VO***: malformed order (positions: Invalid input: expected array, received string); and 1 more.`,
			`Rejected 1 order position in ${ordersFile} as invalid (not searched): GR*** position ${grp34Position}: malformed position (item: Invalid input: expected number, received string).`,
			'No ticket matches this order code and name.'
		]);
		// A valid order in the same file is still found, and the rejections are still reported.
		err.length = 0;
		expect(await run(['lookup', '--order', 'GRP34', '--name', 'Zoë Ünal', ...files()])).to.equal(0);
		expect(err).to.have.length(2);
		expect(err[0]).to.match(/^Rejected 4 of 11 orders in /);
	});

	const badInputs: [string, string[], RegExp][] = [
		['no action', ['--order', 'ABC12', '--name', 'Ada'], /^Usage:/],
		['an unknown action', ['find', '--order', 'ABC12', '--name', 'Ada'], /Unknown action "find"/],
		['a missing name', ['lookup', '--order', 'ABC12'], /^Usage:/],
		['an unknown flag', ['lookup', '--order', 'ABC12', '--name', 'Ada', '--verbose'], /Unknown option '--verbose'/],
		['an impossible order code', ['lookup', '--order', 'AB', '--name', 'Ada'], /"AB" is not an order code/],
		['--orders without --items', ['lookup', '--order', 'ABC12', '--name', 'Ada', '--orders', 'x.json'], /--orders and --items go together/],
		['an unreadable file', ['lookup', '--order', 'ABC12', '--name', 'Ada', '--orders', '/nonexistent.json', '--items', '/nonexistent.json'], /Cannot read \/nonexistent.json/],
		['a missing config file given explicitly', ['lookup', '--order', 'ABC12', '--name', 'Ada', '--config', '/nonexistent.toml'], /^Config error: \/nonexistent.toml not found\.$/],
		['no [pretix] section and no files', ['lookup', '--order', 'ABC12', '--name', 'Ada'], /No \[pretix\] section/]
	];
	for (const [what, argv, message] of badInputs) {
		it(`exits 2 on ${what}`, async () => {
			expect(await run(argv)).to.equal(2);
			expect(err).to.have.length(1);
			expect(err[0]).to.match(message);
		});
	}

	it('exits 2 when an export file is not JSON', async () => {
		writeFileSync(join(dir, 'orders.json'), '<html>login</html>');
		expect(await run(['lookup', '--order', 'ABC12', '--name', 'Ada Lovelace', ...files()])).to.equal(2);
		expect(err[0]).to.match(/Cannot read .*orders\.json/);
	});

	describe('asking pretix', () => {
		let standin: PretixStandin;
		beforeEach(async () => {
			standin = await PretixStandin.start(fixtureEvent());
			writeFileSync(join(dir, 'config.local.toml'), `${CONFIG}\n[pretix]\nbase_url = "${standin.origin}"\norganizer = "europython"\nevent = "ep2026"\n`);
		});
		afterEach(() => standin.close());
		const config = () => ['--config', join(dir, 'config.toml')];

		it('fetches just that order and answers with the same matching', async () => {
			expect(await run(['lookup', '--order', 'VOLNT', '--name', 'Sean O Rudai', ...config()], { PRETIX_TOKEN: standin.token })).to.equal(0);
			expect(JSON.parse(out.join('\n')).roles).to.deep.equal(['Participants', 'Volunteers']);
			expect(standin.requests.map((request) => request.path).sort()).to.deep.equal([
				'/api/v1/organizers/europython/events/ep2026/items/',
				'/api/v1/organizers/europython/events/ep2026/orders/VOLNT/'
			]);
		});

		it('exits 1 for an order pretix does not know', async () => {
			expect(await run(['lookup', '--order', 'ZZZ99', '--name', 'Ada Lovelace', ...config()], { PRETIX_TOKEN: standin.token })).to.equal(1);
		});

		it('exits 2 without a token, or with a rejected one that it never prints', async () => {
			expect(await run(['lookup', '--order', 'VOLNT', '--name', 'Sean', ...config()])).to.equal(2);
			expect(err[0]).to.match(/Set PRETIX_TOKEN/);
			expect(await run(['lookup', '--order', 'VOLNT', '--name', 'Sean', ...config()], { PRETIX_TOKEN: 'wrong-token-xyz' })).to.equal(2);
			expect(err[1]).to.match(/pretix rejected the API token/).and.not.include('wrong-token-xyz');
		});
	});

	it('is registered as the "tickets" CLI area', async () => {
		const lines: string[] = [];
		expect(await runCli(['tickets', 'lookup'], () => undefined, (line) => lines.push(line))).to.equal(2);
		expect(lines[0]).to.match(/npm run cli -- tickets lookup/);
	});
});
