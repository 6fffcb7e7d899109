import { time, TimestampStyles } from 'discord.js';
import { escapeText } from '#lib/discord/escape';
import type { RegistrationOutcome } from './RegistrationFlow';
import { ticketTypeLabel, type TicketRefusal, type TicketSummary } from './Ticket';

export interface MessageContext {
	helpChannelId: string | null;
	/** For a queued member: when their roles should arrive, from the pace Discord allows right now. */
	dueAt?: Date;
}

/** "about 40 seconds", "about 2 minutes 15 seconds", "about 14 minutes": an honest wait, as precise as it can be. */
export function formatWait(seconds: number): string {
	if (seconds < 55) return `about ${Math.max(5, Math.ceil(seconds / 5) * 5)} seconds`;
	const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
	if (seconds >= 600) return `about ${plural(Math.round(seconds / 60), 'minute')}`;
	const quarters = Math.round(seconds / 15);
	const [minutes, rest] = [Math.floor(quarters / 4), (quarters % 4) * 15];
	return `about ${[minutes ? plural(minutes, 'minute') : '', rest ? `${rest} seconds` : ''].filter(Boolean).join(' ')}`;
}

/** When something should happen, as Discord shows it in each member's client and language ("due in 6 minutes"), counting down live. */
export function formatDue(at: Date): string {
	return `due ${time(Math.round(at.getTime() / 1000), TimestampStyles.RelativeTime)}`;
}

const help = ({ helpChannelId }: MessageContext) => (helpChannelId ? `<#${helpChannelId}>` : 'the help channel');

/**
 * The access role arrived ahead of the rest: the member can go in now, and hears what still follows. `rest` lists the
 * roles still to come; `restDueAt` is when their nickname and those roles should arrive.
 */
export function accessReply(attendeeName: string, rest: readonly string[], nickname: string | null, restDueAt: Date): string {
	const follow = followInTurn(nickname ? `Your badge nickname **${escapeText(nickname)}**` : '', rest.length ? `${nickname ? 'your' : 'Your'} other roles (${rest.map(escapeText).join(', ')})` : '');
	return `✅ Welcome, ${escapeText(attendeeName)}! You are in: the conference channels are open to you now.${follow ? `\n${follow}, ${formatDue(restDueAt)}; this message updates then.` : ''}`;
}

/** "The nickname and the roles follow in turn", with the verb agreeing (the nickname alone "follows"); '' when both are ''. */
export function followInTurn(nickname: string, roles: string): string {
	const still = [nickname, roles].filter(Boolean);
	return still.length ? `${still.join(' and ')} ${roles ? 'follow' : 'follows'} in turn` : '';
}

