import { expect } from 'chai';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { DmOutcome } from '#lib/discord/DirectMessages';
import type { Session } from '#lib/programme/Session';
import { CheckIns } from '#lib/speakers/CheckIns';
import { NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerCheckin, type CheckinSender, type SpeakerCheckinOptions } from '#lib/speakers/SpeakerCheckin';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { hereButtonSession } from '#lib/speakers/speakerIds';
import { checkinDm, deskNag } from '#lib/speakers/speakerTexts';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';
import { RecordingJobs } from '../../mocks/jobs';

const MINUTE = 60_000;

/** Discord's side: closed DMs, a channel that fails for a while, and what arrived where. */
class FakeSender implements CheckinSender {
	public readonly closed = new Set<string>();
	public failDesk = 0;
	public readonly dms: Array<{ userId: string; body: RESTPostAPIChannelMessageJSONBody }> = [];
	public readonly posts: Array<{ channel: 'speakers' | 'desk'; body: RESTPostAPIChannelMessageJSONBody }> = [];
	public async dm(userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<DmOutcome> {
		if (this.closed.has(userId)) return 'closed';
		this.dms.push({ userId, body });
		return 'sent';
	}
	public async post(channel: 'speakers' | 'desk', body: RESTPostAPIChannelMessageJSONBody): Promise<void> {
		if (channel === 'desk' && this.failDesk > 0) {
			this.failDesk--;
			throw new Error('503 Service Unavailable');
		}
		this.posts.push({ channel, body });
	}
}

describe('speakers/SpeakerCheckin', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let jobs: RecordingJobs;
	let send: FakeSender;
	let links: SpeakerLinks;
	let sessions: Session[];
	const start = new Date('2026-07-15T09:00:00Z');
	const make = (options: Partial<SpeakerCheckinOptions> = {}) =>
		new SpeakerCheckin({
			links,
			checkIns: new CheckIns(db),
			ledger: new NagLedger(db, () => clock.now()),
			jobs,
			clock,
			sessions: () => sessions,
			timezone: 'Europe/Prague',
			offsets: [60, 30, 15],
			idPrefix: '',
			send,
			ready: async () => undefined,
			logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
			...options
		});
	const link = (userId: string, code: string, name: string) => links.link({ userId, speakerKey: `code:${code}`, speakerName: name, linkedBy: 'org', linkedAt: clock.now().toISOString(), how: 'organizer' });
	const at = (minutesBefore: number) => clock.set(new Date(start.getTime() - minutesBefore * MINUTE));
	const idOf = (checkin: SpeakerCheckin, offset: number) => checkin.plan().find((nag) => nag.offsetMinutes === offset)!.id;
	const deskTexts = () => send.posts.filter((post) => post.channel === 'desk').map((post) => String(post.body.content));

	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T07:00:00Z'));
		jobs = new RecordingJobs();
		send = new FakeSender();
		links = new SpeakerLinks(db);
		sessions = [
			{
				code: 'S1',
				title: 'Taming *asyncio*',
				start,
				end: new Date(start.getTime() + 30 * MINUTE),
				rooms: ['Forum Hall'],
				speakers: [
					{ name: 'Ada', code: 'P1' },
					{ name: 'Bob', code: 'P2' }
				],
				isBreak: false
			}
		];
		link('u-ada', 'P1', 'Ada');
		link('u-bob', 'P2', 'Bob');
	});
	afterEach(() => db.close());

	it('schedules one job per offset at its time, and none for a session without linked speakers', async () => {
		const checkin = make();
		sessions.push({ ...sessions[0]!, code: 'S2', speakers: [{ name: 'Nobody', code: 'P9' }] });
		await checkin.sync();
		expect([...jobs.jobs.values()].map((job) => job.delayMs)).to.deep.equal([60, 90, 105].map((minutes) => minutes * MINUTE));
		expect([...jobs.jobs.keys()].every((id) => id.startsWith('sc_S1_'))).to.equal(true);
	});

	it('DMs each speaker with the button at T-60, names who is missing at T-30 and T-15, and a check-in stops the nags', async () => {
		const checkin = make();
		at(60);
		expect(await checkin.runNag(idOf(checkin, 60))).to.deep.equal({ kind: 'done', sent: 2, pinged: 0, missing: 2 });
		expect(send.dms.map((dm) => dm.userId)).to.deep.equal(['u-ada', 'u-bob']);
		expect(String(send.dms[0]!.body.content)).to.equal(
			'🎤 Your session **Taming \\*asyncio\\*** at 11:00 in Forum Hall starts in 60 minutes.\nWhen you are at the venue, press **I\'m here** so the speaker desk knows.'
		);
		const button = (send.dms[0]!.body.components![0] as { components: Array<{ custom_id: string; label: string }> }).components[0]!;
		expect([button.label, hereButtonSession(button.custom_id)]).to.deep.equal(["I'm here", 'S1']);

		clock.advance(5 * MINUTE);
		expect(checkin.checkIn('u-ada', 'S1').kind).to.equal('checked-in');
		expect(checkin.checkIn('u-ada', 'S1').content).to.match(/^✅ You were already checked in for .* \(since 10:05\)\.$/);
		at(30);
		await checkin.runNag(idOf(checkin, 30));
		at(15);
		await checkin.runNag(idOf(checkin, 15));
		expect(deskTexts()).to.deep.equal([
			'⏳ Not checked in, 30 minutes before **Taming \\*asyncio\\*** at 11:00 in Forum Hall:\n- <@u-bob> (Bob)',
			'⏳ Not checked in, 15 minutes before **Taming \\*asyncio\\*** at 11:00 in Forum Hall:\n- <@u-bob> (Bob)'
		]);
		expect(send.posts.every((post) => JSON.stringify(post.body.allowed_mentions) === '{"parse":[]}'), 'the desk names, never pings').to.equal(true);
		expect(checkin.checkIn('u-bob', 'S1').kind).to.equal('checked-in');
		// Unlinked after checking in: the count is of the speakers linked now.
		links.unlink('u-ada', undefined, { by: 'org', at: clock.now() });
		expect(await checkin.runNag(idOf(checkin, 60)), 'the T-60 nag run again').to.deep.equal({ kind: 'done', sent: 0, pinged: 0, missing: 0 });
		links.link({ userId: 'u-ada', speakerKey: 'code:P1', speakerName: 'Ada', linkedBy: 'org', linkedAt: '', how: 'organizer' });
		expect(checkin.board(10)[0]!.speakers.map((speaker) => [speaker.userId, speaker.checkedIn])).to.deep.equal([
			['u-ada', true],
			['u-bob', true]
		]);
	});

	it('posts nothing at the desk when everyone is in, and refuses other members, ended and unknown sessions', async () => {
		const checkin = make();
		at(40);
		checkin.checkIn('u-ada', 'S1');
		checkin.checkIn('u-bob', 'S1');
		at(30);
		expect(await checkin.runNag(idOf(checkin, 30))).to.deep.equal({ kind: 'done', sent: 0, pinged: 0, missing: 0 });
		expect(send.posts).to.deep.equal([]);
		expect(checkin.checkIn('u-eve', 'S1').kind).to.equal('not-yours');
		expect(checkin.checkIn('u-ada', 'NOPE').kind).to.equal('gone');
		links.link({ userId: 'u-late', speakerKey: 'code:P1', speakerName: 'Ada', linkedBy: 'org', linkedAt: '', how: 'organizer' });
		clock.set(new Date(start.getTime() + 31 * MINUTE));
		expect(checkin.checkIn('u-late', 'S1').kind).to.equal('over');
	});

	it("answers a click in the clicker's language: German and Japanese exactly, English unchanged", () => {
		const checkin = make();
		at(40);
		expect(checkin.checkIn('u-ada', 'S1', 'de').content).to.equal('✅ Danke, du bist für **Taming \\*asyncio\\*** um 11:00 in Forum Hall eingecheckt. Der Speaker-Desk weiß Bescheid.');
		expect(checkin.checkIn('u-ada', 'S1', 'ja').content).to.equal('✅ 11:00開始・Forum Hallの**Taming \\*asyncio\\***はすでにチェックイン済みです（10:20から）。');
		expect(checkin.checkIn('u-ada', 'S1').content).to.equal('✅ You were already checked in for **Taming \\*asyncio\\*** at 11:00 in Forum Hall (since 10:20).');
		expect(checkin.checkIn('u-eve', 'S1', 'de').content).to.equal('Dieser Button ist für die Vortragenden von **Taming \\*asyncio\\*** um 11:00 in Forum Hall. Falls du das sein solltest, frag bitte am Speaker-Desk nach.');
		expect(checkin.checkIn('u-ada', 'NOPE', 'ja').content).to.equal('このセッションはプログラムから外れました。スピーカーデスクにお問い合わせください。');
		clock.set(new Date(start.getTime() + 31 * MINUTE));
		expect(checkin.checkIn('u-bob', 'S1', 'de').content).to.equal('**Taming \\*asyncio\\*** um 11:00 in Forum Hall hat schon begonnen, ein Check-in ist nicht mehr nötig.');
	});

	it('pings a speaker whose DMs are closed in the speakers’ channel with the button, and only that speaker', async () => {
		send.closed.add('u-bob');
		const checkin = make();
		at(60);
		expect(await checkin.runNag(idOf(checkin, 60))).to.deep.include({ sent: 1, pinged: 1 });
		const [ping] = send.posts;
		expect(ping!.channel).to.equal('speakers');
		expect(String(ping!.body.content)).to.match(/^<@u-bob> your session .* Your DMs are closed to me/);
		expect(ping!.body.allowed_mentions).to.deep.equal({ parse: [], users: ['u-bob'] });
		expect(ping!.body.components).to.have.length(1);
	});

	it('a restart (new instance, same database) neither repeats a nag that went out nor skips one missed while down', async () => {
		await make().sync();
		at(60);
		await make().runNag(idOf(make(), 60));
		// The job runs twice (a duplicate, a retry after the send): nothing goes out twice.
		await make().runNag(idOf(make(), 60));
		expect(send.dms).to.have.length(2);
		// Down from T-40 to T-20: the T-30 job is gone (Redis lost it), the next process runs it at once, once.
		jobs.jobs.clear();
		at(20);
		const after = make();
		await after.sync();
		const now = [...jobs.jobs].filter(([, job]) => job.delayMs === 0).map(([id]) => id);
		expect(now).to.deep.equal([idOf(after, 30)]);
		await after.runNag(now[0]!);
		await after.sync();
		expect([...jobs.jobs].filter(([, job]) => job.delayMs === 0), 'settled: not planned again').to.have.length(1);
		expect(deskTexts()).to.have.length(1);
		expect(send.dms, 'the speakers were not DMed again').to.have.length(2);
	});

	it('a desk post that fails is released and retried; the retry posts it once', async () => {
		const checkin = make();
		send.failDesk = 1;
		at(30);
		let failure: unknown;
		await checkin.runNag(idOf(checkin, 30)).catch((error: unknown) => (failure = error));
		expect(String(failure)).to.match(/retry sends it/);
		await checkin.runNag(idOf(checkin, 30));
		await checkin.runNag(idOf(checkin, 30));
		expect(deskTexts()).to.have.length(1);
	});

	it('an early job is put back for its time; a session that started or vanished sends nothing', async () => {
		const checkin = make();
		at(70);
		const id = idOf(checkin, 60);
		expect(await checkin.runNag(id)).to.deep.equal({ kind: 'early', retryInMs: 10 * MINUTE });
		clock.set(start);
		expect(await checkin.runNag(id)).to.deep.equal({ kind: 'gone' });
		clock.set(new Date(start.getTime() - 10 * MINUTE));
		sessions = [];
		expect(await checkin.runNag(id)).to.deep.equal({ kind: 'gone' });
		expect(send.dms).to.deep.equal([]);
	});

	it('DMs a speaker in the language /agenda remembered for them, and pings and nags in [bot] language', async () => {
		send.closed.add('u-bob');
		const checkin = make({ language: 'de', languageOf: (userId) => (userId === 'u-ada' ? 'ja' : 'de') });
		at(60);
		await checkin.runNag(idOf(checkin, 60));
		expect(String(send.dms[0]!.body.content)).to.equal(
			'🎤 11:00開始・Forum Hallの**Taming \\*asyncio\\***の開始まであと60分です。\n会場に着いたら **会場に着きました** を押してください。スピーカーデスクに伝わります。'
		);
		const label = (body: RESTPostAPIChannelMessageJSONBody) => (body.components![0] as { components: Array<{ label: string }> }).components[0]!.label;
		expect(label(send.dms[0]!.body)).to.equal('会場に着きました');
		const [ping] = send.posts;
		expect(String(ping!.body.content)).to.equal(
			'<@u-bob> deine Session **Taming \\*asyncio\\*** um 11:00 in Forum Hall beginnt in 60 Minuten. Deine DMs sind für mich geschlossen, deshalb hier: Sobald du vor Ort bist, drück auf **Ich bin da**.'
		);
		expect(label(ping!.body)).to.equal('Ich bin da');
		at(30);
		await checkin.runNag(idOf(checkin, 30));
		expect(deskTexts()).to.deep.equal(['⏳ Noch nicht eingecheckt, 30 Minuten vor **Taming \\*asyncio\\*** um 11:00 in Forum Hall:\n- <@u-ada> (Ada)\n- <@u-bob> (Bob)']);
	});

	it('counts the minutes with each language\'s plural forms (Czech one, few and other; Japanese one form)', () => {
		const session = sessions[0]!;
		const dm = (language: 'cs' | 'ja' | 'de', count: number) => checkinDm(session, 'Europe/Prague', count, language);
		expect([dm('cs', 1), dm('cs', 3), dm('cs', 5)].map((text) => /začíná za (.+?)\./.exec(text)![1])).to.deep.equal(['1 minutu', '3 minuty', '5 minut']);
		expect(dm('ja', 1)).to.include('あと1分です');
		expect([dm('de', 1), dm('de', 15)].map((text) => /beginnt in (.+?)\./.exec(text)![1])).to.deep.equal(['1 Minute', '15 Minuten']);
		expect(checkinDm(session, 'Europe/Prague', 1)).to.include(' starts in 1 minute.\n');
		const many = Array.from({ length: 200 }, (_, index) => ({ userId: String(10n ** 17n + BigInt(index)), names: ['A very long speaker name, with a title'] }));
		for (const language of ['en-US', 'de', 'fr', 'es-ES', 'it', 'pt-BR', 'cs', 'ja'] as const) expect(deskNag(session, 'Europe/Prague', 15, many, language).length, language).to.be.at.most(2000);
		expect(deskNag(session, 'Europe/Prague', 15, many, 'cs').split('\n').at(-1)).to.match(/^… a \d+ dalších$/);
	});
});
