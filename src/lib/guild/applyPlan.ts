import { Routes, type APIChannel, type APIRole, type REST } from 'discord.js';
import { channelTypeOf, EVERYONE, type ChannelSpec } from './layout';
import { fetchLiveGuild } from './liveGuild';
import { describeAction } from './describe';
import { rolePositions, type GuildAction, type LiveGuild } from './plan';

const REASON = 'usher guild apply: the configured layout';
// Discord's spec types permission bitfields in request bodies as integers; every flag so far sits below 2^53.
const bitfield = (bits: bigint) => Number(bits);

/**
 * Carries out a plan's actions in order over the REST client (which waits out rate limits from the headers).
 * Names are resolved to ids as it goes, so channels can use roles and categories created a moment earlier.
 * Resuming needs nothing stored: a new plan against the live guild lists only what is still missing.
 */
export async function applyPlan(rest: REST, live: LiveGuild, actions: GuildAction[], log: (line: string) => void): Promise<void> {
	const roleIds = new Map(live.roles.map((role) => [role.id === live.id ? EVERYONE : role.name, role.id]));
	const channelIds = new Map(live.channels.map((channel) => [channel.name, channel.id]));
	const overwritesOf = (channel: ChannelSpec, kept: { id: string; type: number; allow: bigint; deny: bigint }[] = []) => [
		...kept.filter((overwrite) => overwrite.type === 1).map((o) => ({ id: o.id, type: 1, allow: bitfield(o.allow), deny: bitfield(o.deny) })),
		...[...channel.overwrites].map(([name, o]) => ({ id: roleIds.get(name)!, type: 0, allow: bitfield(o.allow), deny: bitfield(o.deny) }))
	];
	for (const action of actions) {
		switch (action.kind) {
			case 'create-role': {
				const { role } = action;
				const body = { name: role.name, color: role.color, hoist: role.hoist, mentionable: role.mentionable, permissions: bitfield(role.permissions) };
				const created = (await rest.post(Routes.guildRoles(live.id), { body, reason: REASON })) as APIRole;
				roleIds.set(role.name, created.id);
				break;
			}
			case 'update-role': {
				const { role } = action;
				const body = { color: role.color, hoist: role.hoist, mentionable: role.mentionable, permissions: bitfield(role.permissions) };
				await rest.patch(Routes.guildRole(live.id, action.id), { body, reason: REASON });
				break;
			}
			case 'reorder-roles': {
				// Positions depend on the roles created just before: read them again.
				const now = await fetchLiveGuild(rest, live.id);
				const body = rolePositions(now.roles, live.id, action.order);
				if (body.length) await rest.patch(Routes.guildRoles(live.id), { body, reason: REASON });
				break;
			}
			case 'create-channel': {
				const { channel } = action;
				const body = {
					name: channel.name,
					type: channelTypeOf[channel.kind],
					...(channel.category ? { parent_id: channelIds.get(channel.category) } : {}),
					...(channel.topic !== undefined ? { topic: channel.topic } : {}),
					permission_overwrites: overwritesOf(channel)
				};
				const created = (await rest.post(Routes.guildChannels(live.id), { body, reason: REASON })) as APIChannel;
				channelIds.set(channel.name, created.id);
				break;
			}
			case 'update-channel': {
				const { channel } = action;
				const kept = live.channels.find((candidate) => candidate.id === action.id)?.overwrites;
				const body = {
					...(action.parent ? { parent_id: channel.category ? channelIds.get(channel.category) : null } : {}),
					...(action.topic ? { topic: channel.topic } : {}),
					...(action.overwrites ? { permission_overwrites: overwritesOf(channel, kept) } : {})
				};
				await rest.patch(Routes.channel(action.id), { body, reason: REASON });
				break;
			}
			case 'delete-role':
				await rest.delete(Routes.guildRole(live.id, action.id), { reason: REASON });
				break;
			case 'delete-channel':
				await rest.delete(Routes.channel(action.id), { reason: REASON });
				break;
		}
		log(`done: ${describeAction(action)}`);
	}
}
