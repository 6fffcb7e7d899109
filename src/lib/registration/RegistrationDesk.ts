import { container } from '@sapphire/framework';
import { MessageFlags, Routes, type ChatInputCommandInteraction, type GuildMember, type Message, type ModalSubmitInteraction } from 'discord.js';
import { ChannelKeys } from '#lib/discord/checkGuild';
import { FormMessagePublisher } from '#lib/discord/FormMessagePublisher';
import { postToLog } from '#lib/discord/logChannel';
import { RegistrationIds } from './customIds';
import { offlineForm, onlineForm, opensLikeForm } from './form';
import { accessGrantReply, grantLogEntry, grantReply, outcomeOf } from './grantMessages';
import { logEntryFor, repairLogEntry, replyFor } from './messages';
import { maskOrderCode } from './privacy';
import { attemptResults } from './RegistrationFlow';
import type { GrantResult } from './RoleGrants';
import type { ReplyTarget, RoleJob } from './RoleQueue';
import { errorText } from '#lib/errorText';
import { chooseLanguage, languageFor, type Language } from '#lib/i18n/language';
import { publicTexts } from '#lib/i18n/replyTexts';
import { textsFor, type Texts } from '#lib/i18n/texts';

const formKey = 'registration.form';
// Discord drops an interaction not acknowledged within 3 s; defer well before that.
const deferAfterMs = 1500;
// A queued answer leaves this much before the deferral, so it goes out as the reply itself.
const answerMarginMs = 200;
const slowPathGrantWaitMs = 1000;
// Edits later than this before the token dies are not tried: the request itself takes time.
const tokenMarginMs = 30_000;
/** `promise`'s value, or null once `ms` pass first; the timer never outlives the answer. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const configuredLanguage = (): string => container.config.bot.language;
/** The texts of public posts: `[bot] language`, and `[bot] second_language` below it when it is another language usher has. */
function publicLanguages(): { t: Texts; second?: Texts } {
	const first = chooseLanguage({}, configuredLanguage());
	const second = languageFor(container.config.bot.second_language);
	return { t: textsFor(first, 'registration'), ...(second && second !== first ? { second: textsFor(second, 'registration') } : {}) };
}
const dueIn = (seconds: number) => new Date(Date.now() + seconds * 1000);

/** The first answer for a registration in line: the final one if the roles came in time, else the place (and a promise of the rest). */
export interface FirstAnswer {
	content: string;
	granted?: Promise<GrantResult>;
}

/** Discord-side glue of registration: the form message, a submitted form, members who come back, and the replies the role queue updates. */
export class RegistrationDesk {
	private readonly publisher = new FormMessagePublisher(container.kv, formKey, isFormMessage);
	// The language of each member waiting for their roles, for the later updates; after a restart they get the configured one.
	private readonly waitingLanguages = new Map<string, Language>();

	public async showForm(online: boolean): Promise<void> {
		const channel = container.directory?.channel(ChannelKeys.registrationForm);
		if (!channel) return;
		const texts = { conferenceName: container.config.registration.conference_name, helpChannelId: this.helpChannelId(), ...publicLanguages() };
		await this.publisher.publish(channel, online ? onlineForm(texts) : offlineForm(texts));
	}

