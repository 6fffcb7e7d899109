import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { englishOrganizerTexts, formatManualAccess, formatManualRegistration, manualRegistrationLogEntry } from './organizerReplies';
import { accessReply, englishLog, logEntryFor, rejoinLogEntry, repairLogEntry, replyFor, type MessageContext, type RepairOutcome } from './messages';
import type { RegistrationOutcome } from './RegistrationFlow';
import type { GrantResult } from './RoleGrants';
import type { RoleJob } from './RoleQueue';

// What a finished grant means, said to whoever asked for it: the member (form), the organizer (command), the log channel.

/** The outcome a finished grant gives the registration; null when the member left before their turn. */
export function outcomeOf(result: GrantResult): RegistrationOutcome | null {
	const { job } = result;
	if (result.kind === 'granted') return { kind: 'registered', tickets: job.tickets, roleNames: job.roleNames, nickname: job.nickname, nicknameSet: result.nicknameSet, again: job.again };
	if (result.kind === 'refused') return { kind: 'discord-refused', tickets: job.tickets, reason: result.reason, roleNames: job.roleNames };
	return null;
}

/** The reply the grant's requester sees in place of their "you are number N in line". */
export function grantReply(result: GrantResult, context: MessageContext): string {
	const outcome = outcomeOf(result);
	if (result.job.purpose === 'organizer') {
		const t = context.organizerT ?? englishOrganizerTexts();
		return outcome ? formatManualRegistration(outcome, result.job.userId, undefined, t) : t('leftServer', { member: `<@${result.job.userId}>` });
	}
	return outcome ? replyFor(outcome, context) : (context.t ?? textsFor(fallbackLanguage, 'registration'))('leftServer');
}

/**
 * The reply once the access role went ahead, for the member's own form or an organizer's command (rejoins and repairs
 * have no reply to update); null when there is nobody to tell.
 */
export function accessGrantReply(job: RoleJob, accessRoleId: string, restDueAt: Date, t?: Texts, organizerT?: Texts): string | null {
	const rest = job.roleNames.filter((_, index) => job.roleIds[index] !== accessRoleId);
	if (job.purpose === 'organizer') return formatManualAccess(job.userId, rest, Boolean(job.nickname), restDueAt, organizerT);
	if (job.purpose !== 'self') return null;
	return accessReply(job.tickets[0]?.attendeeName ?? '', rest, job.nickname, restDueAt, t);
}

/** The organizers' log entry for a finished grant; `interrupted` when an earlier process put it in line. `t`: log texts. */
export function grantLogEntry(result: GrantResult, interrupted: boolean, t: Texts = englishLog()): string | null {
	const { job } = result;
	switch (job.purpose) {
		case 'rejoin':
			return result.kind === 'left' ? null : rejoinLogEntry(job.userId, result.kind === 'granted' ? { restored: job.roleNames } : { refused: result.reason }, t);
		case 'organizer':
			if (result.kind === 'granted') return manualRegistrationLogEntry(job.tickets, job.roleNames, job.userId, job.requestedBy?.actor ?? 'usher', job.requestedBy?.reason ?? '', t);
			break;
		case 'repair':
			return repairLogEntry(repairOutcomeOf(result), t);
		case 'self':
			if (interrupted) return repairLogEntry(repairOutcomeOf(result), t);
	}
	const outcome = outcomeOf(result);
	return outcome && logEntryFor(outcome, job.userId, t);
}

/** A grant an earlier process queued finishes a registration the restart interrupted. */
function repairOutcomeOf(result: GrantResult): RepairOutcome {
	const orderCodes = [...new Set(result.job.tickets.map((ticket) => ticket.orderCode))];
	const userId = result.job.userId;
	if (result.kind === 'granted') return { kind: 'reapplied', userId, orderCodes, roleNames: result.job.roleNames };
	if (result.kind === 'refused') return { kind: 'released', userId, orderCodes, why: 'discord-refused', detail: result.detail };
	return { kind: 'released', userId, orderCodes, why: 'left-server' };
}
