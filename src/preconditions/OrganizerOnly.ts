import { Precondition } from '@sapphire/framework';
import type { ChatInputCommandInteraction } from 'discord.js';
import { isOrganizer, notOrganizerKey, notOrganizerMessage } from '#lib/discord/organizers';

export class UserPrecondition extends Precondition {
	public override chatInputRun(interaction: ChatInputCommandInteraction) {
		return isOrganizer(interaction.member) ? this.ok() : this.error({ identifier: 'OrganizerOnly', message: notOrganizerMessage, context: { textKey: notOrganizerKey } });
	}
}