	public async submit(interaction: ModalSubmitInteraction): Promise<void> {
		const started = Date.now();
		const language = chooseLanguage(interaction, configuredLanguage());
		const work = this.process(interaction, started, language);
		// An index hit answers in one reply; only a slow path (pretix, a busy Discord) pays an extra call to defer in time.
		const quick = await within(work, deferAfterMs);
		let answer = quick;
		if (answer) await interaction.reply({ content: answer.content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
		else {
			await interaction.deferReply({ flags: MessageFlags.Ephemeral });
			answer = await work;
			await interaction.editReply({ content: answer.content, allowedMentions: { parse: [] } });
		}
		if (answer.granted) await this.awaitRoles(interaction, interaction.user.id, answer.granted);
	}

	/**
	 * For a registration just put in line: waits up to `waitMs` for the roles (an empty line gives them at once), else
	 * answers with the place and an honest wait, and hands back the grant so the reply can be updated. `language`: that of
	 * whoever reads the reply (the member, or the organizer who registered them), kept for its later updates.
	 */
	public async firstAnswer(userId: string, waitMs: number, placeText: (place: number, dueAt: Date) => string, language: Language): Promise<FirstAnswer> {
		this.waitingLanguages.set(userId, language);
		// Asked for before the wait, so it resolves even if the grant finishes before the reply target is saved.
		const done = container.roleGrants.whenDone(userId);
		const granted = await within(done, waitMs);
		if (granted) return { content: this.finalReply(granted, language) };
		const place = container.roleQueue.placeOf(userId);
		if (place === null) return { content: this.finalReply(await done, language) };
		return { content: placeText(place, dueIn(container.roleGrants.etaSeconds(place))), granted: done };
	}

	/** The requester was told a place in line: the role worker updates this reply when `userId`'s roles arrive. */
	public async awaitRoles(interaction: ModalSubmitInteraction | ChatInputCommandInteraction, userId: string, done: Promise<GrantResult>): Promise<void> {
		const { roleQueue, config } = container;
		const target = { applicationId: interaction.applicationId, token: interaction.token, expiresAt: new Date(interaction.createdTimestamp + config.discord.interaction_token_minutes * 60_000) };
		roleQueue.setReply(userId, target);
		// The grant may have finished (or the access role gone ahead) between our answer and saving where to update it.
		const waiting = roleQueue.get(userId);
		if (!waiting) await this.updateReply(target, await done);
		else if (waiting.job.accessGivenAt) await this.accessGiven(waiting.job, target);
	}

	/** The access role went ahead of the member PATCH: the requester hears they can go in, and what still follows. */
	public async accessGiven(job: RoleJob, reply: ReplyTarget | null): Promise<void> {
		const { roleGrants, roleQueue } = container;
		const accessRoleId = roleGrants.accessRoleId();
		const content = reply && accessRoleId && accessGrantReply(job, accessRoleId, dueIn(roleGrants.pace.etaSeconds(roleQueue.placeOf(job.userId) ?? 1)), this.textsOf(job.userId), this.textsOf(job.userId, 'organizers'));
		if (content) await this.editReply(reply, content);
	}

	/** Runs one registration and returns the member's first answer; never throws, so the member always hears back. */
	private async process(interaction: ModalSubmitInteraction, started: number, language: Language): Promise<FirstAnswer> {
		const t = textsFor(language, 'registration');
		const orderInput = interaction.fields.getTextInputValue(RegistrationIds.orderField);
		const nameInput = interaction.fields.getTextInputValue(RegistrationIds.nameField);
		try {
			const userId = interaction.user.id;
			const outcome = await container.registration.register({ userId, orderInput, nameInput });
			container.logger.info(`registration ${outcome.kind}: user ${userId}, order ${maskOrderCode(orderInput)}`);
			if (outcome.kind !== 'queued') {
				container.metrics.registration(attemptResults[outcome.kind]);
				const entry = logEntryFor(outcome, userId, publicTexts('log'));
				if (entry) void postToLog(entry, ChannelKeys.registrationLog);
				return { content: replyFor(outcome, { helpChannelId: this.helpChannelId(), t }) };
			}
			// With no line the roles come within the same answer; otherwise the member hears their place at once. A slow
			// lookup is deferred anyway, so a grant that is moments away may still be the first thing they read.
			const left = deferAfterMs - answerMarginMs - (Date.now() - started);
			return await this.firstAnswer(userId, left > 0 ? left : slowPathGrantWaitMs, (place, dueAt) => replyFor({ ...outcome, place }, { helpChannelId: this.helpChannelId(), dueAt, t }), language);
		} catch (error) {
			container.logger.error(`registration failed for user ${interaction.user.id}: ${errorText(error)}`);
			return { content: t('failed') };
		}
	}

	/** A grant finished (in this process or after a restart): log it, count it, and update the requester's reply while its token lives. */
	public async grantDone(result: GrantResult, reply: ReplyTarget | null, interrupted: boolean): Promise<void> {
		const { purpose } = result.job;
		// Members' own registrations are what the registration metrics count; organizers' fixes and rejoins are not attempts.
		if (purpose === 'self' || purpose === 'repair') container.metrics.registration(attemptResults[outcomeOf(result)?.kind ?? 'discord-refused']);
		const entry = grantLogEntry(result, interrupted, publicTexts('log'));
		if (entry) void postToLog(entry, ChannelKeys.registrationLog);
		if (reply) await this.updateReply(reply, result);
		this.waitingLanguages.delete(result.job.userId);
	}

	private updateReply(reply: ReplyTarget, result: GrantResult): Promise<void> {
		return this.editReply(reply, this.finalReply(result));
	}

	private async editReply(reply: ReplyTarget, content: string): Promise<void> {
		// A dead token is never tried: past its lifetime (with a margin for the request) the member sees the channels appear instead.
		if (reply.expiresAt.getTime() - Date.now() < tokenMarginMs) return;
		await container.client.rest
			.patch(Routes.webhookMessage(reply.applicationId, reply.token, '@original'), { body: { content, allowed_mentions: { parse: [] } }, auth: false })
			.catch((error: unknown) => container.logger.warn(`Could not update a registration reply: ${errorText(error)}`));
	}

	/** `language`: the reader's, when known here; the grant may be done (and its language forgotten) before this first answer. */
	private finalReply(result: GrantResult, language?: Language): string {
		const { userId } = result.job;
		return grantReply(result, { helpChannelId: this.helpChannelId(), t: this.textsOf(userId, 'registration', language), organizerT: this.textsOf(userId, 'organizers', language) });
	}

	/** Texts in the language of whoever reads `userId`'s reply (the member, or the organizer who registered them), else the configured one. */
	private textsOf(userId: string, namespace = 'registration', language = this.waitingLanguages.get(userId)): Texts {
		return textsFor(language ?? chooseLanguage({}, configuredLanguage()), namespace);
	}

	/** A registered member who left and rejoined gets their roles and nickname back from the ledger, in line with everyone else. */
	public restore(member: GuildMember): void {
		const place = container.registration.restore(member.id, (roleId) => member.guild.roles.cache.get(roleId)?.name);
		if (place !== null) container.logger.info(`registration rejoin: user ${member.id} is number ${place} in line for their roles`);
	}

	/** Claims a crash left without roles (made before `before`, by an earlier run) go back in line; resolves with how many. */
	public async repairInterrupted(before: Date): Promise<number> {
		const { queued, released } = container.registration.resumeInterrupted(before);
		for (const outcome of released) {
			container.logger.info(`registration repair ${outcome.kind}: user ${outcome.userId}, orders ${outcome.orderCodes.map(maskOrderCode).join(', ')}`);
			await postToLog(repairLogEntry(outcome, publicTexts('log')), ChannelKeys.registrationLog);
		}
		return queued + released.length;
	}

	private helpChannelId(): string | null {
		return container.directory?.channel(ChannelKeys.registrationHelp)?.id ?? null;
	}
}

function isFormMessage(message: Message): boolean {
	const hasButton = message.components.some((row) => JSON.stringify(row.toJSON()).includes(RegistrationIds.button));
	return hasButton || opensLikeForm(message.content, container.config.registration.conference_name);
}
