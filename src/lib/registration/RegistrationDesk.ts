import { container } from '@sapphire/framework';
import { GuildMember, MessageFlags, type Message, type ModalSubmitInteraction } from 'discord.js';
import { ChannelKeys } from '../discord/checkGuild';
import { FormMessagePublisher } from '../discord/FormMessagePublisher';
import { postToLog } from '../discord/logChannel';
import { applyToMember } from './applyToMember';
import { RegistrationIds } from './customIds';
import { offlineForm, onlineForm } from './form';
import { logEntryFor, replyFor } from './messages';
import { maskOrderCode } from './privacy';

const formKey = 'registration.form';
const auditReason = 'usher: ticket registration';
const sorry = 'Something went wrong on our side and I could not finish. Nothing was lost: please try again in a minute.';

/** Discord-side glue of registration: the form message, a submitted form, and members who come back. */
export class RegistrationDesk {
	private readonly publisher = new FormMessagePublisher(container.kv, formKey, isFormMessage);

	public async showForm(online: boolean): Promise<void> {
		const channel = container.directory?.channel(ChannelKeys.registrationForm);
		if (!channel) return;
		const texts = { conferenceName: container.config.registration.conference_name, helpChannelId: this.helpChannelId() };
		await this.publisher.publish(channel, online ? onlineForm(texts) : offlineForm(texts));
	}

	public async submit(interaction: ModalSubmitInteraction): Promise<void> {
		// Acknowledge first: a lookup that misses the index goes to pretix and may take longer than Discord's 3 s.
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const orderInput = interaction.fields.getTextInputValue(RegistrationIds.orderField);
		const nameInput = interaction.fields.getTextInputValue(RegistrationIds.nameField);
		try {
			const member = interaction.member instanceof GuildMember ? interaction.member : await container.guild!.members.fetch(interaction.user.id);
			const outcome = await container.registration.register({
				userId: interaction.user.id,
				orderInput,
				nameInput,
				apply: (roleIds, nickname) => applyToMember(member, roleIds, nickname, auditReason)
			});
			container.logger.info(`registration ${outcome.kind}: user ${interaction.user.id}, order ${maskOrderCode(orderInput)}`);
			await interaction.editReply({ content: replyFor(outcome, { helpChannelId: this.helpChannelId() }), allowedMentions: { parse: [] } });
			const entry = logEntryFor(outcome, interaction.user.id);
			if (entry) await postToLog(entry, ChannelKeys.registrationLog);
		} catch (error) {
			container.logger.error(`registration failed for user ${interaction.user.id}: ${error instanceof Error ? error.message : String(error)}`);
			await interaction.editReply({ content: sorry, allowedMentions: { parse: [] } }).catch(() => undefined);
		}
	}

	/** A registered member who left and rejoined gets their roles and nickname back from the ledger. */
	public async restore(member: GuildMember): Promise<void> {
		const plan = container.ledger.restoreFor(member.id);
		if (!plan || !plan.roles.length) return;
		const roleIds = plan.roles.filter((id) => member.guild.roles.cache.has(id));
		const result = await applyToMember(member, roleIds, plan.nickname, 'usher: registered member rejoined');
		if (!result.ok) {
			await postToLog(`❌ <@${member.id}> rejoined and is registered, but Discord refused to restore their roles (${result.reason}).`, ChannelKeys.registrationLog);
			return;
		}
		container.ledger.recordRestore(member.id, plan, container.now());
		const names = roleIds.map((id) => member.guild.roles.cache.get(id)?.name ?? id).join(', ');
		await postToLog(`↩️ <@${member.id}> rejoined; restored their registration: ${names}.`, ChannelKeys.registrationLog);
	}

	private helpChannelId(): string | null {
		return container.directory?.channel(ChannelKeys.registrationHelp)?.id ?? null;
	}
}

function isFormMessage(message: Message): boolean {
	const hasButton = message.components.some((row) => JSON.stringify(row.toJSON()).includes(RegistrationIds.button));
	return hasButton || message.content.startsWith('## Welcome to');
}
