import { expect } from 'chai';
import { ChannelType, DiscordAPIError, PermissionFlagsBits as P, REST, Routes, type APIChannel, type APIRole } from 'discord.js';
import { DiscordStandIn, emptyGuild, type GuildSeed } from '.';

describe('Discord stand-in: roles and channels (layout routes)', () => {
	let discord: DiscordStandIn;
	let rest: REST;
	const guildId = () => discord.guild.id;
	const refused = async (request: Promise<unknown>): Promise<{ status: number; code: number | string; errors: unknown }> => {
		try {
			await request;
		} catch (error) {
			if (error instanceof DiscordAPIError) return { status: error.status, code: error.code, errors: (error.rawError as { errors?: unknown }).errors };
			throw error;
		}
		throw new Error('expected Discord to refuse the request');
	};

	/** A fresh stand-in from the empty guild as `change` leaves it. */
	const restart = async (change: (seed: GuildSeed) => void) => {
		await discord.close();
		const seed = emptyGuild();
		change(seed);
		discord = await DiscordStandIn.start({ seed });
		rest = new REST({ api: discord.restUrl, retries: 0 }).setToken(discord.token);
	};

	beforeEach(async () => {
		discord = await DiscordStandIn.start({ seed: emptyGuild() });
		rest = new REST({ api: discord.restUrl, retries: 0 }).setToken(discord.token);
	});
	afterEach(async () => {
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
		await discord.close();
	});

	it('creates roles at the bottom, edits them and reorders them, renumbering like Discord', async () => {
		const a = (await rest.post(Routes.guildRoles(guildId()), { body: { name: 'A', color: 0x3498db, hoist: true, permissions: 0 } })) as APIRole;
		const b = (await rest.post(Routes.guildRoles(guildId()), { body: { name: 'B', mentionable: true, permissions: 0 } })) as APIRole;
		expect([a.position, b.position]).to.deep.equal([1, 1]);
		expect(discord.roles().map((role) => `${role.name}@${role.position}`)).to.deep.equal(['usher@3', 'A@2', 'B@1', '@everyone@0']);
		await rest.patch(Routes.guildRole(guildId(), a.id), { body: { color: 0xff0000 } });
		expect(discord.roles().find((role) => role.name === 'A')).to.include({ color: 0xff0000, hoist: true });
		await rest.patch(Routes.guildRoles(guildId()), { body: [{ id: b.id, position: 2 }, { id: a.id, position: 1 }] });
		expect(discord.roles().map((role) => `${role.name}@${role.position}`)).to.deep.equal(['usher@3', 'B@2', 'A@1', '@everyone@0']);
	});

	it('refuses to touch a role at or above the bot’s (50013) or to grant what the bot lacks', async () => {
		const usher = discord.role('usher');
		expect(await refused(rest.patch(Routes.guildRole(guildId(), usher.id), { body: { color: 1 } }))).to.include({ status: 403, code: 50013 });
		const low = (await rest.post(Routes.guildRoles(guildId()), { body: { name: 'Low', permissions: 0 } })) as APIRole;
		expect(await refused(rest.patch(Routes.guildRoles(guildId()), { body: [{ id: low.id, position: 2 }] }))).to.include({ status: 403, code: 50013 });
		expect(await refused(rest.post(Routes.guildRoles(guildId()), { body: { name: 'Mods', permissions: Number(P.BanMembers) } }))).to.include({ code: 50013 });
	});

	it('stops at 250 roles with 30005', async () => {
		await restart((seed) => seed.roles.unshift(...Array.from({ length: 247 }, (_, i) => ({ name: `r${i}` }))));
		await rest.post(Routes.guildRoles(guildId()), { body: { name: 'the 250th', permissions: 0 } });
		expect(await refused(rest.post(Routes.guildRoles(guildId()), { body: { name: 'one too many', permissions: 0 } }))).to.include({ status: 400, code: 30005 });
	});

	it('creates categories and channels with parents and role overwrites, and changes them', async () => {
		const participants = (await rest.post(Routes.guildRoles(guildId()), { body: { name: 'Participants', permissions: 0 } })) as APIRole;
		const category = (await rest.post(Routes.guildChannels(guildId()), { body: { name: 'Rooms', type: ChannelType.GuildCategory } })) as APIChannel;
		const overwrites = [
			{ id: guildId(), type: 0, allow: 0, deny: Number(P.ViewChannel) },
			{ id: participants.id, type: 0, allow: Number(P.ViewChannel), deny: 0 },
			// Without it the bot could not see the channel it hid from @everyone, like on Discord.
			{ id: discord.role('usher').id, type: 0, allow: Number(P.ViewChannel | P.ManageChannels), deny: 0 }
		];
		const room = (await rest.post(Routes.guildChannels(guildId()), {
			body: { name: 'forum-hall', type: ChannelType.GuildText, parent_id: category.id, topic: 'Talks', permission_overwrites: overwrites }
		})) as APIChannel;
		await rest.post(Routes.guildChannels(guildId()), { body: { name: 'open-space', type: ChannelType.GuildStageVoice, parent_id: category.id } });
		expect(discord.channel('forum-hall')).to.include({ id: room.id, topic: 'Talks' });
		expect(discord.channels().find((channel) => channel.name === 'forum-hall')).to.deep.include({
			category: 'Rooms',
			overwrites: {
				'@everyone': { allow: 0n, deny: P.ViewChannel },
				Participants: { allow: P.ViewChannel, deny: 0n },
				usher: { allow: P.ViewChannel | P.ManageChannels, deny: 0n }
			}
		});
		await rest.patch(Routes.channel(room.id), { body: { parent_id: null, permission_overwrites: [] } });
		expect(discord.channels().find((channel) => channel.name === 'forum-hall')).to.deep.include({ category: null, overwrites: {} });
		await rest.delete(Routes.channel(category.id));
		expect(discord.channels().map((channel) => `${channel.name}:${channel.category}`)).to.deep.equal(['forum-hall:null', 'open-space:null']);
	});

	it('answers 50035 for a category over 50 channels or a parent that is not a category, and 30013 past 500 channels', async () => {
		await restart((seed) =>
			seed.channels.push(
				{ name: 'Full', type: 'category' },
				...Array.from({ length: 50 }, (_, i) => ({ name: `c${i}`, category: 'Full' })),
				...Array.from({ length: 448 }, (_, i) => ({ name: `t${i}` }))
			)
		);
		const over = await refused(rest.post(Routes.guildChannels(guildId()), { body: { name: 'c50', parent_id: discord.channel('Full').id } }));
		expect(over).to.deep.include({ status: 400, code: 50035 });
		expect(JSON.stringify(over.errors)).to.contain('CHANNEL_PARENT_MAX_CHANNELS');
		expect(await refused(rest.post(Routes.guildChannels(guildId()), { body: { name: 'x', parent_id: discord.channel('c0').id } }))).to.include({ code: 50035 });
		await rest.post(Routes.guildChannels(guildId()), { body: { name: 'the-500th' } });
		expect(await refused(rest.post(Routes.guildChannels(guildId()), { body: { name: 'one too many' } }))).to.include({ status: 400, code: 30013 });
	});

	it('refuses channel work without Manage Channels and overwrites without Manage Roles (50013)', async () => {
		await restart((seed) => (seed.roles[0]!.permissions = P.ViewChannel | P.SendMessages | P.ManageChannels));
		await rest.post(Routes.guildChannels(guildId()), { body: { name: 'plain' } });
		const overwrite = [{ id: guildId(), type: 0, allow: 0, deny: Number(P.ViewChannel) }];
		expect(await refused(rest.post(Routes.guildChannels(guildId()), { body: { name: 'hidden', permission_overwrites: overwrite } }))).to.include({ code: 50013 });
		expect(await refused(rest.post(Routes.guildRoles(guildId()), { body: { name: 'R' } }))).to.include({ code: 50013 });
	});

	it('holds a request until released, then acts on it', async () => {
		const hold = discord.holdNext('POST /guilds/{guild_id}/roles');
		const created = rest.post(Routes.guildRoles(guildId()), { body: { name: 'Held', permissions: 0 } });
		await hold.arrived;
		expect(discord.roles().map((role) => role.name)).not.to.include('Held');
		hold.release();
		await created;
		expect(discord.roles().map((role) => role.name)).to.include('Held');
	});
});
