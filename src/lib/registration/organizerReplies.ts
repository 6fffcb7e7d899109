import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import type { Registration } from './ClaimLedger';
import { englishLog, formatDue, formatWait } from './messages';
import type { LookupResult, UnlinkResult } from './OrganizerRegistrations';
import type { RegistrationOutcome } from './RegistrationFlow';
import { ticketTypeLabel, type TicketSummary } from './Ticket';

// Texts of the organizer registration commands, in the organizer's language (`t`: organizers texts; English when not
// given). Organizers see attendee names (they run the help desk); user text is escaped.

/** The organizers texts in English: the default of every text function here. */
export const englishOrganizerTexts = (): Texts => textsFor(fallbackLanguage, 'organizers');

/** The registration texts of the same language (waits and due times), through the organizers texts' namespace prefix. */
const registrationTextsOf = (t: Texts): Texts => (key, values) => t(`registration:${key}`, values);

const when = (date: Date): string => `<t:${Math.floor(date.getTime() / 1000)}:f>`;

function registrationLine(registration: Registration, t: Texts): string {
	const how = registration.source === 'organizer' ? (registration.reason ? t('byOrganizerBecause', { reason: escapeLine(registration.reason) }) : t('byOrganizer')) : t('byThemselves');
	return `• \`${registration.orderCode}-${registration.positionId}\` ${escapeLine(ticketTypeLabel(registration))} · ${escapeLine(registration.attendeeName)} → <@${registration.userId}>, ${when(registration.registeredAt)} ${how}`;
}

export function formatLookup(result: LookupResult, t: Texts = englishOrganizerTexts()): string {
	const { registrations, order } = result;
	const orderNote = order && !order.known ? t('noValidTicket', { orderCode: order.code }) : null;
	if (registrations.length === 0) {
		const head = order?.known ? t('nobodyInOrder', { orderCode: order.code }) : t('noMatch');
		return [head, orderNote].filter(Boolean).join('\n');
	}
	const head = [`**${t('registeredTickets', { count: registrations.length })}**`, ...(orderNote ? [orderNote] : [])];
	return fitLines(head, registrations, (registration) => registrationLine(registration, t), (rest) => t('moreTickets', { count: rest.length }));
}

/** A member whose roles `/registration unlink remove_roles` could not take away, and why. */
export interface RolesNotRemoved {
	userId: string;
	cause: string;
}

export function formatUnlink(result: UnlinkResult, rolesRemoved: boolean, notRemoved: readonly RolesNotRemoved[] = [], t: Texts = englishOrganizerTexts()): string {
	if (result.released.length === 0) return t('nothingFreed');
	const accounts = [...result.rolesNoLongerGranted.keys()].map((userId) => `<@${userId}>`).join(', ');
	const failed = notRemoved.map(({ userId, cause }) => `<@${userId}> (${cause})`).join(', ');
	const roles = !rolesRemoved ? t('rolesStay') : failed ? t('rolesNotRemoved', { failed }) : t('rolesRemoved');
	return `${t('freed', { tickets: t('tickets', { count: result.released.length }), accounts })} ${roles}`;
}

/** The log channel's entry for `/registration unlink` (`t`: log texts). */
export function unlinkLogEntry(result: UnlinkResult, actorId: string, reason: string, rolesRemoved: boolean, notRemoved: readonly RolesNotRemoved[] = [], t: Texts = englishLog()): string {
	const tickets = result.released.map((registration) => `\`${registration.orderCode}-${registration.positionId}\``).join(', ');
	const accounts = [...result.rolesNoLongerGranted.keys()].map((userId) => `<@${userId}>`).join(', ');
	const values = { actor: `<@${actorId}>`, tickets, accounts, reason: escapeLine(reason), failed: notRemoved.map(({ userId }) => `<@${userId}>`).join(', ') };
	return t(!rolesRemoved ? 'unlinked' : notRemoved.length ? 'unlinkedRolesNotRemoved' : 'unlinkedRolesRemoved', values);
}

/** The organizer's answer to `/registration register`; for a member in line, `dueAt` is when their roles should arrive. */
export function formatManualRegistration(outcome: RegistrationOutcome, userId: string, dueAt?: Date, t: Texts = englishOrganizerTexts()): string {
	const member = `<@${userId}>`;
	switch (outcome.kind) {
		case 'registered': {
			const roles = outcome.roleNames.map(escapeLine).join(', ');
			return outcome.again ? t('reapplied', { member, roles }) : t('registered', { member, tickets: t('tickets', { count: outcome.tickets.length }), roles });
		}
		case 'queued': {
			const wait = dueAt ? formatDue(dueAt, registrationTextsOf(t)) : formatWait(outcome.place, registrationTextsOf(t));
			return t('queued', { member, tickets: t('tickets', { count: outcome.tickets.length }), roles: outcome.roleNames.map(escapeLine).join(', '), place: outcome.place, wait });
		}
		case 'bad-order-code':
		case 'bad-name':
			return t('badManualInput');
		case 'unknown-ticket':
		case 'not-usable':
			return t('noValidTicket', { orderCode: outcome.orderCode });
		case 'wrong-name':
			return t('wrongName', { orderCode: outcome.orderCode });
		case 'held-by-other':
			return t('heldByOther', { holder: `<@${outcome.holderId}>` });
		case 'roles-missing':
			return t('rolesMissing', { roles: outcome.unresolved.map(escapeLine).join(', ') });
		case 'no-roles':
			return t('noRoles');
		case 'discord-refused':
			return t('discordRefused', { reason: outcome.reason });
		case 'pretix-unavailable':
			return t('pretixUnavailable');
		case 'storage-unavailable':
			return t('storageUnavailable', { detail: escapeLine(outcome.detail) });
		case 'rate-limited':
		case 'in-flight':
			// Organizers have no attempt limit; answered anyway, so a change there cannot leave them without a reply.
			return t('stillRunning');
	}
}

/** The organizer's answer once the access role went ahead of the rest of a hand registration. */
export function formatManualAccess(userId: string, rest: readonly string[], nickname: boolean, restDueAt: Date, t: Texts = englishOrganizerTexts()): string {
	const values = { member: `<@${userId}>`, roles: rest.map(escapeLine).join(', '), due: formatDue(restDueAt, registrationTextsOf(t)) };
	return t(nickname && rest.length ? 'accessNowNicknameAndRoles' : nickname ? 'accessNowNickname' : rest.length ? 'accessNowRoles' : 'accessNow', values);
}

/** The log channel's entry for a hand registration whose roles arrived (`t`: log texts). */
export function manualRegistrationLogEntry(tickets: readonly TicketSummary[], roleNames: readonly string[], userId: string, actorId: string, reason: string, t: Texts = englishLog()): string {
	const ids = tickets.map((ticket) => `\`${ticket.orderCode}-${ticket.positionId}\``).join(', ');
	return t('registeredByHand', { actor: `<@${actorId}>`, member: `<@${userId}>`, tickets: ids, roles: roleNames.map(escapeLine).join(', '), reason: escapeLine(reason) });
}
