import { container } from '@sapphire/framework';
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { failureCause } from '#lib/discord/failureAnswer';
import { postToLog } from '#lib/discord/logChannel';
import { publicTexts, replyLanguage } from '#lib/i18n/replyTexts';
import { textsFor } from '#lib/i18n/texts';
import { formatLookup, formatManualRegistration, formatUnlink, unlinkLogEntry, type RolesNotRemoved } from './organizerReplies';

type GuildCommand = ChatInputCommandInteraction<'cached'>;

// The organizer's reply is deferred, so it can wait for a grant that is next in line before answering.
const organizerGrantWaitMs = 2500;

/** Discord glue of `/registration`: reads the options, runs the organizer tool, answers and writes the log entry. */
export class RegistrationHelpDesk {
	public async lookup(interaction: GuildCommand) {
		const { user, order, name } = criteria(interaction);
		const t = textsFor(replyLanguage(interaction), 'organizers');
		if (!user && !order && !name) return interaction.reply({ content: t('lookupNeedsCriteria'), flags: MessageFlags.Ephemeral });
		const share = interaction.options.getBoolean('share') ?? false;
		const content = formatLookup(container.organizerRegistrations.lookup({ userId: user?.id, order, name }), t);
		return interaction.reply({ content, allowedMentions: { parse: [] }, ...(share ? {} : { flags: MessageFlags.Ephemeral }) });
	}

	public async unlink(interaction: GuildCommand) {
		const { user, order, name } = criteria(interaction);
		const language = replyLanguage(interaction);
		const t = textsFor(language, 'organizers');
		if (!user && !order) return interaction.reply({ content: t('unlinkNeedsTarget'), flags: MessageFlags.Ephemeral });
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const reason = interaction.options.getString('reason', true);
		const removeRoles = interaction.options.getBoolean('remove_roles') ?? false;
		const result = container.organizerRegistrations.unlink({ userId: user?.id, order, name }, { actor: interaction.user.id, reason });
		// The tickets are already free: a role Discord refuses to remove is reported, not thrown, so the answer stays true.
		const notRemoved: RolesNotRemoved[] = [];
		if (removeRoles) {
			for (const [userId, roleIds] of result.rolesNoLongerGranted) {
				const holder = await interaction.guild.members.fetch(userId).catch(() => null);
				if (!holder || !roleIds.length) continue;
				try {
					// One DELETE per role, never a PATCH of the list from the cache, which could drop a role given a moment ago.
					for (const roleId of roleIds) await interaction.guild.members.removeRole({ user: userId, role: roleId, reason: `usher: ${interaction.user.username} unlinked the ticket` });
				} catch (error) {
					notRemoved.push({ userId, cause: failureCause(error, textsFor(language, 'common')) });
				}
			}
		}
		await interaction.editReply({ content: formatUnlink(result, removeRoles, notRemoved, t), allowedMentions: { parse: [] } });
		if (result.released.length) await postToLog(unlinkLogEntry(result, interaction.user.id, reason, removeRoles, notRemoved, publicTexts('log')), ChannelKeys.registrationLog);
	}

	public async register(interaction: GuildCommand) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const language = replyLanguage(interaction);
		const t = textsFor(language, 'organizers');
		const target = interaction.options.getMember('member');
		if (!target) return interaction.editReply({ content: t('notAMember') });
		const reason = interaction.options.getString('reason', true).trim();
		if (!reason) return interaction.editReply({ content: t('badManualInput') });
		const request = { userId: target.id, orderInput: interaction.options.getString('order', true), nameInput: interaction.options.getString('name', true) };
		const outcome = await container.registration.registerFor(request, { actor: interaction.user.id, reason });
		if (outcome.kind !== 'queued') return interaction.editReply({ content: formatManualRegistration(outcome, target.id, undefined, t), allowedMentions: { parse: [] } });
		// The same line as the form, with organizers first: the roles usually come within this answer.
		const answer = await container.registrationDesk.firstAnswer(target.id, organizerGrantWaitMs, (place, dueAt) => formatManualRegistration({ ...outcome, place }, target.id, dueAt, t), language);
		await interaction.editReply({ content: answer.content, allowedMentions: { parse: [] } });
		if (answer.granted) await container.registrationDesk.awaitRoles(interaction, target.id, answer.granted);
		return undefined;
	}
}

function criteria(interaction: GuildCommand) {
	return {
		user: interaction.options.getUser('member'),
		order: interaction.options.getString('order') ?? undefined,
		name: interaction.options.getString('name') ?? undefined
	};
}
