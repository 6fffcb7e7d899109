import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduleCli } from '../../src/cli/schedule';
import { generateConference } from '../standins/pretalx/conference';
import { PretalxStandin } from '../standins/pretalx/server';

const FIXTURE = join(__dirname, '..', 'fixtures', 'pretalx', 'frab-schedule.json');
// The bot's documented example config, with Exhibit Hall left unmapped so the preview has a room to warn about.
const CONFIG = readFileSync(join(__dirname, '..', '..', 'config', 'config.toml'), 'utf8').replace('"Exhibit Hall" = "exhibit-hall"\n', '');

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await scheduleCli(argv, (line) => out.push(line), (line) => err.push(line));
	return { code, out, err };
}

describe('cli/schedule', () => {
	let dir: string;
	let config: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'usher-schedule-cli-'));
		config = join(dir, 'config.toml');
		writeFileSync(config, CONFIG);
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('prints one JSON line per session still to announce, with times and channels', async () => {
		const { code, out, err } = await run(['preview', '--source', FIXTURE, '--config', config, '--at', '2026-07-15T09:30:00+02:00']);
		expect(code).to.equal(0);
		const lines = out.map((line) => JSON.parse(line));
		expect(lines.map((line) => line.session)).to.deep.equal(['JPTYPE', 'MARKUP', 'NIGHT1', 'SPRNT1']);
		const markup = lines.find((line) => line.session === 'MARKUP');
		expect(markup).to.deep.equal({
			session: 'MARKUP',
			title: '**Bold** claims: @everyone should test `asyncio`',
			room: 'South Hall 2A',
			start: '2026-07-15T08:00:00.000Z',
			notify_at: '2026-07-15T07:55:00.000Z',
			channels: ['#programme-notifications', '#south-hall-2a']
		});
		expect(err.join('\n')).to.match(/room "Exhibit Hall" has no channel/);
	});

	it('reads a frab URL from the stand-in', async () => {
		const standin = await new PretalxStandin(generateConference({ seed: 1, days: 1, rooms: 2, sessionsPerRoomPerDay: 2, timezone: 'Europe/Prague', start: '2026-07-15' })).start();
		try {
			const { code, out } = await run(['preview', '--source', standin.frabUrl, '--config', config, '--at', '2026-07-14T00:00:00Z']);
			expect(code).to.equal(0);
			expect(out.length).to.equal(standin.conference.slots.filter((slot) => slot.code).length);
		} finally {
			await standin.stop();
		}
	});

	it('exits 1 when nothing is left to announce', async () => {
		const { code, err } = await run(['preview', '--source', FIXTURE, '--config', config, '--at', '2026-08-01T00:00:00Z']);
		expect(code).to.equal(1);
		expect(err.at(-1)).to.match(/Nothing left to announce/);
	});

	it('exits 2 with a clear message on bad input', async () => {
		expect((await run(['preview', '--config', config])).code).to.equal(2);
		expect((await run(['frobnicate', '--source', FIXTURE])).err[0]).to.match(/^Usage: npm run cli -- schedule preview/);
		const badAt = await run(['preview', '--source', FIXTURE, '--config', config, '--at', 'tuesday']);
		expect([badAt.code, badAt.err[0]]).to.deep.equal([2, '--at "tuesday" is not a date-time; use ISO such as 2026-07-15T08:50:00+02:00']);
		const missing = await run(['preview', '--source', join(dir, 'nope.json'), '--config', config]);
		expect(missing.code).to.equal(2);
		expect(missing.err[0]).to.match(/^Cannot read the schedule: cannot read .*nope\.json: ENOENT/);
		writeFileSync(join(dir, 'garbage.json'), '<html>');
		expect((await run(['preview', '--source', join(dir, 'garbage.json'), '--config', config])).err[0]).to.match(/not valid JSON/);
		writeFileSync(join(dir, 'config.local.toml'), '[programme]\ntimezone = "Mars/Olympus"\n');
		expect((await run(['preview', '--source', FIXTURE, '--config', config])).err[0]).to.match(/^Config error: programme\.timezone in .*config\.local\.toml: expected an IANA time zone/);
	});
});
