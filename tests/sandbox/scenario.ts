// A sandbox scenario: one step a line, read like what people do in the guild. A line starting with `#` is a comment.
//   join <user> | leave <user> | rejoin <user>
//   register <user> <order code> <name as on the ticket…>
//   register@<locale> …                  the same from a Discord client in that language (register@de, register@ja, register@ko)
//   command <user> <name> [subcommand] [option=value …]
//   wait <n>s | <n>ms
//   expect <#channel|@user> <text…>      waits (up to 15 s) until a channel message or the user's last reply contains the text
import { Locale } from 'discord.js';
import type { DiscordStandIn, InteractionResult, UserRef } from '../standins/discord';
import { register } from '../e2e/support/registration';

export type Step =
	| { kind: 'join' | 'leave' | 'rejoin'; user: string; line: number }
	| { kind: 'register'; user: string; order: string; name: string; locale?: Locale; line: number }
	| { kind: 'command'; user: string; name: string; subcommand?: string; options: Record<string, string>; line: number }
	| { kind: 'wait'; ms: number; line: number }
	| { kind: 'expect'; target: string; text: string; line: number };

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
			default:
				throw new ScenarioError(`line ${line}: unknown step "${verb}" (join, leave, rejoin, register, command, wait, expect)`);
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
		}
	}
}

async function expectText(discord: DiscordStandIn, step: Extract<Step, { kind: 'expect' }>, lastReply: Map<string, InteractionResult>): Promise<void> {
	const deadline = Date.now() + 15_000;
	const seen = () => {
		if (step.target.startsWith('@')) {
			const reply = lastReply.get(step.target.slice(1));
			return [reply?.content ?? '', ...(reply?.embeds ?? []).map((embed) => JSON.stringify(embed))].some((text) => text.includes(step.text));
		}
		return discord.messagesIn(step.target.replace(/^#/, '')).some((message) => `${message.content} ${JSON.stringify(message.embeds)}`.includes(step.text));
	};
	while (!seen()) {
		if (Date.now() > deadline) throw new ScenarioError(`line ${step.line}: expected ${step.target} to show "${step.text}" within 15 s`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
