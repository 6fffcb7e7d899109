import { ApplicationCommandOptionType as O } from 'discord.js';
import type { RESTPostAPIApplicationCommandsJSONBody as CommandBody } from 'discord-api-types/v10';
import type { CommandInput, DiscordStandIn, OptionValue, UserRef } from '../../standins/discord';

interface CommandOption {
	type: number;
	name: string;
	required?: boolean;
	choices?: Array<{ value: OptionValue }>;
	min_value?: number;
	options?: CommandOption[];
}

export interface Invocation {
	name: string;
	input: CommandInput;
	/** `/command subcommand`, for assertion messages. */
	label: string;
}

/** Commands Discord hides from members by default: the organizer tools. */
export const organizerOnly = (body: CommandBody) => typeof body.default_member_permissions === 'string' && body.default_member_permissions !== '0';

/**
 * Every subcommand of every command the bot registered that passes `filter`, with every option filled in plausibly
 * (`member` as the given member, a channel, a known order): new subcommands are picked up without editing a test.
 */
export function invocations(discord: DiscordStandIn, member: UserRef, filter: (body: CommandBody) => boolean): Invocation[] {
	const valueFor = (option: CommandOption): OptionValue | undefined => {
		if (option.choices?.length) return option.choices[0]!.value;
		switch (option.type) {
			case O.String:
				return option.name.includes('name') ? 'Ada Lovelace' : 'ABC12';
			case O.Integer:
			case O.Number:
				return option.min_value ?? 1;
			case O.Boolean:
				return true;
			case O.User:
			case O.Mentionable:
				return { id: member.id };
			case O.Channel:
				return { id: discord.channel('registration-log').id };
			case O.Role:
				return { id: discord.role('Organisers').id };
			default:
				return undefined;
		}
	};
	const fill = (options: CommandOption[] = []) =>
		Object.fromEntries(
			options.flatMap((option) => {
				const value = valueFor(option);
				return value === undefined ? [] : [[option.name, value]];
			})
		);
	return discord
		.commands('guild')
		.filter((command) => filter(command.body))
		.flatMap(({ name, body }) => {
			const options = ('options' in body ? (body.options ?? []) : []) as CommandOption[];
			const subs = options.filter((option) => option.type === O.Subcommand);
			const groups = options.filter((option) => option.type === O.SubcommandGroup);
			if (!subs.length && !groups.length) return [{ name, input: { options: fill(options) }, label: `/${name}` }];
			return [
				...subs.map((sub) => ({ name, input: { subcommand: sub.name, options: fill(sub.options) }, label: `/${name} ${sub.name}` })),
				...groups.flatMap((group) =>
					(group.options ?? []).map((sub) => ({ name, input: { group: group.name, subcommand: sub.name, options: fill(sub.options) }, label: `/${name} ${group.name} ${sub.name}` }))
				)
			];
		});
}
