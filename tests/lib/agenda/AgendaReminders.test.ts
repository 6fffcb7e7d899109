import { expect } from 'chai';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { AgendaMembers } from '#lib/agenda/AgendaMembers';
import { AgendaReminders, type AgendaRemindersOptions, type DmSender } from '#lib/agenda/AgendaReminders';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import { ReminderLedger } from '#lib/agenda/ReminderLedger';
import type { DmOutcome } from '#lib/discord/DirectMessages';
import { SendPace } from '#lib/discord/SendPace';
import type { Session } from '#lib/programme/Session';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';
import { RecordingJobs } from '../../mocks/jobs';
import { DmChannels } from '#lib/discord/DmChannels';

const session = (code: string, start: string, rooms = ['Forum Hall']): Session => ({
	code,
	title: `Talk ${code}`,
	start: new Date(start),
	end: new Date(new Date(start).getTime() + 30 * 60_000),
	rooms,
	speakers: [{ name: 'Ada' }] as Session['speakers'],
	isBreak: false
});

/** Discord's side of DMs: who has them closed, which sends fail for a while, what arrived. */
class FakeDms implements DmSender {
	public readonly closed = new Set<string>();
	public readonly failing = new Set<string>();
	public readonly sent: Array<{ userId: string; content: string }> = [];
	public opened: string[] = [];
	public async open(userId: string): Promise<string> {
		this.opened.push(userId);
		return `dm-${userId}`;
	}
	public async send(userId: string, body: RESTPostAPIChannelMessageJSONBody): Promise<DmOutcome> {
		if (this.failing.has(userId)) throw new Error('503 Service Unavailable');
		if (this.closed.has(userId)) return 'closed';
		this.sent.push({ userId, content: String(body.content) });
		return 'sent';
	}
}

