import { expect } from 'chai';
import type { NotificationJobs } from '#lib/programme/NotificationJobs';
import type { Session } from '#lib/programme/Session';
import { CheckIns } from '#lib/speakers/CheckIns';
import { NagLedger } from '#lib/speakers/NagLedger';
import { SpeakerCheckin } from '#lib/speakers/SpeakerCheckin';
import { SpeakerDesk, type SpeakerRole } from '#lib/speakers/SpeakerDesk';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { ManualClock } from '../../helpers/ManualClock';

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
	});

	it('lists links and the check-in board with programme text escaped', async () => {
		expect(desk.list()).to.equal('No member is linked to a speaker yet. `/speaker link` links one.');
		expect(desk.status()).to.equal('No session still to come has a linked speaker. `/speaker link` links one.');
		await desk.link('org', 'u3', false, 'code:P3');
		expect(desk.list()).to.equal('**Speaker links** (1):\n- **@\u200beveryone** → <@u3>: Packaging (Wed 11:00)');
		expect(desk.status()).to.equal('**Speaker check-in**, next sessions:\n- **Packaging** at 11:00 in Forum Hall: ⏳ <@u3>');
	});
});