/** What the member sees (ephemeral), written for a tired attendee at 8:45 in the morning. */
export function replyFor(outcome: RegistrationOutcome, context: MessageContext): string {
	switch (outcome.kind) {
		case 'queued': {
			const head = outcome.again ? '✅ You are registered already: your roles are on their way again.' : `✅ Your ticket is confirmed, ${escapeText(outcome.tickets[0]!.attendeeName)}!`;
			const wait = context.dueAt ? formatDue(context.dueAt) : formatWait(outcome.place);
			return `${head}\nDiscord lets a bot update about 10 members every 10 seconds, so roles come in turn: you are number ${outcome.place} in line, ${wait}. This message updates when your roles arrive, and the conference channels then appear.`;
		}
		case 'registered': {
			const roles = outcome.roleNames.map(escapeText).join(', ');
			const nick = outcome.nickname && outcome.nicknameSet ? `\nYour nickname is now **${escapeText(outcome.nickname)}**, your virtual badge.` : '';
			const unnamed = outcome.nickname && !outcome.nicknameSet ? '\nI could not change your nickname (Discord does not let bots rename the server owner or admins).' : '';
			const head = outcome.again ? '✅ You were already registered: your roles are back in place.' : `✅ Welcome, ${escapeText(outcome.tickets[0]!.attendeeName)}! You are registered.`;
			return `${head}\nYour roles: ${roles}.${nick}${unnamed}`;
		}
		case 'bad-order-code':
			return `That order code does not look right. It has 5 or more letters and digits, like \`ABC12\`; a ticket id like \`#ABC12-1\` works too. You find it on your ticket and in your confirmation email. Need a hand? Ask in ${help(context)}.`;
		case 'bad-name':
			return `Please enter your name as it is printed on your ticket, like \`Jane Doe\`. Need a hand? Ask in ${help(context)}.`;
		case 'rate-limited':
			return `That was a few tries too many. Please wait and try again ${time(outcome.retryAt, TimestampStyles.RelativeTime)}, or ask in ${help(context)} and we will sort it out with you.`;
		case 'in-flight':
			return `I am still checking your previous try. Please wait a moment for my answer to it; there is no need to send the form again.`;
		case 'unknown-ticket':
			return `I cannot find an order with the code \`${outcome.orderCode}\`. Please check the code on your ticket. If you bought your ticket in the last few minutes, try again shortly. Need a hand? Ask in ${help(context)}.`;
		case 'wrong-name':
			return `I found order \`${outcome.orderCode}\`, but no ticket in it with that name. Please type the name exactly as it is printed on the ticket (the order of first and last name does not matter). Need a hand? Ask in ${help(context)}.`;
		case 'not-usable':
			return refusalReply(outcome.orderCode, outcome.refusal, context);
		case 'no-roles':
			return `Your ticket (${ticketTypes(outcome.tickets)}) does not include access to the conference channels. If you think it should, ask in ${help(context)}.`;
		case 'held-by-other':
			return `This ticket is already linked to another Discord account. If that was not you, or you want to move it to this account, an organizer can help in ${help(context)}.`;
		case 'roles-missing':
		case 'discord-refused':
			return `Your ticket is fine, but I could not give you your roles because of a server setting on our side. The organizers have been told; please ask in ${help(context)} and we will finish it by hand.`;
		case 'pretix-unavailable':
			return `I could not check your ticket just now because the ticket system is not answering. Nothing was lost: please try again in a few minutes.`;
		case 'storage-unavailable':
			return `I cannot save registrations right now, so I have not changed anything on your account. The organizers have been told; please try again in a few minutes or ask in ${help(context)}.`;
	}
}

/** What organizers see in the log channel: enough to help, with names escaped so nothing renders or pings. */
export function logEntryFor(outcome: RegistrationOutcome, userId: string): string | null {
	const who = `<@${userId}>`;
	switch (outcome.kind) {
		case 'registered':
			return `✅ ${who} ${outcome.again ? 're-registered' : 'registered'} as **${escapeText(outcome.tickets[0]!.attendeeName)}** (order ${outcome.tickets[0]!.orderCode}: ${ticketTypes(outcome.tickets)}) → ${outcome.roleNames.map(escapeText).join(', ')}${outcome.nickname && !outcome.nicknameSet ? ' (nickname not changed: owner or admin)' : ''}`;
		case 'held-by-other':
			return `⚠️ ${who} tried to register order ${outcome.tickets[0]!.orderCode} (${escapeText(outcome.tickets[0]!.attendeeName)}), already held by <@${outcome.holderId}>. Use /registration lookup and /registration unlink if it should move.`;
		case 'discord-refused':
			return `❌ ${who} has a valid ticket (order ${outcome.tickets[0]!.orderCode}) but Discord refused the roles ${outcome.roleNames.map(escapeText).join(', ')} (${outcome.reason}). Fix: move the bot's role above these roles and above the member's highest role, or give the roles by hand; then /registration register.`;
		case 'roles-missing':
			return `❌ ${who} has a valid ticket (order ${outcome.tickets[0]!.orderCode}) but these mapped roles do not exist: ${outcome.unresolved.map(escapeText).join(', ')}. Fix [registration.roles] in the config or create the roles.`;
		case 'not-usable':
			// Only a block needs an organizer to act (lift it or explain it); every other reason the member is told directly.
			return outcome.refusal === 'ticket-blocked' ? `ℹ️ ${who} tried to register a ticket of order ${outcome.orderCode} that is blocked in pretix; they were sent to the help channel.` : null;
		case 'no-roles':
			return `ℹ️ ${who} has only tickets without mapped roles: ${ticketTypes(outcome.tickets)}.`;
		case 'pretix-unavailable':
			return `⚠️ pretix did not answer while ${who} tried to register (order ${outcome.orderCode}); they were asked to try again.`;
		case 'storage-unavailable':
			return `❌ ${who} could not register: the bot cannot write to its database (${escapeText(outcome.detail)}). Registrations are refused until it can: check the data volume (read-only? full?).`;
		default:
			// Wrong codes and names are the user's to fix; rate-limited tries are counted in metrics, not posted.
			return null;
	}
}