describe('agenda/AgendaReminders', () => {
	let db: SqliteDatabase;
	let clock: ManualClock;
	let sessions: Session[];
	let jobs: RecordingJobs;
	let dms: FakeDms;
	let bookmarks: Bookmarks;
	let members: AgendaMembers;
	let reminders: AgendaReminders;
	const options = (): AgendaRemindersOptions => ({
		bookmarks,
		members,
		ledger: new ReminderLedger(db),
		jobs,
		clock,
		sessions: () => sessions,
		timezone: 'Europe/Prague',
		idPrefix: '',
		defaultLeadMinutes: 10,
		dms,
		pace: new SendPace(1000),
		ready: async () => undefined,
		livestream: () => 'https://stream.example/forum',
		roomChannelId: (room) => (room === 'Forum Hall' ? '111' : undefined),
		logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
		syncDelayMs: 0
	});
	const make = () => new AgendaReminders(options());
	const bookmark = (userId: string, code: string) => bookmarks.add(userId, code, clock.now());

	beforeEach(() => {
		db = openDatabase(':memory:');
		clock = new ManualClock(new Date('2026-07-15T06:00:00Z'));
		sessions = [session('K1', '2026-07-15T07:00:00Z'), session('S1', '2026-07-15T07:30:00Z', ['Terrace 2A'])];
		jobs = new RecordingJobs();
		dms = new FakeDms();
		bookmarks = new Bookmarks(db);
		members = new AgendaMembers(db, 10);
		reminders = make();
	});
	afterEach(async () => {
		await reminders.stop();
		db.close();
	});

	it('schedules one job per session and lead, and moves or drops it as bookmarks and settings change', async () => {
		bookmark('u1', 'K1');
		bookmark('u2', 'K1');
		members.setLeadMinutes('u2', 30);
		await reminders.sync();
		expect([...jobs.jobs.keys()].sort()).to.have.length(2);
		bookmarks.clear('u2');
		await reminders.sync();
		expect([...jobs.jobs.keys()]).to.have.length(1);
		members.setLeadMinutes('u1', 0);
		await reminders.sync();
		expect([...jobs.jobs.keys()], 'reminders off: no job').to.deep.equal([]);
	});

	it('sends each due member one DM with room, stream and room channel; refuses closed DMs without retrying them; repeats nothing', async () => {
		for (const user of ['u1', 'u2', 'u3']) bookmark(user, 'K1');
		dms.closed.add('u2');
		const [wave] = reminders.plan();
		clock.set(wave!.notifyAt);
		expect(await reminders.runWave(wave!.id)).to.deep.equal({ kind: 'sent', sent: 2, refused: 1 });
		expect(dms.sent.map((dm) => dm.userId)).to.deep.equal(['u1', 'u3']);
		const lines = dms.sent[0]!.content.split('\n');
		expect(lines[0]).to.equal('⏰ **Talk K1** starts in 10 minutes, at 09:00 in Forum Hall.');
		expect(lines).to.include.members(['🎤 Ada', '📺 Livestream: <https://stream.example/forum>', '💬 Room channel: <#111>']);
		expect(members.dmsClosed('u2')).to.equal(true);
		expect(await reminders.runWave(wave!.id), 'the job run again').to.deep.equal({ kind: 'sent', sent: 0, refused: 0 });
		expect(await make().runWave(wave!.id), 'another process').to.deep.equal({ kind: 'sent', sent: 0, refused: 0 });
		expect(dms.sent).to.have.length(2);
	});

	it('fails the job when a send failed, so the retry sends the rest and only the rest', async () => {
		bookmark('u1', 'K1');
		bookmark('u2', 'K1');
		dms.failing.add('u2');
		const [wave] = reminders.plan();
		clock.set(wave!.notifyAt);
		let failure: unknown;
		await reminders.runWave(wave!.id).catch((error: unknown) => (failure = error));
		expect(String(failure)).to.match(/1 reminders of wave .* failed/);
		dms.failing.clear();
		expect(await reminders.runWave(wave!.id)).to.deep.equal({ kind: 'sent', sent: 1, refused: 0 });
		expect(dms.sent.map((dm) => dm.userId)).to.deep.equal(['u1', 'u2']);
	});

	it('waits again when fired early, sends nothing once the session started, and drops a wave the programme no longer has', async () => {
		bookmark('u1', 'K1');
		const [wave] = reminders.plan();
		clock.set(new Date(wave!.notifyAt.getTime() - 60_000));
		expect((await reminders.runWave(wave!.id)).kind).to.equal('early');
		expect([...jobs.jobs.keys()].some((id) => id.startsWith(`${wave!.id}_early`))).to.equal(true);
		clock.set(new Date('2026-07-15T07:00:00Z'));
		expect(await reminders.runWave(wave!.id)).to.deep.equal({ kind: 'gone' });
		sessions = [{ ...sessions[0]!, start: new Date('2026-07-15T06:55:00Z') }];
		clock.set(new Date('2026-07-15T06:40:00Z'));
		expect(await reminders.runWave(wave!.id), 'moved: the old wave is gone').to.deep.equal({ kind: 'gone' });
		expect(dms.sent).to.deep.equal([]);
	});

	it('runs a wave at once when its time passed while nobody held it, unless everyone in it was reminded already', async () => {
		bookmark('u1', 'K1');
		const [wave] = reminders.plan();
		clock.set(new Date(wave!.notifyAt.getTime() + 60_000));
		await reminders.sync();
		expect(jobs.jobs.get(wave!.id)?.delayMs).to.equal(0);
		await reminders.runWave(wave!.id);
		jobs.jobs.clear();
		await reminders.sync();
		expect(jobs.jobs.size, 'all settled: nothing to run').to.equal(0);
	});

	it('queues one change DM per bookmarker with reminders on, sends it once however often the change is seen', async () => {
		bookmark('u1', 'S1');
		bookmark('u2', 'S1');
		members.setLeadMinutes('u2', 0);
		const change = {
			code: 'S1',
			title: 'Talk S1',
			kind: 'moved' as const,
			before: { start: new Date('2026-07-15T07:30:00Z'), end: new Date('2026-07-15T08:00:00Z'), rooms: ['Terrace 2A'] },
			after: { start: new Date('2026-07-15T07:45:00Z'), end: new Date('2026-07-15T08:15:00Z'), rooms: ['Terrace 2A'] }
		};
		reminders.programmeRefreshed([change]);
		reminders.programmeRefreshed([change]);
		await reminders.whenIdle();
		expect(dms.sent.map((dm) => dm.userId)).to.deep.equal(['u1']);
		expect(dms.sent[0]!.content).to.match(/^🔁 Schedule change: “Talk S1” moved 09:30 → 09:45 \(Terrace 2A\)\nYou bookmarked this session\. Your reminder moves with it\./);
	});

	it('opens the DM channels of members who bookmarked before a restart and have none yet', async () => {
		bookmark('u1', 'K1');
		bookmark('u2', 'K1');
		new DmChannels(db).rememberDmChannel('u2', 'dm-u2');
		reminders.start();
		await reminders.whenIdle();
		expect(dms.opened).to.deep.equal(['u1']);
	});

	it("sends each member's reminder and change notice in the language they last used /agenda in, else `[bot] language`", async () => {
		for (const user of ['u1', 'u2', 'u3']) bookmark(user, 'K1');
		reminders.rememberLocale('u1', 'ja');
		reminders.rememberLocale('u2', 'de');
		reminders.rememberLocale('u2', 'pt-BR');
		const [wave] = reminders.plan();
		clock.set(wave!.notifyAt);
		await reminders.runWave(wave!.id);
		const firstLines = Object.fromEntries(dms.sent.map((dm) => [dm.userId, dm.content.split('\n')[0]]));
		expect(firstLines).to.deep.equal({
			u1: '⏰ **Talk K1** はあと 10分、09:00 に Forum Hall で始まります。',
			u2: '⏰ **Talk K1** começa em 10 minutos, às 09:00 em Forum Hall.',
			u3: '⏰ **Talk K1** starts in 10 minutes, at 09:00 in Forum Hall.'
		});
		expect(dms.sent.find((dm) => dm.userId === 'u1')!.content).to.include('💬 部屋のチャンネル：<#111>').and.include('📺 ライブ配信：<https://stream.example/forum>');
		const k1 = sessions[0]!;
		reminders.programmeRefreshed([{ code: 'K1', title: 'Talk K1', kind: 'cancelled', before: { start: k1.start, end: k1.end, rooms: k1.rooms } }]);
		await reminders.whenIdle();
		const notices = Object.fromEntries(dms.sent.slice(3).map((dm) => [dm.userId, dm.content.split('\n')[1]]));
		expect(notices).to.deep.equal({
			u1: '登録済みのセッションです。このセッションのリマインダーは届きません。',
			u2: 'Você salvou esta sessão. Não vai chegar lembrete para ela.',
			u3: 'You bookmarked this session. No reminder will come for it.'
		});
	});

	it('keeps a locale only when it changes the language, and falls back to `[bot] language` for the rest', () => {
		reminders = new AgendaReminders({ ...options(), language: 'de' });
		reminders.rememberLocale('u1', 'ja');
		reminders.rememberLocale('u2', 'de');
		reminders.rememberLocale('u3', 'ko');
		expect([members.locale('u1'), members.locale('u2'), members.locale('u3')]).to.deep.equal(['ja', undefined, undefined]);
		expect(db.prepare('SELECT user_id FROM agenda_members').all(), 'no row for a member reading the default').to.deep.equal([{ user_id: 'u1' }]);
		expect([reminders.languageOf('u1'), reminders.languageOf('u2'), reminders.languageOf('nobody')]).to.deep.equal(['ja', 'de', 'de']);
		reminders.rememberLocale('u1', 'de-AT');
		expect(members.locale('u1'), 'back to the default: forgotten').to.equal(undefined);
	});

	it('forgets everything stored about a member on /agenda clear: setting, DM channel and DM records, in every namespace', async () => {
		bookmark('u1', 'K1');
		members.setLeadMinutes('u1', 15);
		new DmChannels(db).rememberDmChannel('u1', 'dm-u1');
		const [wave] = reminders.plan();
		clock.set(wave!.notifyAt);
		await reminders.runWave(wave!.id);
		new ReminderLedger(db, () => clock.now(), { namespace: 'r0123456789_' }).claim({ userId: 'u1', sessionCode: 'K1', kind: 'reminder', occasion: 'x' });
		bookmark('u2', 'K1');
		reminders.forget('u1');
		const rows = (table: string) => db.prepare(`SELECT user_id FROM ${table} ORDER BY user_id`).pluck().all();
		expect(rows('agenda_members')).to.deep.equal([]);
		expect(rows('agenda_dms')).to.deep.equal([]);
		expect(members.leadMinutes('u1'), 'back to the default').to.equal(10);
	});
});
