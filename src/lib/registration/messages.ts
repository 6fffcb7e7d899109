import { time, TimestampStyles } from 'discord.js';
import { escapeText } from '#lib/discord/escape';
import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import type { RegistrationOutcome } from './RegistrationFlow';
import { ticketTypeLabel, type TicketRefusal, type TicketSummary } from './Ticket';

export interface MessageContext {
	helpChannelId: string | null;
	/** For a queued member: when their roles should arrive, from the pace Discord allows right now. */
	dueAt?: Date;
	/** The member's language (registration namespace); English when not given. */
	t?: Texts;
	/** For a hand registration, the organizer's language (organizers namespace); English when not given. */
	organizerT?: Texts;
}

const english = () => textsFor(fallbackLanguage, 'registration');
/** The log channel's texts in English: the default of the log entries here. */
export const englishLog = (): Texts => textsFor(fallbackLanguage, 'log');

/** "about 40 seconds", "about 2 minutes 15 seconds", "about 14 minutes": an honest wait, as precise as it can be. */
export function formatWait(seconds: number, t: Texts = english()): string {
	if (seconds < 55) return t('waitAbout', { span: t('waitSeconds', { count: Math.max(5, Math.ceil(seconds / 5) * 5) }) });
	if (seconds >= 600) return t('waitAbout', { span: t('waitMinutes', { count: Math.round(seconds / 60) }) });
	const quarters = Math.round(seconds / 15);
	const [minutes, rest] = [Math.floor(quarters / 4), (quarters % 4) * 15];
	const parts = { minutes: minutes ? t('waitMinutes', { count: minutes }) : '', seconds: rest ? t('waitSeconds', { count: rest }) : '' };
	return t('waitAbout', { span: parts.minutes && parts.seconds ? t('waitMinutesSeconds', parts) : parts.minutes || parts.seconds });
}

/** When something should happen, as Discord shows it in each member's client and language ("due in 6 minutes"), counting down live. */
export function formatDue(at: Date, t: Texts = english()): string {
	return t('due', { time: time(Math.round(at.getTime() / 1000), TimestampStyles.RelativeTime) });
}

const help = ({ helpChannelId }: MessageContext, t: Texts) => (helpChannelId ? `<#${helpChannelId}>` : t('help'));

/**
 * The access role arrived ahead of the rest: the member can go in now, and hears what still follows. `rest` lists the
 * roles still to come; `restDueAt` is when their nickname and those roles should arrive.
 */
export function accessReply(attendeeName: string, rest: readonly string[], nickname: string | null, restDueAt: Date, t: Texts = english()): string {
	const values = { nickname: escapeText(nickname ?? ''), roles: rest.map(escapeText).join(', '), due: formatDue(restDueAt, t) };
	const follow = nickname && rest.length ? 'accessNicknameAndRoles' : nickname ? 'accessNickname' : rest.length ? 'accessRoles' : null;
	return `${t('accessWelcome', { name: escapeText(attendeeName) })}${follow ? `\n${t(follow, values)}` : ''}`;
}

/** What the member sees (ephemeral), written for a tired attendee at 8:45 in the morning. */
export function replyFor(outcome: RegistrationOutcome, context: MessageContext): string {
	const t = context.t ?? english();
	const values = { help: help(context, t) };
	switch (outcome.kind) {
		case 'queued': {
			const head = outcome.again ? t('queuedAgain') : t('queuedHead', { name: escapeText(outcome.tickets[0]!.attendeeName) });
			const wait = context.dueAt ? formatDue(context.dueAt, t) : formatWait(outcome.place, t);
			return `${head}\n${t('queuedBody', { place: outcome.place, wait })}`;
		}
		case 'registered': {
			const roles = outcome.roleNames.map(escapeText).join(', ');
			const nick = outcome.nickname && outcome.nicknameSet ? `\n${t('registeredNickname', { nickname: escapeText(outcome.nickname) })}` : '';
			const unnamed = outcome.nickname && !outcome.nicknameSet ? `\n${t('registeredUnnamed')}` : '';
			const head = outcome.again ? t('registeredAgain') : t('registeredHead', { name: escapeText(outcome.tickets[0]!.attendeeName) });
			return `${head}\n${t('registeredRoles', { roles })}${nick}${unnamed}`;
		}
		case 'bad-order-code':
			return t('badOrderCode', values);
		case 'bad-name':
			return t('badName', values);
		case 'rate-limited':
			return t('rateLimited', { ...values, time: time(outcome.retryAt, TimestampStyles.RelativeTime) });
		case 'in-flight':
			return t('inFlight');
		case 'unknown-ticket':
			return t('unknownTicket', { ...values, orderCode: outcome.orderCode });
		case 'wrong-name':
			return t('wrongName', { ...values, orderCode: outcome.orderCode });
		case 'not-usable':
			return t(refusalKeys[outcome.refusal], { ...values, orderCode: outcome.orderCode });
		case 'no-roles':
			return t('noRoles', { ...values, ticketTypes: ticketTypes(outcome.tickets) });
		case 'held-by-other':
			return t('heldByOther', values);
		case 'roles-missing':
		case 'discord-refused':
			return t('serverSetting', values);
		case 'pretix-unavailable':
			return t('pretixUnavailable');
		case 'storage-unavailable':
			return t('storageUnavailable', values);
	}
}

