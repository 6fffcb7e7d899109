// The guild plan in words: one line per action, as `npm run cli -- guild plan`, apply and the startup report print it.
import { PermissionFlagsBits, type ChannelType } from 'discord.js';
import { channelTypeOf } from './layout';
import type { GuildAction, GuildPlan } from './plan';

const permissionNames = Object.entries(PermissionFlagsBits);
export const describeBits = (bits: bigint) => permissionNames.filter(([, bit]) => bits & bit).map(([name]) => name).join(', ') || 'nothing';
export const hex = (color: number) => `#${color.toString(16).padStart(6, '0')}`;
export const kindName = (type: ChannelType) => Object.entries(channelTypeOf).find(([, value]) => value === type)?.[0] ?? `type ${type}`;
export const label = (channel: { name: string; kind?: string; type?: ChannelType }) =>
	(channel.kind ?? kindName(channel.type!)) === 'category' ? `category "${channel.name}"` : `#${channel.name}`;


/** One line for an action, as plan and startup report print it. */
export function describeAction(action: GuildAction): string {
	switch (action.kind) {
		case 'create-role': {
			const { role } = action;
			const traits = [`colour ${hex(role.color)}`, ...(role.hoist ? ['shown separately'] : []), ...(role.mentionable ? ['mentionable'] : [])];
			if (role.permissions) traits.push(`permissions ${describeBits(role.permissions)}`);
			return `+ create role "${role.name}" (${traits.join(', ')}): not in the guild`;
		}
		case 'update-role':
			return `~ change role "${action.role.name}": ${action.changes.join('; ')}`;
		case 'reorder-roles':
			return `~ reorder roles: ${action.reason}`;
		case 'create-channel': {
			const { channel } = action;
			const where = channel.category ? ` in "${channel.category}"` : '';
			const what = channel.kind === 'category' ? `category "${channel.name}"` : `${channel.kind} channel #${channel.name}${where}`;
			const access = channel.overwrites.size ? `, permissions for ${[...channel.overwrites.keys()].join(', ')}` : '';
			return `+ create ${what}${access}: not in the guild`;
		}
		case 'update-channel':
			return `~ change ${label(action.channel)}: ${action.changes.join('; ')}`;
		case 'delete-role':
			return `- delete role "${action.name}": not in the layout (--prune)`;
		case 'delete-channel':
			return `- delete ${label({ name: action.name, type: action.type })}: not in the layout (--prune)`;
	}
}

/** The plan as people read it: problems, then one line per action and per thing left alone, then a count. */
export function formatPlan(plan: GuildPlan): string[] {
	const count = (kind: string) => plan.actions.filter((action) => action.kind.startsWith(kind)).length;
	return [
		...plan.problems.map((problem) => `! ${problem}`),
		...plan.actions.map(describeAction),
		...plan.unchanged.map((name) => `= ${name}: as the layout says, left alone`),
		`Plan: ${count('create')} to create, ${count('update') + count('reorder')} to change, ${count('delete')} to delete, ${plan.unchanged.length} left alone` +
			(plan.problems.length ? `; ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'} to fix first.` : '.')
	];
}
