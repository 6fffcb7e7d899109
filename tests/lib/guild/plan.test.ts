import { expect } from 'chai';
import { ChannelType, PermissionFlagsBits as P } from 'discord.js';
import { BOT_CHANNEL_ACCESS, guildLayoutFrom, type GuildLayout } from '#lib/guild/layout';
import { describeAction, formatPlan } from '#lib/guild/describe';
import { planGuild, rolePositions, type LiveGuild, type LiveRole } from '#lib/guild/plan';
import { configSchema } from '#lib/config/schema';

const GUILD = '100';
const role = (id: string, name: string, position: number, extra: Partial<LiveRole> = {}): LiveRole => ({
	id,
	name,
	position,
	color: 0,
	hoist: false,
	mentionable: false,
	permissions: 0n,
	managed: false,
	...extra
});

/** An empty guild: @everyone, the bot's managed role "usher" with Manage Roles and Manage Channels. */
function emptyGuild(): LiveGuild {
	return {
		id: GUILD,
		name: 'EP',
		roles: [role(GUILD, '@everyone', 0, { permissions: P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory }), role('200', 'usher', 1, { managed: true, permissions: P.ManageRoles | P.ManageChannels })],
		channels: [],
		bot: { roleIds: ['200'], permissions: P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.ManageRoles | P.ManageChannels }
	};
}

function layout(): GuildLayout {
	const config = configSchema.shape.guild.parse({
		roles: [
			{ name: 'Organisers', color: '#e74c3c', hoist: true },
			{ name: 'Participants', color: '#3498db' }
		],
		categories: [
			{ name: 'Information' },
			{ name: 'Rooms', permissions: { '@everyone': { deny: ['ViewChannel'] }, Participants: { allow: ['ViewChannel'] } } }
		],
		channels: [{ name: 'registration-form', category: 'Information', topic: 'Register here.', permissions: { '@everyone': { allow: ['ViewChannel'], deny: ['SendMessages'] } } }],
		room_category: 'Rooms'
	});
	return guildLayoutFrom({ guild: config, programme: { rooms: { 'Forum Hall': 'forum-hall' } } as never })!;
}

/** The live guild once a plan against `emptyGuild()` has been applied as Discord would. */
function builtGuild(): LiveGuild {
	const live = emptyGuild();
	live.roles = [
		live.roles[0]!,
		role('301', 'Participants', 1, { color: 0x3498db }),
		role('302', 'Organisers', 2, { color: 0xe74c3c, hoist: true }),
		{ ...live.roles[1]!, position: 3 }
	];
	const bot = { id: '200', type: 0, allow: BOT_CHANNEL_ACCESS, deny: 0n };
	live.channels = [
		{ id: '401', name: 'Information', type: ChannelType.GuildCategory, parentId: null, topic: null, overwrites: [] },
		{
			id: '402',
			name: 'Rooms',
			type: ChannelType.GuildCategory,
			parentId: null,
			topic: null,
			overwrites: [{ id: GUILD, type: 0, allow: 0n, deny: P.ViewChannel }, { id: '301', type: 0, allow: P.ViewChannel, deny: 0n }, bot]
		},
		{
			id: '403',
			name: 'registration-form',
			type: ChannelType.GuildText,
			parentId: '401',
			topic: 'Register here.',
			overwrites: [{ id: GUILD, type: 0, allow: P.ViewChannel, deny: P.SendMessages }, bot]
		},
		{
			id: '404',
			name: 'forum-hall',
			type: ChannelType.GuildText,
			parentId: '402',
			topic: 'Stream: https://example.org',
			overwrites: [{ id: GUILD, type: 0, allow: 0n, deny: P.ViewChannel }, { id: '301', type: 0, allow: P.ViewChannel, deny: 0n }, bot]
		}
	];
	return live;
}

