import { container } from '@sapphire/framework';
import { MessageFlags, Routes, type GuildMember, type Message, type ModalSubmitInteraction } from 'discord.js';
import { ChannelKeys } from '../discord/checkGuild';
import { FormMessagePublisher } from '../discord/FormMessagePublisher';
import { postToLog } from '../discord/logChannel';
import { resolveRoles } from '../discord/roles';
import { applyToMember, memberApplier } from './applyToMember';
import { ClaimRepair } from './ClaimRepair';
import { RegistrationIds } from './customIds';
import { offlineForm, onlineForm } from './form';
import { logEntryFor, repairLogEntry, replyFor } from './messages';
import { maskOrderCode } from './privacy';
import type { RepairOutcome } from './ClaimRepair';
import { attemptResults, type RegistrationOutcome } from './RegistrationFlow';
import type { GrantResult } from './RoleGrants';
import type { ReplyTarget } from './RoleQueue';

const formKey = 'registration.form';
const sorry = 'Something went wrong on our side and I could not finish. Nothing was lost: please try again in a minute.';
// Discord drops an interaction not acknowledged within 3 s; defer well before that.
const deferAfterMs = 1500;
// A queued answer leaves this much before the deferral, so it goes out as the reply itself.
const answerMarginMs = 200;
const slowPathGrantWaitMs = 1000;
// Edits later than this before the token dies are not tried: the request itself takes time.
const tokenMarginMs = 30_000;
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
		const started = Date.now();
		const work = this.process(interaction, started);
		// An index hit answers in one reply; only a slow path (pretix, a busy Discord) pays an extra call to defer in time.
		const quick = await Promise.race([work, sleep(deferAfterMs).then(() => null)]);
		let answer = quick;
		if (answer) await interaction.reply({ content: answer.content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		else {
			await interaction.deferReply({ flags: MessageFlags.Ephemeral });
			answer = await work;
			await interaction.editReply({ content: answer.content, allowedMentions: { parse: [] } });
		}
		if (answer.granted) await this.awaitRoles(interaction, answer.granted);
	}

	/** The member was told their place in line: the role worker updates this reply when their roles arrive. */
	private async awaitRoles(interaction: ModalSubmitInteraction, done: Promise<GrantResult>): Promise<void> {
		const { roleQueue, config } = container;
		const expiresAt = new Date(interaction.createdTimestamp + config.discord.interaction_token_minutes * 60_000);
		roleQueue.setReply(interaction.user.id, { applicationId: interaction.applicationId, token: interaction.token, expiresAt });
		// The grant may have finished between our answer and saving where to update it: then update it here.
		if (!roleQueue.get(interaction.user.id)) await this.updateReply({ applicationId: interaction.applicationId, token: interaction.token, expiresAt }, await done);
	}

	/** Runs one registration and returns the member's first answer; never throws, so the member always hears back. */
	private async process(interaction: ModalSubmitInteraction, started: number): Promise<{ content: string; granted?: Promise<GrantResult> }> {
		const orderInput = interaction.fields.getTextInputValue(RegistrationIds.orderField);
		const nameInput = interaction.fields.getTextInputValue(RegistrationIds.nameField);
		try {
			const userId = interaction.user.id;
			const outcome = await container.registration.register({ userId, orderInput, nameInput });
			container.logger.info(`registration ${outcome.kind}: user ${userId}, order ${maskOrderCode(orderInput)}`);
			if (outcome.kind !== 'queued') {
				container.metrics.registration(attemptResults[outcome.kind]);
				const entry = logEntryFor(outcome, userId);
				if (entry) void postToLog(entry, ChannelKeys.registrationLog);
				return { content: replyFor(outcome, { helpChannelId: this.helpChannelId() }) };
			}
			// With no line, the roles come within the same answer; otherwise the member hears their place at once.
			const done = container.roleGrants.whenDone(userId);
			const left = deferAfterMs - answerMarginMs - (Date.now() - started);
			// A slow lookup is deferred anyway, so a grant that is moments away may still be the first thing they read.
			const granted = await Promise.race([done, sleep(left > 0 ? left : slowPathGrantWaitMs).then(() => null)]);
			if (granted) return { content: this.finalReply(granted) };
			const place = container.roleQueue.placeOf(userId);
			if (place === null) return { content: this.finalReply(await done) };
			const etaSeconds = container.roleGrants.pace.etaSeconds(place);
			// `done` was asked for before the wait, so it resolves even if the grant finishes before the reply target is saved.
			return { content: replyFor({ ...outcome, place }, { helpChannelId: this.helpChannelId(), etaSeconds }), granted: done };
		} catch (error) {
			container.logger.error(`registration failed for user ${interaction.user.id}: ${error instanceof Error ? error.message : String(error)}`);
			return { content: sorry };
		}
	}

	/** A grant finished (in this process or after a restart): log it, count it, and update the member's reply while its token lives. */
	public async grantDone(result: GrantResult, reply: ReplyTarget | null, interrupted: boolean): Promise<void> {
		const outcome = outcomeOf(result);
		container.metrics.registration(attemptResults[outcome?.kind ?? 'discord-refused']);
		const entry = interrupted ? repairLogEntry(repairOutcomeOf(result)) : outcome && logEntryFor(outcome, result.job.userId);
		if (entry) void postToLog(entry, ChannelKeys.registrationLog);
		if (reply) await this.updateReply(reply, result);
	}

	private async updateReply(reply: ReplyTarget, result: GrantResult): Promise<void> {
		// A dead token is never tried: past its lifetime (with a margin for the request) the member sees the channels appear instead.
		if (reply.expiresAt.getTime() - Date.now() < tokenMarginMs) return;
		await container.client.rest
			.patch(Routes.webhookMessage(reply.applicationId, reply.token, '@original'), { body: { content: this.finalReply(result), allowed_mentions: { parse: [] } }, auth: false })
			.catch((error: unknown) => container.logger.warn(`Could not update a registration reply: ${error instanceof Error ? error.message : String(error)}`));
	}

	private finalReply(result: GrantResult): string {
		const outcome = outcomeOf(result);
		return outcome ? replyFor(outcome, { helpChannelId: this.helpChannelId() }) : sorry;
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

	/** Finishes or releases claims a crash left without roles (made before `before`, by an earlier run); resolves with how many. */
	public async repairInterrupted(before: Date): Promise<number> {
		const guild = container.guild!;
		const repair = new ClaimRepair({
			ledger: container.ledger,
			rolesFor: (tickets) => resolveRoles(guild, container.roleMapping.rolesFor(tickets)),
			memberOf: (userId) => memberApplier(guild, userId, 'usher: finishing a registration interrupted by a restart'),
			isQueued: (userId) => container.roleQueue.placeOf(userId) !== null,
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

/** What the member is told once the worker is done with them; nothing when they left the server. */
function outcomeOf(result: GrantResult): RegistrationOutcome | null {
	const { job } = result;
	if (result.kind === 'granted') return { kind: 'registered', tickets: job.tickets, roleNames: job.roleNames, nickname: job.nickname, nicknameSet: result.nicknameSet, again: job.again };
	if (result.kind === 'refused') return { kind: 'discord-refused', tickets: job.tickets, reason: result.reason, roleNames: job.roleNames };
	return null;
}

/** A grant an earlier process queued finishes a registration the restart interrupted. */
function repairOutcomeOf(result: GrantResult): RepairOutcome {
	const orderCodes = [...new Set(result.job.tickets.map((ticket) => ticket.orderCode))];
	const userId = result.job.userId;
	if (result.kind === 'granted') return { kind: 'reapplied', userId, orderCodes, roleNames: result.job.roleNames };
	if (result.kind === 'refused') return { kind: 'released', userId, orderCodes, why: 'discord-refused', detail: result.detail };
	return { kind: 'released', userId, orderCodes, why: 'left-server', detail: 'the member is not in the server' };
}
