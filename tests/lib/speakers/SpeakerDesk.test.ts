import { expect } from 'chai';
import { languages } from '#lib/i18n/language';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import type { Session } from '#lib/programme/Session';
import { CheckIns } from '#lib/speakers/CheckIns';
import { NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerCheckin } from '#lib/speakers/SpeakerCheckin';
import { SpeakerDesk, type SpeakerRole } from '#lib/speakers/SpeakerDesk';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';
import { programmeSpeakers } from '#lib/speakers/programmeSpeakers';

const noJobs: NotificationJobs = { list: async () => [], schedule: async () => undefined, remove: async () => undefined };

/** The Speakers role as Discord holds it: who has it, whether a ticket gave it, and a refusal when asked. */
class FakeRole implements SpeakerRole {
	public readonly holders = new Set<string>();
	public readonly fromTickets = new Set<string>();
	public refuse: string | null = null;
	public async give(userId: string): Promise<string | null> {
		if (this.refuse) return this.refuse;
		this.holders.add(userId);
		return null;
	}
	public async take(userId: string): Promise<string | null> {
		if (this.refuse) return this.refuse;
		this.holders.delete(userId);
		return null;
	}
	public fromTicket(userId: string): boolean {
		return this.fromTickets.has(userId);
	}
	/** Linked to a speaker of the programme, as SpeakerRoles tells it; set by the test. */
	public speaking: (userId: string) => boolean = () => false;
}

