import { expect } from 'chai';
import type { Client, Guild } from 'discord.js';
import { applyToMember, memberApplier } from '#lib/registration/applyToMember';
import { apiError, createClient, createGuild, createMember, createRole, FakeDiscord, rawMember, type RecordedRequest } from '../../mocks/discord';

const GUILD = '900000000000000001';
const OWNER = '900000000000000002';
const ATTENDEE = '900000000000000010';
const SPEAKER = '900000000000000011';
const REASON = 'registration: order ABC12';

describe('registration/applyToMember (real discord.js member, REST recorded)', () => {
	let discord: FakeDiscord;
	let client: Client;
	let guild: Guild;
	beforeEach(() => {
		discord = new FakeDiscord();
		client = createClient(discord);
		guild = createGuild(client, {
			id: GUILD,
			ownerId: OWNER,
			roles: [
				{ id: ATTENDEE, name: 'Attendee' },
				{ id: SPEAKER, name: 'Speaker' }
			]
		});
	});
	afterEach(() => client.destroy());

	const memberPatches = (userId: string) => discord.matching('PATCH', new RegExp(`^/guilds/${GUILD}/members/${userId}$`));
	const refuseNicknames = (request: RecordedRequest) =>
		request.method === 'PATCH' && (request.body as { nick?: unknown }).nick !== undefined ? apiError(403, 50013, 'Missing Permissions') : undefined;

	it('leaves a withheld role out of the PATCH though the cache still shows it (a role just taken)', async () => {
		const member = createMember(guild, { id: '1002', roles: [SPEAKER] });
		expect(await applyToMember(member, [ATTENDEE], null, REASON, [SPEAKER])).to.deep.include({ ok: true, addedRoleIds: [ATTENDEE] });
		expect((memberPatches('1002')[0]!.body as { roles: string[] }).roles).to.deep.equal([ATTENDEE]);
	});

	it('sends roles and nickname in one PATCH, keeping the roles the member has and leaving out @everyone', async () => {
		const volunteer = createRole(guild, { name: 'Volunteer' });
		const member = createMember(guild, { id: '1001', roles: [SPEAKER, volunteer.id] });
		const result = await applyToMember(member, [ATTENDEE, SPEAKER], 'Jane Doe', REASON);
		expect(result).to.deep.equal({ ok: true, nicknameSet: true, addedRoleIds: [ATTENDEE] });
		expect(discord.requests).to.have.length(1);
		const [patch] = memberPatches('1001');
		expect(patch?.body).to.deep.equal({ roles: [SPEAKER, volunteer.id, ATTENDEE], nick: 'Jane Doe' });
		expect(patch?.reason).to.equal(REASON);
	});

	it('sends nothing when the member already has the roles and the nickname', async () => {
		const member = createMember(guild, { id: '1002', roles: [ATTENDEE], nick: 'Jane Doe' });
		expect(await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON)).to.deep.equal({ ok: true, nicknameSet: true, addedRoleIds: [] });
		expect(await applyToMember(member, [ATTENDEE], null, REASON)).to.deep.equal({ ok: true, nicknameSet: false, addedRoleIds: [] });
		expect(discord.requests).to.deep.equal([]);
	});

	it('sends only the nickname when the roles are all there', async () => {
		const member = createMember(guild, { id: '1003', roles: [ATTENDEE], nick: 'jane' });
		expect(await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON)).to.deep.equal({ ok: true, nicknameSet: true, addedRoleIds: [] });
		expect(memberPatches('1003').map((request) => request.body)).to.deep.equal([{ nick: 'Jane Doe' }]);
	});

	it("never tries the owner's nickname: the roles go alone", async () => {
		const owner = createMember(guild, { id: OWNER, roles: [] });
		const result = await applyToMember(owner, [ATTENDEE], 'The Owner', REASON);
		expect(result).to.deep.equal({ ok: true, nicknameSet: false, addedRoleIds: [ATTENDEE] });
		expect(memberPatches(OWNER).map((request) => request.body)).to.deep.equal([{ roles: [ATTENDEE] }]);
	});

	it('sends nothing for the owner when only the nickname would change', async () => {
		const owner = createMember(guild, { id: OWNER, roles: [ATTENDEE] });
		expect(await applyToMember(owner, [ATTENDEE], 'The Owner', REASON)).to.deep.equal({ ok: true, nicknameSet: false, addedRoleIds: [] });
		expect(discord.requests).to.deep.equal([]);
	});

	it('tries the roles alone when Discord refuses the nickname with 50013 Missing Permissions', async () => {
		discord.on(refuseNicknames);
		const member = createMember(guild, { id: '1004', roles: [] });
		const result = await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON);
		expect(result).to.deep.equal({ ok: true, nicknameSet: false, addedRoleIds: [ATTENDEE] });
		const patches = memberPatches('1004');
		expect(patches.map((request) => request.body)).to.deep.equal([{ roles: [ATTENDEE], nick: 'Jane Doe' }, { roles: [ATTENDEE] }]);
		expect(patches.map((request) => request.reason)).to.deep.equal([REASON, REASON]);
	});

	it('takes a refused nickname as done when no role was missing (one request, no retry)', async () => {
		discord.on(refuseNicknames);
		const member = createMember(guild, { id: '1005', roles: [ATTENDEE] });
		expect(await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON)).to.deep.equal({ ok: true, nicknameSet: false, addedRoleIds: [] });
		expect(memberPatches('1005')).to.have.length(1);
	});

	it('reports missing permissions when the roles alone are refused too', async () => {
		discord.on((request) => (request.method === 'PATCH' ? apiError(403, 50013, 'Missing Permissions') : undefined));
		const member = createMember(guild, { id: '1006', roles: [] });
		expect(await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON)).to.deep.equal({ ok: false, reason: 'missing-permissions', detail: 'Missing Permissions' });
		expect(memberPatches('1006')).to.have.length(2);
	});

	it('reports a member who left meanwhile (10007 Unknown Member) without a retry', async () => {
		discord.on((request) => (request.method === 'PATCH' ? apiError(404, 10007, 'Unknown Member') : undefined));
		const member = createMember(guild, { id: '1007', roles: [] });
		expect(await applyToMember(member, [ATTENDEE], 'Jane Doe', REASON)).to.deep.equal({ ok: false, reason: 'unknown-member', detail: 'Unknown Member' });
		expect(memberPatches('1007')).to.have.length(1);
	});

	describe('memberApplier', () => {
		it('fetches the member and applies through them', async () => {
			discord.on((request) => (request.method === 'GET' && request.path === `/guilds/${GUILD}/members/1008` ? { status: 200, body: rawMember({ id: '1008', roles: [SPEAKER] }) } : undefined));
			const apply = await memberApplier(guild, '1008', REASON);
			expect(apply).to.be.a('function');
			expect(await apply!([ATTENDEE], 'Jane Doe')).to.deep.equal({ ok: true, nicknameSet: true, addedRoleIds: [ATTENDEE] });
			expect(discord.requests.map((request) => `${request.method} ${request.path}`)).to.deep.equal([`GET /guilds/${GUILD}/members/1008`, `PATCH /guilds/${GUILD}/members/1008`]);
			expect(memberPatches('1008')[0]?.body).to.deep.equal({ roles: [SPEAKER, ATTENDEE], nick: 'Jane Doe' });
		});

		it('is null when Discord says the user is not in the guild (10007)', async () => {
			discord.on((request) => (request.method === 'GET' ? apiError(404, 10007, 'Unknown Member') : undefined));
			expect(await memberApplier(guild, '1009', REASON)).to.equal(null);
			expect(discord.matching('GET', new RegExp(`^/guilds/${GUILD}/members/1009$`))).to.have.length(1);
		});

		it('throws other errors so the caller retries', async () => {
			discord.on((request) => (request.method === 'GET' ? apiError(403, 50001, 'Missing Access') : undefined));
			let thrown: unknown;
			await memberApplier(guild, '1010', REASON).catch((error: unknown) => (thrown = error));
			expect(thrown).to.be.instanceOf(Error).with.property('code', 50001);
		});
	});
});