/** The true reason pretix gives for a ticket that matches the member's order code and name but cannot be registered. */
const refusalKeys: Record<TicketRefusal, string> = {
	'order-pending': 'orderPending',
	'order-awaiting-approval': 'orderAwaitingApproval',
	'order-expired': 'orderExpired',
	'order-canceled': 'orderCanceled',
	'ticket-canceled': 'ticketCanceled',
	'ticket-blocked': 'ticketBlocked',
	'test-mode': 'testMode'
};

/** What organizers see in the log channel: enough to help, with names escaped so nothing renders or pings. `t`: log texts. */
export function logEntryFor(outcome: RegistrationOutcome, userId: string, t: Texts = englishLog()): string | null {
	const member = `<@${userId}>`;
	switch (outcome.kind) {
		case 'registered': {
			const [first] = outcome.tickets;
			const values = { member, name: escapeText(first!.attendeeName), orderCode: first!.orderCode, ticketTypes: ticketTypes(outcome.tickets), roles: outcome.roleNames.map(escapeText).join(', ') };
			return `${t(outcome.again ? 'reRegistered' : 'registered', values)}${outcome.nickname && !outcome.nicknameSet ? ` ${t('nicknameNotChanged')}` : ''}`;
		}
		case 'held-by-other':
			return t('heldByOther', { member, orderCode: outcome.tickets[0]!.orderCode, name: escapeText(outcome.tickets[0]!.attendeeName), holder: `<@${outcome.holderId}>` });
		case 'discord-refused':
			return t('discordRefused', { member, orderCode: outcome.tickets[0]!.orderCode, roles: outcome.roleNames.map(escapeText).join(', '), reason: outcome.reason });
		case 'roles-missing':
			return t('rolesMissing', { member, orderCode: outcome.tickets[0]!.orderCode, roles: outcome.unresolved.map(escapeText).join(', ') });
		case 'not-usable':
			// Only a block needs an organizer to act (lift it or explain it); every other reason the member is told directly.
			return outcome.refusal === 'ticket-blocked' ? t('ticketBlocked', { member, orderCode: outcome.orderCode }) : null;
		case 'no-roles':
			return t('noRoles', { member, ticketTypes: ticketTypes(outcome.tickets) });
		case 'pretix-unavailable':
			return t('pretixUnavailable', { member, orderCode: outcome.orderCode });
		case 'storage-unavailable':
			return t('storageUnavailable', { member, detail: escapeText(outcome.detail) });
		default:
			// Wrong codes and names are the user's to fix; rate-limited tries are counted in metrics, not posted.
			return null;
	}
}

function ticketTypes(tickets: readonly Pick<TicketSummary, 'itemName' | 'variationName'>[]): string {
	const types = tickets.map((t) => escapeText(ticketTypeLabel(t)));
	return [...new Set(types)].join(', ');
}

/** What organizers see when a registered member came back: their roles restored, or why Discord refused. */
export function rejoinLogEntry(userId: string, result: { restored: readonly string[] } | { refused: string }, t: Texts = englishLog()): string {
	if ('refused' in result) return t('rejoinRefused', { member: `<@${userId}>`, reason: escapeText(result.refused) });
	return t('rejoined', { member: `<@${userId}>`, roles: result.restored.map(escapeText).join(', ') });
}

/** A registration a restart interrupted between the claim and the roles, finished or undone. */
export type RepairOutcome =
	| { kind: 'reapplied'; userId: string; orderCodes: string[]; roleNames: string[] }
	| { kind: 'released'; userId: string; orderCodes: string[]; why: 'left-server' }
	/** `unresolved`: the mapped roles the server lacks; none when the ticket type maps no role at all. */
	| { kind: 'released'; userId: string; orderCodes: string[]; why: 'no-roles'; unresolved: string[] }
	| { kind: 'released'; userId: string; orderCodes: string[]; why: 'discord-refused'; detail: string };

/** What organizers see after a restart finished or undid a registration that a crash interrupted. */
export function repairLogEntry(outcome: RepairOutcome, t: Texts = englishLog()): string {
	const values = { member: `<@${outcome.userId}>`, orders: outcome.orderCodes.join(', ') };
	switch (outcome.kind) {
		case 'reapplied':
			return t('repairFinished', { ...values, roles: outcome.roleNames.map(escapeText).join(', ') });
		case 'released':
			return t('repairReleased', { ...values, detail: releasedDetail(outcome, t) });
	}
}

/** Why an interrupted registration was undone, in the log's language; Discord's own words stay as Discord sent them. */
function releasedDetail(outcome: Extract<RepairOutcome, { kind: 'released' }>, t: Texts): string {
	switch (outcome.why) {
		case 'left-server':
			return t('repairLeftServer');
		case 'no-roles':
			return outcome.unresolved.length ? t('repairRolesMissing', { roles: outcome.unresolved.map(escapeText).join(', ') }) : t('repairNoRoles');
		case 'discord-refused':
			return escapeText(outcome.detail);
	}
}
