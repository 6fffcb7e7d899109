import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeSessions, type Session } from '#lib/programme/Session';
import { ScheduleFormatError, ScheduleUnavailableError } from '#lib/programme/sources/errors';
import { parseFrabSchedule } from '#lib/programme/sources/frab';
import { ifNoneMatchValue } from '#lib/programme/sources/http';
import { parsePretalxLegacySchedule } from '#lib/programme/sources/pretalxLegacy';
import { parsePretalxV2Schedule, resolveI18n } from '#lib/programme/sources/pretalxV2';
import { FileSource, FrabJsonSource, parseScheduleDocument, PretalxApiSource } from '#lib/programme/sources/ScheduleSource';
import { generateConference } from '../../standins/pretalx/conference';
import { renderFrab, renderV2Schedule } from '../../standins/pretalx/render';
import { PretalxStandin } from '../../standins/pretalx/server';
import { validateFrab, validateV2Root, validateV2Schedule } from '../../standins/pretalx/specs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pretalx');
const frabFixture = (): any => JSON.parse(readFileSync(join(FIXTURES, 'frab-schedule.json'), 'utf8'));
const v2Fixture = (): any => JSON.parse(readFileSync(join(FIXTURES, 'v2-schedule.json'), 'utf8'));
const legacyFixture = (): any => JSON.parse(readFileSync(join(FIXTURES, 'legacy-schedule.json'), 'utf8'));
const FULL_EXPAND = new Set(['slots', 'slots.room', 'slots.submission', 'slots.submission.speakers', 'slots.submission.track', 'slots.submission.submission_type']);
const quick = { retries: 2, retryDelayMs: 5, timeoutMs: 2000 };