describe('speakers/SpeakerDesk', () => {
	let db: SqliteDatabase;
	let role: FakeRole;
	let desk: SpeakerDesk;
	let links: SpeakerLinks;
	const clock = new ManualClock(new Date('2026-07-15T07:00:00Z'));
	const talk = (code: string, title: string, speakers: Session['speakers']): Session => ({
		code,
		title,
		start: new Date('2026-07-15T09:00:00Z'),
		end: new Date('2026-07-15T09:30:00Z'),
		rooms: ['Forum Hall'],
		speakers,
		isBreak: false
	});
	const sessions = [
		talk('S1', 'Taming asyncio', [{ name: 'Zoë Ünal', code: 'P1' }]),
		talk('S2', 'Profiling *pandas*', [
			{ name: 'Zoë Ünal', code: 'P1' },
			{ name: 'Ada Lovelace', code: 'P2' }
		]),
		talk('S3', 'Packaging', [{ name: '@everyone', code: 'P3' }])
	];

	beforeEach(() => {
		db = openDatabase(':memory:');
		role = new FakeRole();
		links = new SpeakerLinks(db);
		const checkin = new SpeakerCheckin({
			links,
			checkIns: new CheckIns(db),
			ledger: new NagLedger(db),
			jobs: noJobs,
			clock,
			sessions: () => sessions,
			timezone: 'Europe/Prague',
			offsets: [60, 30, 15],
			idPrefix: '',
			send: { dm: async () => 'sent', post: async () => undefined },
			ready: async () => undefined,
			logger: { info: () => undefined, warn: () => undefined, debug: () => undefined }
		});
		role.speaking = (userId) => {
			const inProgramme = new Set(programmeSpeakers(sessions).map((speaker) => speaker.key));
			return links.linksOf(userId).some((link) => inProgramme.has(link.speakerKey));
		};
		desk = new SpeakerDesk({ links, checkin, role, roleName: 'Speakers', sessions: () => sessions, clock, timezone: 'Europe/Prague' });
	});
	afterEach(() => db.close());

	it('suggests speakers by any part of the name, accents and case aside, each once with their first session', () => {
		expect(desk.suggest('zoe')).to.deep.equal([{ name: 'Zoë Ünal — Taming asyncio', value: 'code:P1' }]);
		expect(desk.suggest('').map((choice) => choice.value)).to.deep.equal(['code:P3', 'code:P2', 'code:P1']);
		expect(desk.suggest('x'.repeat(4000))).to.deep.equal([]);
	});

	it('links by the chosen value or a typed name, gives the role once, and says when nothing changed', async () => {
		const first = await desk.link('org', 'u1', false, 'code:P1');
		expect(first.split('\n')[0]).to.equal('✅ Linked <@u1> to speaker **Zoë Ünal**: Taming asyncio (Wed 11:00), Profiling \\*pandas\\* (Wed 11:00).');
		expect(role.holders.has('u1')).to.equal(true);
		expect(await desk.link('org', 'u1', false, 'ZOE ÜNAL')).to.equal('<@u1> is already linked to **Zoë Ünal**; nothing changed.');
		expect(await desk.link('org', 'u2', false, 'Nobody')).to.match(/^No speaker “Nobody” in the programme\./);
		expect(await desk.link('org', 'u3', true, 'code:P2')).to.match(/^Bots cannot be speakers/);
		expect(links.all().map((link) => link.userId)).to.deep.equal(['u1']);
	});

	it('keeps the link when Discord refuses the role, and says so', async () => {
		role.refuse = 'Discord refused a request (403: Missing Permissions)';
		const answer = await desk.link('org', 'u1', false, 'code:P2');
		expect(answer.split('\n')[1]).to.equal('⚠️ The Speakers role was not given (Discord refused a request (403: Missing Permissions)); the link is kept, try again once that is fixed.');
		expect(links.linksOf('u1')).to.have.length(1);
	});

	it('unlinks one speaker or all; takes the role back only when no link is left and no ticket gives it', async () => {
		await desk.link('org', 'u1', false, 'code:P1');
		await desk.link('org', 'u1', false, 'code:P2');
		expect(await desk.unlink('org', 'u1', 'code:P1')).to.equal('✅ Unlinked <@u1> from **Zoë Ünal**.\nThey stay linked to other speakers and keep the Speakers role.');
		expect(role.holders.has('u1')).to.equal(true);
		expect(await desk.unlink('org', 'u1', 'code:P3')).to.equal('<@u1> is not linked to **@\u200beveryone**; nothing changed.');
		expect(await desk.unlink('org', 'u1', 'Nobody')).to.equal('<@u1> is not linked to a speaker “Nobody”. `/speaker list` shows the links.');
		expect(await desk.unlink('org', 'u1', null)).to.equal('✅ Unlinked <@u1> from **Ada Lovelace**.\nThe Speakers role was taken back.');
		expect(role.holders.has('u1')).to.equal(false);
		expect(await desk.unlink('org', 'u1', null)).to.equal('<@u1> is not linked to any speaker; nothing changed.');

		role.fromTickets.add('u2');
		await desk.link('org', 'u2', false, 'code:P2');
		expect(await desk.unlink('org', 'u2', null)).to.match(/Their ticket gives the Speakers role, so they keep it\.$/);
		expect(role.holders.has('u2')).to.equal(true);

		// A link left only to a speaker who is no longer in the programme gives no role: it goes now, not at the next refresh.
		links.link({ userId: 'u4', speakerKey: 'code:GONE', speakerName: 'Left Early', linkedBy: 'org', linkedAt: clock.now().toISOString(), how: 'organizer' });
		await desk.link('org', 'u4', false, 'code:P1');
		expect(await desk.unlink('org', 'u4', 'code:P1')).to.equal('✅ Unlinked <@u4> from **Zoë Ünal**.\nThe Speakers role was taken back.');
	});

	it('lists links and the check-in board with programme text escaped', async () => {
		expect(desk.list()).to.equal('No member is linked to a speaker yet. `/speaker link` links one.');
		expect(desk.status()).to.equal('No session still to come has a linked speaker. `/speaker link` links one.');
		await desk.link('org', 'u3', false, 'code:P3');
		expect(desk.list()).to.equal('**Speaker links** (1):\n- **@\u200beveryone** → <@u3>: Packaging (Wed 11:00)');
		links.link({ userId: 'u5', speakerKey: 'code:P1', speakerName: 'Zoë Ünal', linkedBy: 'usher', linkedAt: clock.now().toISOString(), how: 'automatic' });
		expect(desk.list().split('\n')[1], 'a match is marked as one').to.equal('- **@\u200beveryone** → <@u3>: Packaging (Wed 11:00)');
		expect(desk.list().split('\n')[2]).to.equal('- **Zoë Ünal** → <@u5>: Taming asyncio (Wed 11:00), Profiling \\*pandas\\* (Wed 11:00) (matched by ticket name)');
		links.unlink('u5', undefined, { by: 'org', at: clock.now() });
		expect(desk.status()).to.equal('**Speaker check-in**, next sessions:\n- **Packaging** at 11:00 in Forum Hall: ⏳ <@u3>');
	});

	it("answers organizers in their language: German link, unlink, list and board; Japanese refusals", async () => {
		expect((await desk.link('org', 'u1', false, 'code:P1', 'de')).split('\n')).to.deep.equal([
			'✅ <@u1> ist jetzt mit **Zoë Ünal** verknüpft: Taming asyncio (Mi 11:00), Profiling \\*pandas\\* (Mi 11:00).',
			'Die Rolle Speakers ist vergeben.',
			'Vor jeder Session bekommt die Person eine DM mit einem „Ich bin da“-Button.'
		]);
		expect(await desk.link('org', 'u1', false, 'code:P1', 'de')).to.equal('<@u1> ist schon mit **Zoë Ünal** verknüpft; nichts geändert.');
		expect(desk.list('de')).to.equal('**Speaker-Verknüpfungen** (1):\n- **Zoë Ünal** → <@u1>: Taming asyncio (Mi 11:00), Profiling \\*pandas\\* (Mi 11:00)');
		expect(desk.status('de')).to.equal('**Speaker-Check-in**, nächste Sessions:\n- **Taming asyncio** um 11:00 in Forum Hall: ⏳ <@u1>\n- **Profiling \\*pandas\\*** um 11:00 in Forum Hall: ⏳ <@u1>');
		role.refuse = 'Discord hat eine Anfrage abgelehnt (403: Missing Permissions)';
		expect(await desk.unlink('org', 'u1', null, 'de')).to.equal('✅ Verknüpfung von <@u1> mit **Zoë Ünal** aufgehoben.\n⚠️ Die Rolle Speakers wurde nicht entzogen (Discord hat eine Anfrage abgelehnt (403: Missing Permissions)).');
		expect(await desk.link('org', 'u2', true, 'code:P2', 'ja')).to.equal('ボットは登壇者にできません。メンバー本人のアカウントを選んでください。');
		expect(await desk.link('org', 'u2', false, 'Nobody *here*', 'ja')).to.equal('プログラムに登壇者「Nobody \\*here\\*」はいません。名前を入力し始めて、一覧から選んでください。');
		role.refuse = null;
		expect((await desk.link('org', 'u3', false, 'code:P3', 'ja')).split('\n')[0]).to.equal('✅ <@u3>を登壇者**@\u200beveryone**と紐づけました：Packaging (水) 11:00。');
		expect(await desk.unlink('org', 'u2', null, 'ja')).to.equal('<@u2>はどの登壇者とも紐づいていません。変更はありません。');
		expect(desk.list('ja')).to.equal('**登壇者の紐づけ**（1件）：\n- **@\u200beveryone** → <@u3>：Packaging (水) 11:00');
		links.unlink('u3', undefined, { by: 'org', at: new Date() });
		expect(desk.list('ja')).to.equal('登壇者と紐づいたメンバーはまだいません。`/speaker link` で紐づけられます。');
		expect(desk.status('ja')).to.equal('これからのセッションに紐づいた登壇者はいません。`/speaker link` で紐づけられます。');
	});

	it('keeps a long list and board within one message in every language, the rest counted in that language', async () => {
		const crowd = Array.from({ length: 60 }, (_, index) => talk(`L${index}`, `Talk ${index} ${'with a long title '.repeat(4)}`, [{ name: `Speaker ${index} ${'x'.repeat(40)}`, code: `Q${index}` }]));
		sessions.push(...crowd);
		for (const [index] of crowd.entries()) await desk.link('org', `m${index}`, false, `code:Q${index}`);
		for (const language of languages) {
			expect(desk.list(language).length, language).to.be.at.most(2000);
			expect(desk.status(language).length, language).to.be.at.most(2000);
		}
		expect(desk.list('de').split('\n').at(-1)).to.match(/^… und \d+ weitere$/);
		expect(desk.list('cs').split('\n').at(-1)).to.match(/^… a \d+ dalších$/);
		sessions.splice(3);
	});
});