describe('guild/plan planGuild', () => {
	it('plans every role, category and channel for an empty guild, roles first and categories before their channels', () => {
		const plan = planGuild(emptyGuild(), layout());
		expect(plan.problems).to.deep.equal([]);
		expect(plan.actions.map((action) => `${action.kind} ${'role' in action ? action.role.name : 'channel' in action ? action.channel.name : ''}`)).to.deep.equal([
			'create-role Organisers',
			'create-role Participants',
			'create-channel Information',
			'create-channel Rooms',
			'create-channel registration-form',
			'create-channel forum-hall'
		]);
		const formLine = describeAction(plan.actions[4]!);
		expect(formLine).to.equal('+ create text channel #registration-form in "Information", permissions for @everyone, usher: not in the guild');
	});

	it('room channels come from [programme.rooms] and take the room category’s permissions, the bot’s role added', () => {
		const room = planGuild(emptyGuild(), layout()).actions.find((action) => action.kind === 'create-channel' && action.channel.name === 'forum-hall');
		if (room?.kind !== 'create-channel') throw new Error('no room channel planned');
		expect(room.channel.category).to.equal('Rooms');
		expect(room.channel.topic).to.equal(undefined);
		expect([...room.channel.overwrites]).to.deep.equal([
			['@everyone', { allow: 0n, deny: P.ViewChannel }],
			['Participants', { allow: P.ViewChannel, deny: 0n }],
			['usher', { allow: BOT_CHANNEL_ACCESS, deny: 0n }]
		]);
	});

	it('has nothing to do once the layout is in place, and leaves a room topic alone', () => {
		const plan = planGuild(builtGuild(), layout());
		expect(plan.actions).to.deep.equal([]);
		expect(plan.problems).to.deep.equal([]);
		expect(plan.unchanged).to.have.length(6);
		expect(formatPlan(plan).at(-1)).to.equal('Plan: 0 to create, 0 to change, 0 to delete, 6 left alone.');
	});

	it('shows a changed colour as one change on that role', () => {
		const live = builtGuild();
		live.roles.find((r) => r.name === 'Participants')!.color = 0x00ff00;
		const plan = planGuild(live, layout());
		expect(plan.actions.map(describeAction)).to.deep.equal(['~ change role "Participants": colour #00ff00 → #3498db']);
	});

	it('shows a changed permission as one change on that channel', () => {
		const live = builtGuild();
		live.channels.find((c) => c.name === 'registration-form')!.overwrites[0]!.deny = 0n;
		const plan = planGuild(live, layout());
		expect(plan.actions.map(describeAction)).to.deep.equal([
			'~ change #registration-form: permissions for @everyone: allow ViewChannel; deny nothing → allow ViewChannel; deny SendMessages'
		]);
	});

	it('reorders roles that are out of the layout’s order, and only then', () => {
		const live = builtGuild();
		live.roles.find((r) => r.name === 'Participants')!.position = 2;
		live.roles.find((r) => r.name === 'Organisers')!.position = 1;
		const plan = planGuild(live, layout());
		expect(plan.actions.map((action) => action.kind)).to.deep.equal(['reorder-roles']);
		expect(rolePositions(live.roles, GUILD, ['Organisers', 'Participants'])).to.deep.equal([
			{ id: '301', position: 1 },
			{ id: '302', position: 2 }
		]);
	});

	it('refuses a name that exists twice, a role above the bot, and missing Manage Roles / Manage Channels', () => {
		const twice = builtGuild();
		twice.channels.push({ ...twice.channels[2]!, id: '499' });
		twice.roles.find((r) => r.name === 'Organisers')!.position = 9;
		twice.roles.find((r) => r.name === 'Organisers')!.color = 0;
		expect(planGuild(twice, layout()).problems).to.deep.equal([
			'role "Organisers" is above the bot\'s highest role "usher": move the bot\'s role up, the bot cannot manage it',
			'#registration-form exists 2 times (ids 403, 499): rename or delete all but one'
		]);
		const powerless = emptyGuild();
		powerless.bot.permissions = P.ViewChannel;
		expect(planGuild(powerless, layout()).problems).to.include.members([
			'the bot lacks Manage Roles, so it cannot create, change or order roles',
			'the bot lacks Manage Channels, so it cannot create or change channels'
		]);
	});

	it('refuses to grant a permission the bot does not have', () => {
		const wanting = layout();
		wanting.roles[0]!.permissions = P.BanMembers;
		expect(planGuild(emptyGuild(), wanting).problems).to.deep.equal(['role "Organisers": the bot cannot grant BanMembers, which it does not have itself']);
	});

	it('knows Discord’s limits: 250 roles, 500 channels, 50 channels per category', () => {
		const full = emptyGuild();
		for (let i = 0; i < 249; i++) full.roles.push(role(String(1000 + i), `r${i}`, 2 + i));
		for (let i = 0; i < 499; i++) full.channels.push({ id: String(5000 + i), name: `c${i}`, type: ChannelType.GuildText, parentId: null, topic: null, overwrites: [] });
		const crowded = layout();
		for (let i = 0; i < 50; i++) crowded.channels.push({ name: `extra-${i}`, kind: 'text', category: 'Information', overwrites: new Map() });
		expect(planGuild(full, crowded).problems).to.include.members([
			'the guild would have 253 roles; Discord allows 250',
			'the guild would have 553 channels; Discord allows 500',
			'category "Information" would hold 51 channels; Discord allows 50 per category'
		]);
	});

	it('deletes only with prune: unmanaged roles below the bot, channels before their categories', () => {
		const live = builtGuild();
		live.roles.push(role('309', 'Old', 0.5));
		live.channels.push({ id: '490', name: 'Old stuff', type: ChannelType.GuildCategory, parentId: null, topic: null, overwrites: [] });
		live.channels.push({ id: '491', name: 'old-chat', type: ChannelType.GuildText, parentId: '490', topic: null, overwrites: [] });
		expect(planGuild(live, layout()).actions).to.deep.equal([]);
		expect(planGuild(live, layout(), { prune: true }).actions.map(describeAction)).to.deep.equal([
			'- delete role "Old": not in the layout (--prune)',
			'- delete #old-chat: not in the layout (--prune)',
			'- delete category "Old stuff": not in the layout (--prune)'
		]);
	});
});