/** The true reason pretix gives for a ticket that matches the member's order code and name but cannot be registered. */
function refusalReply(orderCode: string, refusal: TicketRefusal, context: MessageContext): string {
	const order = `\`${orderCode}\``;
	switch (refusal) {
		case 'order-pending':
			return `I found your ticket in order ${order}, but the order is not paid yet, so I cannot register it. Please try again once your payment has arrived (a bank transfer can take a few days). Need a hand? Ask in ${help(context)}.`;
		case 'order-awaiting-approval':
			return `I found your ticket in order ${order}, but the order is still waiting for approval by the organizers, so I cannot register it yet. Please try again once it is approved and paid. Need a hand? Ask in ${help(context)}.`;
		case 'order-expired':
			return `I found your ticket in order ${order}, but the order expired before it was paid, so it holds no valid ticket. If you think this is a mistake, please ask in ${help(context)}.`;
		case 'order-canceled':
			return `I found your ticket in order ${order}, but the order has been cancelled, so I cannot register it. If you think this is a mistake, please ask in ${help(context)}.`;
		case 'ticket-canceled':
			return `I found your ticket in order ${order}, but that ticket has been cancelled, so I cannot register it. If you think this is a mistake, please ask in ${help(context)}.`;
		case 'ticket-blocked':
			return `I found your ticket in order ${order}, but it is blocked in our ticket system, so I cannot register it. Please ask in ${help(context)}; an organizer can look into it with you.`;
		case 'test-mode':
			return `Order ${order} was made in the ticket shop's test mode, so it is not a real ticket and cannot be registered. Please use the order code of your real ticket. Need a hand? Ask in ${help(context)}.`;
	}
}

function ticketTypes(tickets: readonly Pick<TicketSummary, 'itemName' | 'variationName'>[]): string {
	const types = tickets.map((t) => escapeText(ticketTypeLabel(t)));
	return [...new Set(types)].join(', ');
}

/** What organizers see when a registered member came back: their roles restored, or why Discord refused. */
export function rejoinLogEntry(userId: string, result: { restored: readonly string[] } | { refused: string }): string {
	if ('refused' in result) return `❌ <@${userId}> rejoined and is registered, but Discord refused to restore their roles (${escapeText(result.refused)}).`;
	return `↩️ <@${userId}> rejoined; restored their registration: ${result.restored.map(escapeText).join(', ')}.`;
}

/** A registration a restart interrupted between the claim and the roles, finished or undone. */
export type RepairOutcome =
	| { kind: 'reapplied'; userId: string; orderCodes: string[]; roleNames: string[] }
	| { kind: 'released'; userId: string; orderCodes: string[]; why: 'left-server' | 'no-roles' | 'discord-refused'; detail: string };

/** What organizers see after a restart finished or undid a registration that a crash interrupted. */
export function repairLogEntry(outcome: RepairOutcome): string {
	const who = `<@${outcome.userId}>`;
	const orders = outcome.orderCodes.join(', ');
	switch (outcome.kind) {
		case 'reapplied':
			return `🔧 ${who}'s registration (order ${orders}) was interrupted by a restart; finished it: ${outcome.roleNames.map(escapeText).join(', ')}.`;
		case 'released':
			return `🔧 ${who}'s registration (order ${orders}) was interrupted by a restart and could not be finished (${escapeText(outcome.detail)}); the ticket is free again.`;
	}
}
