import { Listener } from '@sapphire/framework';
import { Events, type GuildMember } from 'discord.js';

export class UserListener extends Listener<typeof Events.GuildMemberAdd> {
	public constructor(context: Listener.LoaderContext, options: Listener.Options) {
		super(context, { ...options, event: Events.GuildMemberAdd, enabled: context.store.container.config.registration.enabled });
	}

	public override run(member: GuildMember) {
		if (member.guild.id !== this.container.guild?.id || member.user.bot) return;
		this.container.registrationDesk.restore(member);
	}
}
