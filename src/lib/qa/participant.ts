import { container } from '@sapphire/framework';
import { GuildMember, type Interaction } from 'discord.js';
import { isOrganizer } from '#lib/discord/organizers';
import { chooseLanguage } from '#lib/i18n/language';
import type { Texts } from '#lib/i18n/texts';
import type { Participant } from './QaDesk';
import { qaTexts } from './qaTexts';

/** Who is acting, as the Q&A desk needs them: the name the server shows, whether they organize, their roles. */
export function participantOf(interaction: Interaction): Participant {
	const { member, user } = interaction;
	// A cached GuildMember calls it `nickname`; only the raw API member (an uncached guild) has `nick`.
	const nick = member instanceof GuildMember ? member.nickname : (member?.nick ?? null);
	const roleIds = !member ? [] : Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
	return { userId: user.id, displayName: nick ?? user.globalName ?? user.username, organizer: isOrganizer(member), roleIds };
}

/** The `qa` texts the member reads. */
export function memberQaTexts(interaction: Interaction): Texts {
	return qaTexts(chooseLanguage(interaction, container.config.bot.language));
}
