import { expect } from 'chai';
import { textsFor } from '#lib/i18n/texts';
import type { Session } from '#lib/programme/Session';
import { MemberRoles } from '#lib/registration/MemberRoles';
import { SpeakerLinks } from '#lib/speakers/SpeakerLinks';
import { SpeakerRoles, type SpeakerRoleAccess } from '#lib/speakers/SpeakerRoles';
import type { RegisteredMember } from '#lib/speakers/speakerMatching';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

const ROLE = 'r-speakers';

/** The guild's members and who holds the role, as Discord keeps them; every change is counted. */
class FakeGuild implements SpeakerRoleAccess {
	public readonly members = new Set(['u-ada', 'u-zoe', 'u-anna1', 'u-anna2', 'u-grace']);
	public readonly holders = new Set<string>();
	/** What the cache shows when it lags behind Discord. */
	public readonly staleCache = new Set<string>();
	public readonly changes: string[] = [];
	public readonly freshReads: string[] = [];
	public refuse: string | null = null;
	public roleExists = true;
	public roleId(): string | undefined {
		return this.roleExists ? ROLE : undefined;
	}
	public async holds(userId: string, _roleId: string, fresh: boolean): Promise<boolean | null> {
		if (fresh) this.freshReads.push(userId);
		if (!this.members.has(userId)) return null;
		return !fresh && this.staleCache.has(userId) ? true : this.holders.has(userId);
	}
	public async add(userId: string): Promise<string | null> {
		if (this.refuse) return this.refuse;
		this.changes.push(`+${userId}`);
		this.holders.add(userId);
		return null;
	}
	public async remove(userId: string): Promise<string | null> {
		if (this.refuse) return this.refuse;
		this.changes.push(`-${userId}`);
		this.holders.delete(userId);
		return null;
	}
}

const at = (hour: number) => new Date(`2026-07-15T${String(hour).padStart(2, '0')}:00:00Z`);
const talk = (code: string, speakers: Session['speakers'], hour = 9): Session => ({ code, title: `Talk ${code}`, start: at(hour), end: at(hour + 1), rooms: ['Forum Hall'], speakers, isBreak: false });