describe('programme/sources', () => {
	describe('fixtures against the official specs', () => {
		it('the frab fixture only breaks the schema where pretalx knowingly does (26:00, D:HH:MM)', () => {
			const { errors, knownDeviations } = validateFrab(frabFixture());
			expect(errors).to.deep.equal([]);
			expect(knownDeviations).to.have.length(2);
			expect(knownDeviations.join('\n')).to.match(/\/start /).and.match(/\/duration /);
		});

		it('the validator does reject a broken frab document', () => {
			const broken = frabFixture();
			delete broken.schedule.conference.days[0].rooms['Forum Hall'][0].title;
			expect(validateFrab(broken).errors.join('\n')).to.match(/title/);
		});

		it('the v2 fixture matches the pretalx OpenAPI schemas, breaks aside', () => {
			const { errors, knownDeviations } = validateV2Schedule(v2Fixture());
			expect(errors).to.deep.equal([]);
			expect(knownDeviations).to.have.length(1);
			const broken = v2Fixture();
			broken.slots[0].submission.speakers[0].name = 42;
			expect(validateV2Schedule(broken).errors.join('\n')).to.match(/speakers\/0\/name/);
		});
	});

	describe('frab JSON adapter', () => {
		it('reads sessions with multi-room keynotes folded, non-Latin titles, missing fields, 26:00 and D:HH:MM', () => {
			const schedule = parseFrabSchedule(frabFixture());
			expect(schedule.version).to.equal('0.7');
			expect(schedule.timezone).to.equal('Europe/Prague');
			expect(schedule.skipped).to.deep.equal([]);
			const byCode = new Map(schedule.sessions.map((session) => [session.code, session]));
			expect(byCode.get('KEYNT1')!.rooms).to.deep.equal(['Forum Hall', 'South Hall 2A']);
			expect(byCode.get('KEYNT1')!.start.toISOString()).to.equal('2026-07-15T07:00:00.000Z');
			const japanese = byCode.get('JPTYPE')!;
			expect(japanese.title).to.equal('Pythonで始める型ヒント入門');
			expect(japanese.end.getTime() - japanese.start.getTime()).to.equal(30 * 60_000);
			expect(japanese).to.not.have.property('track');
			expect(japanese.speakers).to.deep.equal([{ name: '田中 由紀' }]);
			expect(byCode.get('BRK103')!.isBreak).to.equal(true);
			expect(byCode.get('NIGHT1')!.start.toISOString()).to.equal('2026-07-16T00:00:00.000Z');
			const sprint = byCode.get('SPRNT1')!;
			expect(sprint.end.getTime() - sprint.start.getTime()).to.equal((24 + 2) * 3_600_000);
			expect(byCode.get('MARKUP')!.speakers.map((speaker) => speaker.avatarUrl)).to.deep.equal([undefined, 'https://pretalx.example/media/avatars/ayse.png']);
		});

		it('falls back to day date + start past midnight when date is missing, in the conference zone', () => {
			const document = frabFixture();
			const night = document.schedule.conference.days[0].rooms['Exhibit Hall'][0];
			delete night.date;
			const schedule = parseFrabSchedule(document, { timezone: 'UTC' });
			const session = schedule.sessions.find((candidate) => candidate.code === 'NIGHT1')!;
			// 26:00 on 15 July in Prague (UTC+2) is 02:00 on the 16th local, 00:00 UTC; the option zone loses to the document's.
			expect(session.start.toISOString()).to.equal('2026-07-16T00:00:00.000Z');
			expect(session.end.toISOString()).to.equal('2026-07-16T01:30:00.000Z');
		});

		it('skips and reports a malformed slot and keeps the rest', () => {
			const document = frabFixture();
			const rooms = document.schedule.conference.days[0].rooms;
			rooms['Forum Hall'][1].title = 123;
			rooms['South Hall 2A'][1].date = 'soon';
			rooms['South Hall 2A'][1].start = 'whenever';
			rooms['Exhibit Hall'] = 'nope';
			const schedule = parseFrabSchedule(document);
			expect(schedule.skipped.map((skip) => skip.reason)).to.have.length(3);
			expect(schedule.skipped[0]!.reason).to.match(/title/);
			expect(schedule.skipped.map((skip) => skip.reason).join('\n')).to.match(/start time/).and.match(/not a list/);
			expect(schedule.sessions.map((session) => session.code)).to.include.members(['KEYNT1', 'BRK103', 'SPRNT1']);
		});

		it('accepts event ids as strings or numbers alike, as large events export them', () => {
			const document = frabFixture();
			const rooms = document.schedule.conference.days[0].rooms;
			rooms['Forum Hall'][1].id = '102';
			const night = rooms['Exhibit Hall'][0];
			const sprint = document.schedule.conference.days[1].rooms['Exhibit Hall'][0];
			for (const event of [night, sprint]) {
				delete event.code;
				delete event.guid;
			}
			night.id = '106';
			const schedule = parseFrabSchedule(document);
			expect(schedule.skipped).to.deep.equal([]);
			// A string id names the session as the same number would.
			expect(schedule.sessions.map((session) => session.code)).to.include.members(['JPTYPE', 'id106', 'id107']);
		});

		it('rejects a document that is not a frab schedule at all', () => {
			expect(() => parseFrabSchedule({ hello: 'world' })).to.throw(ScheduleFormatError);
		});
	});

	describe('pretalx v2 adapter', () => {
		it('reads expanded slots, folds the keynote rooms, builds talk URLs, and treats null submissions as breaks', () => {
			const schedule = parsePretalxV2Schedule(v2Fixture(), { language: 'cs', baseUrl: 'https://pretalx.example/', event: 'ep2026' });
			expect(schedule.version).to.equal('0.7');
			const byCode = new Map(schedule.sessions.map((session) => [session.code, session]));
			expect(byCode.has('UNSCHD')).to.equal(false);
			const keynote = byCode.get('KEYNT1')!;
			expect(keynote.rooms).to.deep.equal(['Fórum', 'South Hall 2A']);
			expect(keynote.type).to.equal('Hlavní přednáška');
			expect(keynote.track).to.equal('Python Core');
			expect(keynote.url).to.equal('https://pretalx.example/ep2026/talk/KEYNT1/');
			const japanese = byCode.get('JPTYPE')!;
			expect(japanese.speakers).to.deep.equal([{ name: '田中 由紀', code: 'TANAKA' }]);
			expect(japanese).to.not.have.property('abstract');
			const coffee = schedule.sessions.find((session) => session.isBreak)!;
			expect(coffee.title).to.equal('Přestávka na kávu');
		});

		it('resolves i18n names to the configured language, then English, then the first given', () => {
			expect(resolveI18n({ en: 'Talk', cs: 'Přednáška' }, 'cs')).to.equal('Přednáška');
			expect(resolveI18n({ cs: 'Přednáška', en: 'Talk' }, 'de')).to.equal('Talk');
			expect(resolveI18n({ cs: 'Přednáška', sk: 'Prednáška' }, 'de')).to.equal('Přednáška');
			expect(resolveI18n('Plain', 'de')).to.equal('Plain');
		});

		it('skips slots it cannot use and says why', () => {
			const document = v2Fixture();
			document.slots[2].room = 7;
			document.slots[3].start = 'tomorrow-ish';
			const schedule = parsePretalxV2Schedule(document);
			expect(schedule.skipped.map((skip) => skip.reason)).to.deep.equal(['room not expanded (request with expand=slots.room)', 'unreadable start "tomorrow-ish"']);
			expect(schedule.sessions).to.have.length(1);
		});

		it('keeps a speaker’s email when pretalx gives it (an organiser token), and leaves it out otherwise', () => {
			const document = v2Fixture();
			const talk = document.slots.find((slot: { submission?: { speakers?: unknown[] } }) => typeof slot.submission === 'object' && slot.submission?.speakers?.length);
			talk.submission.speakers[0].email = 'speaker@example.org';
			const sessions = parsePretalxV2Schedule(document).sessions;
			const speakers = sessions.flatMap((session) => session.speakers);
			expect(speakers.filter((speaker) => speaker.email).map((speaker) => [speaker.name, speaker.email])).to.deep.equal([[talk.submission.speakers[0].name, 'speaker@example.org']]);
		});

		it('parseScheduleDocument tells the two formats apart', () => {
			expect(parseScheduleDocument(v2Fixture()).sessions.map((session) => session.code)).to.include('JPTYPE');
			expect(parseScheduleDocument(frabFixture()).sessions.map((session) => session.code)).to.include('SPRNT1');
			expect(() => parseScheduleDocument([1, 2])).to.throw(ScheduleFormatError);
		});
	});

	describe('pretalx legacy API adapter (self-hosted pretalx before 2025.1)', () => {
		it('reads talks with their nested slot and the separate breaks, like the v2 adapter reads the same programme', () => {
			const schedule = parsePretalxLegacySchedule(legacyFixture(), { language: 'cs', baseUrl: 'https://pretalx.example/', event: 'ep2026' });
			expect(schedule.version).to.equal('0.7');
			expect(schedule.skipped).to.deep.equal([]);
			const byCode = new Map(schedule.sessions.map((session) => [session.code, session]));
			const keynote = byCode.get('KEYNT1')!;
			expect(keynote.rooms).to.deep.equal(['Fórum', 'South Hall 2A']);
			expect(keynote.start.toISOString()).to.equal('2026-07-15T07:00:00.000Z');
			expect(keynote.end.toISOString()).to.equal('2026-07-15T07:45:00.000Z');
			expect(keynote.type).to.equal('Hlavní přednáška');
			expect(keynote.track).to.equal('Python Core');
			expect(keynote.url).to.equal('https://pretalx.example/ep2026/talk/KEYNT1/');
			expect(keynote.speakers).to.deep.equal([{ name: 'Grace Hopper', code: 'GRACEH', avatarUrl: 'https://pretalx.example/media/avatars/grace.png' }]);
			expect(byCode.get('JPTYPE')!.speakers).to.deep.equal([{ name: '田中 由紀', code: 'TANAKA' }]);
			expect(byCode.get('JPTYPE')).to.not.have.property('track');
			const coffee = schedule.sessions.filter((session) => session.isBreak);
			expect(coffee.map((session) => [session.title, session.rooms])).to.deep.equal([['Přestávka na kávu', ['Fórum']]]);
			const v2 = parsePretalxV2Schedule(v2Fixture(), { language: 'cs' }).sessions.filter((session) => !session.isBreak);
			const strip = (session: Session) => ({ ...session, url: undefined, language: undefined, speakers: session.speakers.map((speaker) => speaker.name) });
			expect(schedule.sessions.filter((session) => !session.isBreak).map(strip)).to.deep.equal(v2.map(strip));
		});

		it('skips a talk it cannot place, and leaves out talks without a slot', () => {
			const document = legacyFixture();
			document.slots[2].slot.start = 'soon';
			document.slots.push({ ...document.slots[2], code: 'NOSLOT', slot: null });
			const schedule = parsePretalxLegacySchedule(document);
			expect(schedule.skipped.map((skip) => skip.reason)).to.deep.equal(['unreadable start "soon"']);
			expect(schedule.sessions.map((session) => session.code)).to.not.include.members(['JPTYPE', 'NOSLOT']);
		});

		it('parseScheduleDocument recognises the legacy shape instead of reading it as an empty v2 schedule', () => {
			expect(parseScheduleDocument(legacyFixture()).sessions.map((session) => session.code)).to.include.members(['KEYNT1', 'JPTYPE']);
		});
	});

	describe('over HTTP against the stand-in', () => {
		let standin: PretalxStandin;
		beforeEach(async () => {
			standin = await new PretalxStandin(generateConference({ seed: 7, days: 2, rooms: 4, sessionsPerRoomPerDay: 4, timezone: 'Europe/Prague', start: '2026-07-15' }), { token: 'secret-token' }).start();
		});
		afterEach(() => standin.stop());

		it('serves frab and v2 documents that pass the official specs', () => {
			const frab = validateFrab(renderFrab(standin.conference));
			expect(frab.errors).to.deep.equal([]);
			expect(frab.knownDeviations).to.have.length(1);
			const v2 = validateV2Schedule(renderV2Schedule(standin.conference, FULL_EXPAND, undefined) as any);
			expect(v2.errors).to.deep.equal([]);
			expect(validateV2Schedule(renderV2Schedule(standin.conference, new Set(), undefined) as any).errors).to.deep.equal([]);
		});

		it('strips the ETag quotes so pretalx answers 304, and reports unchanged', async () => {
			expect(ifNoneMatchValue('"abc123"')).to.equal('abc123');
			expect(ifNoneMatchValue('W/"abc123"')).to.equal('abc123');
			const source = new FrabJsonSource({ url: standin.frabUrl, ...quick });
			const first = await source.fetch();
			expect(first.status).to.equal('fresh');
			const etag = first.status === 'fresh' ? first.etag! : '';
			expect(etag).to.match(/^"[0-9a-f]{40}"$/);
			expect(await source.fetch({ etag })).to.deep.equal({ status: 'unchanged' });
			expect(standin.requests.at(-1)!.headers['if-none-match']).to.equal(etag.replaceAll('"', ''));
			// Like pretalx, the stand-in never matches a correctly quoted validator: the quotes must go.
			expect((await fetch(standin.frabUrl, { headers: { 'If-None-Match': etag } })).status).to.equal(200);
			standin.moveSession(standin.conference.slots[1]!.code!, 30);
			expect((await source.fetch({ etag })).status).to.equal('fresh');
		});

		it('retries 5xx and 429 (honouring Retry-After), then gives a typed error', async () => {
			const source = new FrabJsonSource({ url: standin.frabUrl, ...quick });
			standin.inject({ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfterSeconds: 0 });
			expect((await source.fetch()).status).to.equal('fresh');
			expect(standin.requests.map((request) => request.status)).to.deep.equal([503, 429, 200]);
			standin.inject({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
			const error = await source.fetch().catch((caught: unknown) => caught);
			expect(error).to.be.instanceOf(ScheduleUnavailableError);
			expect((error as ScheduleUnavailableError).status).to.equal(500);
			expect((error as Error).message).to.match(/answered HTTP 500/);
		});

		it('does not retry a 404 and names the failure', async () => {
			const source = new FrabJsonSource({ url: `${standin.baseUrl}/nope/schedule/export/schedule.json`, ...quick });
			const error = await source.fetch().catch((caught: unknown) => caught);
			expect((error as ScheduleUnavailableError).status).to.equal(404);
			expect(standin.requests).to.have.length(1);
		});

		it('turns garbage into ScheduleFormatError and a slow server into a timeout', async () => {
			const source = new FrabJsonSource({ url: standin.frabUrl, ...quick, retries: 0, timeoutMs: 100 });
			standin.inject({ kind: 'garbage' });
			expect(await source.fetch().catch((caught: unknown) => caught)).to.be.instanceOf(ScheduleFormatError);
			standin.inject({ kind: 'slow', delayMs: 400 });
			const error = await source.fetch().catch((caught: unknown) => caught);
			expect(error).to.be.instanceOf(ScheduleUnavailableError);
			expect((error as Error).message).to.match(/did not answer within 100 ms/);
		});

		it('reads the v2 API pinned to v2 with the token, and fails clearly without it', async () => {
			const source = new PretalxApiSource({ baseUrl: standin.baseUrl, event: 'ep2026', token: 'secret-token', language: 'cs', ...quick });
			const result = await source.fetch();
			expect(result.status).to.equal('fresh');
			const request = standin.requests.at(-1)!;
			expect(request.headers['pretalx-version']).to.equal('v2');
			expect(request.headers.authorization).to.equal('Token secret-token');
			expect(request.query.get('expand')!.split(',')).to.have.members([...FULL_EXPAND]);
			if (result.status !== 'fresh') return;
			const rooms = new Set(result.schedule.sessions.flatMap((session) => session.rooms));
			expect(rooms).to.include('Fórum');
			expect(result.schedule.skipped).to.deep.equal([]);
			const anonymous = new PretalxApiSource({ baseUrl: standin.baseUrl, event: 'ep2026', ...quick });
			const error = await anonymous.fetch().catch((caught: unknown) => caught);
			expect((error as ScheduleUnavailableError).status).to.equal(401);
			expect((error as Error).message).to.not.include('secret-token');
		});

		it('reads an old self-hosted pretalx that answers the legacy shape whatever Pretalx-Version says', async () => {
			const old = await new PretalxStandin(standin.conference, { api: 'legacy' }).start();
			try {
				const result = await new PretalxApiSource({ baseUrl: old.baseUrl, event: 'ep2026', ...quick }).fetch();
				expect(old.requests.at(-1)!.headers['pretalx-version']).to.equal('v2');
				expect(result.status).to.equal('fresh');
				if (result.status !== 'fresh') return;
				const fromV2 = parsePretalxV2Schedule(renderV2Schedule(standin.conference, FULL_EXPAND, undefined), { baseUrl: old.baseUrl, event: 'ep2026' });
				expect(result.schedule.skipped).to.deep.equal([]);
				expect(result.schedule.sessions.filter((session) => !session.isBreak)).to.have.length.above(0);
				const codes = (sessions: readonly Session[]) => sessions.filter((session) => !session.isBreak).map((session) => `${session.code}@${session.start.toISOString()} ${session.rooms.join('+')}`);
				expect(codes(result.schedule.sessions)).to.deep.equal(codes(fromV2.sessions));
			} finally {
				await old.stop();
			}
			// A current pretalx answers an unpinned request with its current version, v2, never the legacy shape.
			const unpinned = await fetch(`${standin.baseUrl}/api/events/ep2026/schedules/latest/?expand=${[...FULL_EXPAND].join(',')}`, { headers: { Authorization: 'Token secret-token' } });
			expect(validateV2Schedule((await unpinned.json()) as any).errors).to.deep.equal([]);
		});

		it('the API root validates against the spec', async () => {
			const response = await fetch(`${standin.baseUrl}/api/`, { headers: { Authorization: 'Token secret-token' } });
			expect(validateV2Root(await response.json())).to.deep.equal([]);
		});
	});

	describe('mergeSessions', () => {
		it('adds local sessions and lets the local file override a session with the same code', () => {
			const main = parseFrabSchedule(frabFixture()).sessions;
			const extra = [{ ...main.find((session) => session.code === 'SPRNT1')!, title: 'Sprints (moved to the Terrace)', rooms: ['Terrace 2A'] }];
			const openSpace = { ...extra[0]!, code: 'OPENSP', title: 'Open space: packaging', start: new Date('2026-07-15T06:00:00Z') };
			const merged = mergeSessions(main, [...extra, openSpace]);
			expect(merged).to.have.length(main.length + 1);
			expect(merged.find((session) => session.code === 'SPRNT1')!.rooms).to.deep.equal(['Terrace 2A']);
			expect(merged[0]!.code).to.equal('OPENSP');
		});
	});

	describe('local file source', () => {
		it('reads either format and reports an unreadable file', async () => {
			const result = await new FileSource(join(FIXTURES, 'v2-schedule.json')).fetch();
			expect(result.status === 'fresh' && result.schedule.sessions.length).to.equal(3);
			const error = await new FileSource(join(FIXTURES, 'missing.json')).fetch().catch((caught: unknown) => caught);
			expect(error).to.be.instanceOf(ScheduleUnavailableError);
			expect((error as Error).message).to.match(/ENOENT/);
		});
	});
});
