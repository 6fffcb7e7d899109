// A sandbox scenario: one step a line, read like what people do in the guild. A line starting with `#` is a comment.
//   join <user> | leave <user> | rejoin <user>
//   register <user> <order code> <name as on the ticket…>
//   register@<locale> …                  the same from a Discord client in that language (register@de, register@ja, register@ko)
//   command <user> <name> [subcommand] [option=value …]
//   wait <n>s | <n>ms
//   expect <#channel|@user> <text…>      waits (up to 15 s) until a channel message or the user's last reply contains the text
//   ask <user> <#room-channel> <text…>   /ask in the room's newest open Q&A thread (waits up to 15 s for it to open)
//   vote <user> <#room-channel> <n>      👍 on the n-th question asked in that thread (1 = the first; waits up to 15 s for it)
//   qa-top <user> <#room-channel>        /qa top in that thread: the chair's ranked list, in the user's last reply
import { parseQaId } from '#lib/qa/qaIds';
import { Locale } from 'discord.js';
import type { DiscordStandIn, InteractionResult, MessageView, UserRef } from '../standins/discord';
import type { ThreadView } from '../standins/discord/threadsApi';
import { register } from '../e2e/support/registration';

export type Step =
	| { kind: 'join' | 'leave' | 'rejoin'; user: string; line: number }
	| { kind: 'register'; user: string; order: string; name: string; locale?: Locale; line: number }
	| { kind: 'command'; user: string; name: string; subcommand?: string; options: Record<string, string>; line: number }
	| { kind: 'wait'; ms: number; line: number }
	| { kind: 'expect'; target: string; text: string; line: number }
	| { kind: 'ask'; user: string; room: string; question: string; line: number }
	| { kind: 'vote'; user: string; room: string; question: number; line: number }
	| { kind: 'qa-top'; user: string; room: string; line: number };

export class ScenarioError extends Error {}