describe('speakers/SpeakerRoles', () => {
	let db: SqliteDatabase;
	let links: SpeakerLinks;
	let guild: FakeGuild;
	let sessions: Session[];
	let members: RegisteredMember[];
	let ticketRoles: Map<string, string[]>;
	let log: string[];
	let pretixPeople: Map<string, number>;
	let linksChanged: number;
	let retired: boolean;
	const make = () =>
		new SpeakerRoles({
			links,
			sessions: () => sessions,
			registered: () => members,
			ticketHolders: () => pretixPeople,
			discord: guild,
			fromTicket: (userId, roleId) => (ticketRoles.get(userId) ?? []).includes(roleId),
			roleName: 'Speakers',
			log: (entry) => void log.push(entry),
			texts: textsFor('en-US', 'speakers'),
			retired: () => retired,
			onLinksChanged: () => void (linksChanged += 1),
			now: () => at(7),
			logger: { info: () => undefined, warn: () => undefined }
		});

	beforeEach(() => {
		db = openDatabase(':memory:');
		retired = false;
		links = new SpeakerLinks(db);
		guild = new FakeGuild();
		sessions = [talk('S1', [{ name: 'Zoë Ünal', code: 'P1' }]), talk('S2', [{ name: 'Zoë Ünal', code: 'P1' }], 11), talk('S3', [{ name: 'Anna Novák', code: 'P3' }]), talk('S4', [{ name: 'Grace Hopper', code: 'P4' }])];
		members = [
			{ userId: 'u-zoe', names: ['ZOE UNAL'], emails: [] },
			{ userId: 'u-anna1', names: ['Anna Novák'], emails: [] },
			{ userId: 'u-anna2', names: ['Anna Novak'], emails: [] },
			{ userId: 'u-ada', names: ['Ada Lovelace'], emails: [] }
		];
		ticketRoles = new Map([['u-zoe', ['r-sponsors']]]);
		log = [];
		linksChanged = 0;
		pretixPeople = new Map([['zoeunal', 1]]);
	});
	afterEach(() => db.close());

	it('links a speaker whose name is on one ticket, gives the role on top of the ticket’s, and tells the log; namesakes are left to organizers', async () => {
		const roles = make();
		await roles.sync();
		expect(links.all().map((link) => `${link.userId} ${link.speakerKey} ${link.how}`)).to.deep.equal(['u-zoe code:P1 automatic']);
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		expect(log).to.deep.equal(['🎤 <@u-zoe> is now linked to speaker **Zoë Ünal**: the name on their ticket matches. If that is wrong, `/speaker unlink` undoes it for good.']);
		expect(linksChanged).to.equal(1);
		const memberRoles = new MemberRoles((userId) => ticketRoles.get(userId) ?? []);
		memberRoles.addSource('speakers', (userId) => roles.rolesOf(userId));
		expect(memberRoles.wanted('u-zoe'), 'a speaker with a sponsor ticket: both').to.deep.equal(['r-sponsors', ROLE]);
		expect(memberRoles.wanted('u-anna1')).to.deep.equal([]);
		await roles.sync();
		expect(guild.changes, 'a second run changes nothing').to.deep.equal(['+u-zoe']);
		expect(log).to.have.length(1);
	});

	it('keeps the role while one session is left, and takes it back with a log line once the last one goes; the automatic link goes too', async () => {
		const roles = make();
		await roles.sync();
		sessions = sessions.filter((session) => session.code !== 'S1');
		await roles.sync();
		expect(guild.holders.has('u-zoe'), 'still in S2').to.equal(true);
		sessions = sessions.filter((session) => session.code !== 'S2');
		await roles.sync();
		expect(guild.changes).to.deep.equal(['+u-zoe', '-u-zoe']);
		expect(links.all()).to.deep.equal([]);
		expect(links.holders()).to.deep.equal([]);
		expect(log[1]).to.equal('🎤 <@u-zoe> has no session left in the programme, so the Speakers role was taken back.');
		expect(roles.rolesOf('u-zoe')).to.deep.equal([]);
		// A registration PATCH built from a cache that still shows it must leave it out.
		expect(roles.withheldOf('u-zoe')).to.deep.equal([ROLE]);
		expect(roles.withheldOf('u-ada'), 'never taken').to.deep.equal([]);
	});

	it('an organizer’s link to a speaker gone from the programme stays, without the role; the speaker back in the programme gets it back', async () => {
		const roles = make();
		links.link({ userId: 'u-grace', speakerKey: 'code:P4', speakerName: 'Grace Hopper', linkedBy: 'org', linkedAt: '', how: 'organizer' });
		await roles.sync();
		expect(guild.holders.has('u-grace')).to.equal(true);
		const grace = sessions.find((session) => session.code === 'S4')!;
		sessions = sessions.filter((session) => session !== grace);
		await roles.sync();
		expect(guild.holders.has('u-grace')).to.equal(false);
		expect(links.linksOf('u-grace').map((link) => link.how)).to.deep.equal(['organizer']);
		sessions = [...sessions, grace];
		await roles.sync();
		expect(guild.holders.has('u-grace')).to.equal(true);
	});

	it('a ticket that gives the role keeps it: only usher’s record of holding it goes', async () => {
		ticketRoles.set('u-zoe', ['r-sponsors', ROLE]);
		const roles = make();
		await roles.sync();
		sessions = sessions.filter((session) => !['S1', 'S2'].includes(session.code));
		await roles.sync();
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		expect(links.holders()).to.deep.equal([]);
		expect(log).to.have.length(1);
	});

	it('an organizer’s unlink is not undone by the next match', async () => {
		const roles = make();
		await roles.sync();
		links.unlink('u-zoe', undefined, { by: 'org', at: at(8) });
		await roles.take('u-zoe', 'unlinked');
		await roles.sync();
		expect(links.all()).to.deep.equal([]);
		expect(guild.holders.has('u-zoe')).to.equal(false);
		expect(guild.changes).to.deep.equal(['+u-zoe', '-u-zoe']);
	});

	it('once the retention after the conference is due and has emptied the tables, links nobody again and gives or takes no role', async () => {
		const roles = make();
		links.link({ userId: 'u-grace', speakerKey: 'code:P4', speakerName: 'Grace Hopper', linkedBy: 'org', linkedAt: '', how: 'organizer' });
		await roles.sync();
		expect(guild.changes).to.have.members(['+u-zoe', '+u-grace']);
		retired = true;
		for (const table of ['speaker_links', 'speaker_role_holders', 'speaker_link_refusals']) db.exec(`DELETE FROM ${table}`);
		const logged = log.length;
		await roles.sync();
		expect(links.all(), 'the ticket name still matches, but no link comes back').to.deep.equal([]);
		expect(links.holders()).to.deep.equal([]);
		expect(guild.changes, 'nobody loses the role for the deleted links').to.have.length(2);
		expect(log).to.have.length(logged);
	});

	it('judges nobody on an empty programme (not read yet): holders keep the role, and MemberRoles keeps counting it', async () => {
		const roles = make();
		await roles.sync();
		sessions = [];
		await roles.sync();
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		expect(roles.rolesOf('u-zoe')).to.deep.equal([ROLE]);
		expect(roles.rolesOf('u-ada')).to.deep.equal([]);
	});

	it('a refusal from Discord is retried at the next run, and a missing role is waited for', async () => {
		guild.roleExists = false;
		const roles = make();
		await roles.sync();
		expect(guild.changes).to.deep.equal([]);
		expect(roles.rolesOf('u-zoe')).to.deep.equal([]);
		guild.roleExists = true;
		guild.refuse = 'Missing Permissions';
		await roles.sync();
		expect(guild.holders.size).to.equal(0);
		guild.refuse = null;
		await roles.sync();
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		sessions = sessions.filter((session) => !['S1', 'S2'].includes(session.code));
		guild.refuse = 'Missing Permissions';
		await roles.sync();
		expect(links.holders(), 'kept until it is really taken').to.deep.equal(['u-zoe']);
		guild.refuse = null;
		await roles.sync();
		expect(guild.changes).to.deep.equal(['+u-zoe', '-u-zoe']);
		expect(links.holders()).to.deep.equal([]);
	});

	it('after a registration reads the member from Discord, not the cache: a role its PATCH dropped is given again', async () => {
		const roles = make();
		await roles.sync();
		// The registration's PATCH carried a list without the role; the cache still shows it.
		guild.holders.delete('u-zoe');
		guild.staleCache.add('u-zoe');
		await roles.sync();
		expect(guild.changes, 'the cache hides the loss').to.deep.equal(['+u-zoe']);
		await roles.registered('u-zoe');
		expect(guild.freshReads).to.deep.equal(['u-zoe']);
		expect(guild.changes).to.deep.equal(['+u-zoe', '+u-zoe']);
		expect(guild.holders.has('u-zoe')).to.equal(true);
	});

	it('a member who registers later is matched then; a restart (a new instance over the same database) changes nothing', async () => {
		members = members.filter((member) => member.userId !== 'u-zoe');
		await make().sync();
		expect(guild.changes).to.deep.equal([]);
		members.push({ userId: 'u-zoe', names: ['Zoë Ünal'], emails: [] });
		await make().registered('u-zoe');
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		await make().sync();
		expect(guild.changes).to.deep.equal(['+u-zoe']);
		expect(log).to.have.length(1);
	});

	it('a namesake in pretix who has not registered yet keeps the one who did from being linked', async () => {
		pretixPeople.set('zoeunal', 2);
		await make().sync();
		expect(links.all()).to.deep.equal([]);
		expect(guild.changes).to.deep.equal([]);
	});

	it('the email pretalx gives a speaker and pretix an attendee tells namesakes apart', async () => {
		sessions = sessions.map((session) => (session.code === 'S3' ? { ...session, speakers: [{ name: 'Anna Novák', code: 'P3', email: 'anna@example.org' }] } : session));
		members = members.map((member) => (member.userId === 'u-anna1' ? { ...member, emails: ['other@example.org'] } : member.userId === 'u-anna2' ? { ...member, emails: ['ANNA@example.org'] } : member));
		await make().sync();
		expect(links.all().map((link) => `${link.userId} ${link.speakerKey}`)).to.deep.equal(['u-anna2 code:P3', 'u-zoe code:P1']);
	});

	it('starts no run once stopped', async () => {
		const roles = make();
		await roles.stop();
		await roles.sync();
		expect(links.all()).to.deep.equal([]);
		expect(guild.changes).to.deep.equal([]);
	});

	it('a speaker who left the server is skipped and keeps their record for when they come back', async () => {
		guild.members.delete('u-zoe');
		await make().sync();
		expect(guild.changes).to.deep.equal([]);
		expect(links.holders()).to.deep.equal(['u-zoe']);
	});
});
