import { container } from '@sapphire/framework';
import { DiscordAPIError, GuildMember, MessageFlags, RESTJSONErrorCodes, type Message, type ModalSubmitInteraction } from 'discord.js';
import { ChannelKeys } from '../discord/checkGuild';
import { FormMessagePublisher } from '../discord/FormMessagePublisher';
import { postToLog } from '../discord/logChannel';
import { resolveRoles } from '../discord/roles';
import { applyToMember } from './applyToMember';
import { ClaimRepair } from './ClaimRepair';
import { RegistrationIds } from './customIds';
import { offlineForm, onlineForm } from './form';
import { logEntryFor, repairLogEntry, replyFor } from './messages';
import { maskOrderCode } from './privacy';
import { attemptResults } from './RegistrationFlow';

const formKey = 'registration.form';
const auditReason = 'usher: ticket registration';
const sorry = 'Something went wrong on our side and I could not finish. Nothing was lost: please try again in a minute.';
// Discord drops an interaction not acknowledged within 3 s; defer well before that.
const deferAfterMs = 1500;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
		const work = this.process(interaction);
		// An index hit answers in one reply; only a slow path (pretix, a busy Discord) pays an extra call to defer in time.
		const quick = await Promise.race([work, sleep(deferAfterMs).then(() => null)]);
		if (quick !== null) {
			await interaction.reply({ content: quick, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
			return;
		}
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await interaction.editReply({ content: await work, allowedMentions: { parse: [] } });
	}

	/** Runs one registration and returns the member's answer; never throws, so the member always hears back. */
	private async process(interaction: ModalSubmitInteraction): Promise<string> {
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
			container.metrics.registration(attemptResults[outcome.kind]);
			const entry = logEntryFor(outcome, interaction.user.id);
			if (entry) void postToLog(entry, ChannelKeys.registrationLog);
			return replyFor(outcome, { helpChannelId: this.helpChannelId() });
		} catch (error) {
			container.logger.error(`registration failed for user ${interaction.user.id}: ${error instanceof Error ? error.message : String(error)}`);
			return sorry;
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

	/** Finishes or releases claims that a crash left without roles (claims made before `before`, i.e. by an earlier run). */
	/** Finishes or releases claims a crash cut short before `before`; resolves with how many. */
	public async repairInterrupted(before: Date): Promise<number> {
		const guild = container.guild!;
		const repair = new ClaimRepair({
			ledger: container.ledger,
			rolesFor: (tickets) => resolveRoles(guild, container.roleMapping.rolesFor(tickets)),
			memberOf: async (userId) => {
				const member = await guild.members.fetch(userId).catch((error: unknown) => {
					if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMember) return null;
					throw error;
				});
				return member && ((roleIds, nickname) => applyToMember(member, roleIds, nickname, 'usher: finishing a registration interrupted by a restart'));
			},
			now: container.now
		});
		const outcomes = await repair.repair(before);
		for (const outcome of outcomes) {
			container.logger.info(`registration repair ${outcome.kind}: user ${outcome.userId}, orders ${outcome.orderCodes.map(maskOrderCode).join(', ')}`);
			await postToLog(repairLogEntry(outcome), ChannelKeys.registrationLog);
		}
		return outcomes.length;
	}

	private helpChannelId(): string | null {
		return container.directory?.channel(ChannelKeys.registrationHelp)?.id ?? null;
	}
}

function isFormMessage(message: Message): boolean {
	const hasButton = message.components.some((row) => JSON.stringify(row.toJSON()).includes(RegistrationIds.button));
	return hasButton || message.content.startsWith('## Welcome to');
}