export function parseScenario(text: string): Step[] {
	const steps: Step[] = [];
	text.split('\n').forEach((raw, index) => {
		const line = index + 1;
		if (raw.trim().startsWith('#')) return;
		const words = raw.trim().split(/\s+/).filter(Boolean);
		if (!words.length) return;
		const [word, ...rest] = words as [string, ...string[]];
		const [verb, locale] = word.split('@', 2) as [string, string | undefined];
		if (locale !== undefined && (verb !== 'register' || !(Object.values(Locale) as string[]).includes(locale)))
			throw new ScenarioError(`line ${line}: ${word}: only register takes @<locale>, a Discord locale such as de, ja or pt-BR`);
		const need = (count: number, usage: string) => {
			if (rest.length < count) throw new ScenarioError(`line ${line}: ${verb} needs ${usage}`);
		};
		// Q&A steps name the room channel as people see it; its thread is found when the step plays.
		const room = (word: string) => {
			if (!/^#[^#\s]+$/.test(word)) throw new ScenarioError(`line ${line}: ${verb}: "${word}" is not a channel; name the room channel like #forum-hall`);
			return word.slice(1);
		};
		switch (verb) {
			case 'join':
			case 'leave':
			case 'rejoin':
				need(1, 'a user name');
				steps.push({ kind: verb, user: rest[0]!, line });
				break;
			case 'register':
				need(3, '<user> <order code> <name>');
				steps.push({ kind: 'register', user: rest[0]!, order: rest[1]!, name: rest.slice(2).join(' '), ...(locale ? { locale: locale as Locale } : {}), line });
				break;
			case 'command': {
				need(2, '<user> <command name>');
				const [user, name, ...tail] = rest as [string, string, ...string[]];
				const subcommand = tail[0] && !tail[0].includes('=') ? tail.shift() : undefined;
				const options = Object.fromEntries(tail.map((pair) => pair.split('=', 2) as [string, string]));
				steps.push({ kind: 'command', user, name, subcommand, options, line });
				break;
			}
			case 'wait': {
				const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(rest[0] ?? '');
				if (!match) throw new ScenarioError(`line ${line}: wait needs a duration like 2s or 500ms`);
				steps.push({ kind: 'wait', ms: Number(match[1]) * (match[2] === 's' ? 1000 : 1), line });
				break;
			}
			case 'expect':
				need(2, '<#channel|@user> <text>');
				steps.push({ kind: 'expect', target: rest[0]!, text: rest.slice(1).join(' '), line });
				break;
			case 'ask':
				need(3, '<user> <#room-channel> <question>');
				steps.push({ kind: 'ask', user: rest[0]!, room: room(rest[1]!), question: rest.slice(2).join(' '), line });
				break;
			case 'vote': {
				need(3, '<user> <#room-channel> <question number>');
				if (!/^[1-9]\d*$/.test(rest[2]!)) throw new ScenarioError(`line ${line}: vote needs the question's number, 1 for the first asked in the thread, not "${rest[2]}"`);
				steps.push({ kind: 'vote', user: rest[0]!, room: room(rest[1]!), question: Number(rest[2]), line });
				break;
			}
			case 'qa-top':
				need(2, '<user> <#room-channel>');
				steps.push({ kind: 'qa-top', user: rest[0]!, room: room(rest[1]!), line });
				break;
			default:
				throw new ScenarioError(`line ${line}: unknown step "${verb}" (join, leave, rejoin, register, command, wait, expect, ask, vote, qa-top)`);
		}
	});
	return steps;
}

/** Plays the steps against the stand-in; `say` narrates what the scripted people do. */
export async function playScenario(discord: DiscordStandIn, steps: Step[], say: (line: string) => void): Promise<void> {
	const lastReply = new Map<string, InteractionResult>();
	const userRef = (name: string): UserRef => discord.user(name);
	for (const step of steps) {
		switch (step.kind) {
			case 'join':
				discord.addMember({ username: step.user });
				break;
			case 'leave':
				discord.removeMember(step.user);
				break;
			case 'rejoin':
				discord.rejoin(step.user);
				break;
			case 'register':
				if (step.locale) discord.setLocale(step.user, step.locale);
				say(`▶ @${step.user}${step.locale ? ` (Discord in ${step.locale})` : ''} clicks Register and enters ${step.order} / ${step.name}`);
				lastReply.set(step.user, await register(discord, userRef(step.user), step.order, step.name));
				break;
			case 'command': {
				const options: Record<string, string | boolean> = {};
				for (const [key, value] of Object.entries(step.options)) options[key] = value === 'true' ? true : value === 'false' ? false : value;
				say(`▶ @${step.user} runs /${step.name}${step.subcommand ? ` ${step.subcommand}` : ''}`);
				lastReply.set(step.user, await discord.runCommand(userRef(step.user), step.name, { subcommand: step.subcommand, options }));
				break;
			}
			case 'wait':
				await new Promise((resolve) => setTimeout(resolve, step.ms));
				break;
			case 'expect':
				await expectText(discord, step, lastReply);
				break;
			case 'ask': {
				const thread = await openQaThread(discord, step);
				say(`▶ @${step.user} runs /ask in #${step.room} › ${thread.name}`);
				lastReply.set(step.user, await discord.runCommand(userRef(step.user), 'ask', { options: { question: step.question }, channel: thread.id }));
				break;
			}
			case 'vote': {
				const thread = await openQaThread(discord, step);
				const { message, voteId } = await nthQuestion(discord, thread, step);
				say(`▶ @${step.user} presses 👍 on question ${step.question} in #${step.room} › ${thread.name}`);
				lastReply.set(step.user, await discord.clickButton(userRef(step.user), message, voteId));
				break;
			}
			case 'qa-top': {
				const thread = await openQaThread(discord, step);
				say(`▶ @${step.user} runs /qa top in #${step.room} › ${thread.name}`);
				lastReply.set(step.user, await discord.runCommand(userRef(step.user), 'qa', { subcommand: 'top', channel: thread.id }));
				break;
			}
		}
	}
}

type QaStep = Extract<Step, { kind: 'ask' | 'vote' | 'qa-top' }>;

/** Polls every 50 ms until `found` gives something, or throws `failure` after 15 s. */
async function waitFor<T>(found: () => T | undefined, failure: () => string): Promise<T> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const value = found();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new ScenarioError(failure());
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** The bot's buttons of a Q&A `kind` on a message of its own. */
function qaButtons(discord: DiscordStandIn, message: MessageView, kind: 'ask' | 'vote'): string[] {
	if (message.authorId !== discord.botUser.id) return [];
	const buttons = message.components.flatMap((row) => (row.components ?? []) as Array<{ custom_id?: string }>);
	return buttons.map((button) => button.custom_id ?? '').filter((customId) => parseQaId(customId)?.kind === kind);
}

/** The room's newest open Q&A thread: one the bot started that shows its ask buttons (the last thing the bot posts there before it takes questions). */
function openQaThread(discord: DiscordStandIn, step: QaStep): Promise<ThreadView> {
	if (!discord.channels().some((channel) => channel.name === step.room)) throw new ScenarioError(`line ${step.line}: there is no channel #${step.room}`);
	const open = (thread: ThreadView) =>
		thread.ownerId === discord.botUser.id && !thread.archived && discord.messagesInThread(thread.id).some((message) => qaButtons(discord, message, 'ask').length > 0);
	return waitFor(
		() => discord.threadsIn(step.room).filter(open).at(-1),
		() => `line ${step.line}: no open Q&A thread in #${step.room} within 15 s (one opens with a session's room post, when [qa] is on)`
	);
}

/** The step's n-th question in the thread, in the order asked, with its 👍 button. */
function nthQuestion(discord: DiscordStandIn, thread: ThreadView, step: Extract<Step, { kind: 'vote' }>): Promise<{ message: MessageView; voteId: string }> {
	const questions = () => discord.messagesInThread(thread.id).flatMap((message) => qaButtons(discord, message, 'vote').map((voteId) => ({ message, voteId })));
	return waitFor(
		() => questions()[step.question - 1],
		() => `line ${step.line}: #${step.room} › ${thread.name} has ${questions().length} question(s) after 15 s, so no question ${step.question} to vote on`
	);
}

async function expectText(discord: DiscordStandIn, step: Extract<Step, { kind: 'expect' }>, lastReply: Map<string, InteractionResult>): Promise<void> {
	const seen = () => {
		if (step.target.startsWith('@')) {
			const reply = lastReply.get(step.target.slice(1));
			return [reply?.content ?? '', ...(reply?.embeds ?? []).map((embed) => JSON.stringify(embed))].some((text) => text.includes(step.text));
		}
		return discord.messagesIn(step.target.replace(/^#/, '')).some((message) => `${message.content} ${JSON.stringify(message.embeds)}`.includes(step.text));
	};
	await waitFor(
		() => (seen() ? true : undefined),
		() => `line ${step.line}: expected ${step.target} to show "${step.text}" within 15 s`
	);
}
