import { escapeLine } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import { plural } from '#lib/statistics/text';
import type { Registration } from './ClaimLedger';
import { formatDue, formatWait } from './messages';
import type { LookupResult, UnlinkResult } from './OrganizerRegistrations';
import type { RegistrationOutcome } from './RegistrationFlow';
import { ticketTypeLabel, type TicketSummary } from './Ticket';

// Texts of the organizer registration commands. Organizers see attendee names (they run the help desk); user text is escaped.

export const notInServerReply = 'Organizer commands work only inside the conference server. Please run this there.';
export const registrationDisabledReply = 'Registration is turned off in this bot’s config, so there are no tickets to look up or change.';
export const lookupNeedsCriteria = 'Tell me what to look for: pick a member, or type an order code or a name.';
export const unlinkNeedsTarget = 'Tell me what to free: pick a member, or type an order code (and a name to pick one person in a group order).';

const when = (date: Date): string => `<t:${Math.floor(date.getTime() / 1000)}:f>`;

function registrationLine(registration: Registration): string {
	const how = registration.source === 'organizer' ? `by an organizer${registration.reason ? ` (${escapeLine(registration.reason)})` : ''}` : 'by themselves';
	return `• \`${registration.orderCode}-${registration.positionId}\` ${escapeLine(ticketTypeLabel(registration))} · ${escapeLine(registration.attendeeName)} → <@${registration.userId}>, ${when(registration.registeredAt)} ${how}`;
}

export function formatLookup(result: LookupResult): string {
	const { registrations, order } = result;
	const orderNote = order && !order.known ? `pretix has no valid ticket in order \`${order.code}\` (unknown, unpaid or cancelled).` : null;
	if (registrations.length === 0) {
		const head = order?.known ? `Nobody has registered a ticket of order \`${order.code}\` yet.` : 'No registered ticket matches that.';
		return [head, orderNote].filter(Boolean).join('\n');
	}
	const head = [`**${plural(registrations.length, 'registered ticket', 'registered tickets')}**`, ...(orderNote ? [orderNote] : [])];
	return fitLines(head, registrations, registrationLine, (rest) => `…and ${plural(rest.length, 'more ticket', 'more tickets')}: narrow the search.`);
}

/** A member whose roles `/registration unlink remove_roles` could not take away, and why. */
export interface RolesNotRemoved {
	userId: string;
	cause: string;
}

export function formatUnlink(result: UnlinkResult, rolesRemoved: boolean, notRemoved: readonly RolesNotRemoved[] = []): string {
	if (result.released.length === 0) return 'No registered ticket matches that, so nothing was freed.';
	const accounts = [...result.rolesNoLongerGranted.keys()].map((userId) => `<@${userId}>`).join(', ');
	const failed = notRemoved.map(({ userId, cause }) => `<@${userId}> (${cause})`).join(', ');
	const roles = !rolesRemoved
		? ' Their roles stay; run again with `remove_roles` to take them away.'
		: failed
			? ` But I could not remove the roles of ${failed}: take them away by hand, or run this again.`
			: ' I also removed the roles those tickets gave.';
	return `Freed ${plural(result.released.length, 'ticket', 'tickets')} from ${accounts}: they can now be registered again.${roles}`;
}

export function unlinkLogEntry(result: UnlinkResult, actorId: string, reason: string, rolesRemoved: boolean, notRemoved: readonly RolesNotRemoved[] = []): string {
	const tickets = result.released.map((registration) => `\`${registration.orderCode}-${registration.positionId}\``).join(', ');
	const accounts = [...result.rolesNoLongerGranted.keys()].map((userId) => `<@${userId}>`).join(', ');
	const roles = !rolesRemoved ? '' : notRemoved.length ? ` (their roles could not be removed from ${notRemoved.map(({ userId }) => `<@${userId}>`).join(', ')})` : ' and removed their roles';
	return `🔓 <@${actorId}> freed ${tickets} from ${accounts}${roles}. Reason: ${escapeLine(reason)}`;
}

/** The organizer's answer to `/registration register`; for a member in line, `dueAt` is when their roles should arrive. */
export function formatManualRegistration(outcome: RegistrationOutcome, userId: string, dueAt?: Date): string {
	switch (outcome.kind) {
		case 'registered':
			return outcome.again
				? `<@${userId}> already held these tickets; I re-applied their roles: ${outcome.roleNames.map(escapeLine).join(', ')}.`
				: `Registered <@${userId}> for ${plural(outcome.tickets.length, 'ticket', 'tickets')} and gave them: ${outcome.roleNames.map(escapeLine).join(', ')}.`;
		case 'queued':
			return `Registered <@${userId}> for ${plural(outcome.tickets.length, 'ticket', 'tickets')}. Discord paces role changes, so their roles (${outcome.roleNames.map(escapeLine).join(', ')}) come in turn: number ${outcome.place} in line, ${dueAt ? formatDue(dueAt) : formatWait(outcome.place)}. This message updates when they arrive.`;
		case 'bad-order-code':
		case 'bad-name':
			return badManualInput;
		case 'unknown-ticket':
		case 'not-usable':
			return `pretix has no valid ticket in order \`${outcome.orderCode}\` (unknown, unpaid or cancelled).`;
		case 'wrong-name':
			return `Order \`${outcome.orderCode}\` has no valid ticket with that name. Check the spelling against pretix.`;
		case 'held-by-other':
			return `That ticket is already linked to <@${outcome.holderId}>. Free it first with \`/registration unlink\` if it should move.`;
		case 'roles-missing':
			return `The roles for this ticket are missing on the server: ${outcome.unresolved.map(escapeLine).join(', ')}. Fix the role mapping or create the roles, then try again.`;
		case 'no-roles':
			return 'This ticket type gives no role, so there is nothing to register.';
		case 'discord-refused':
			return `Discord refused to change that member (${outcome.reason}); nothing was registered. Check that the bot’s role is above the ticket roles.`;
		case 'pretix-unavailable':
			return 'pretix is not answering right now, and this order is not in my copy. Please try again in a minute.';
		case 'storage-unavailable':
			return `I cannot write to my database right now (${escapeLine(outcome.detail)}), so nothing was registered. Check the data volume, then try again.`;
		case 'rate-limited':
		case 'in-flight':
			// Organizers have no attempt limit; answered anyway, so a change there cannot leave them without a reply.
			return 'Another registration for this member is still running. Please try again in a moment.';
	}
}

/** An empty or malformed order code, name or reason. */
export const badManualInput = 'That order code, name or reason is empty or malformed. Order codes look like `ABC12`.';

export function manualRegistrationLogEntry(tickets: readonly TicketSummary[], roleNames: readonly string[], userId: string, actorId: string, reason: string): string {
	const ids = tickets.map((ticket) => `\`${ticket.orderCode}-${ticket.positionId}\``).join(', ');
	return `🛠️ <@${actorId}> registered <@${userId}> by hand for ${ids} (${roleNames.map(escapeLine).join(', ')}). Reason: ${escapeLine(reason)}`;
}
