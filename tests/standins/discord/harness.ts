import { Client, Events, GatewayIntentBits, type ClientOptions, type Interaction } from 'discord.js';
import { DiscordStandIn, type DiscordStandInOptions } from './DiscordStandIn';

export type InteractionHandler = (interaction: Interaction) => Promise<unknown>;

/** A stand-in plus a logged-in discord.js client whose interaction handling each test swaps in. */
export interface Harness {
	discord: DiscordStandIn;
	client: Client;
	onInteraction(handler: InteractionHandler): void;
	/** Errors thrown by handlers, so a test can assert the bot saw none (or the expected one). */
	handlerErrors: Error[];
	stop(): Promise<void>;
}

export const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * Options for a plain discord.js client pointed at the stand-in. The scheduled-tasks plugin used by src/ augments
 * ClientOptions with a required `tasks`, which a client without Sapphire never reads.
 */
export function clientOptions(discord: DiscordStandIn, extra: Partial<ClientOptions> & { offset?: number } = {}): ClientOptions {
	const { offset, ...rest } = extra;
	return { intents, ...rest, rest: { api: discord.restUrl, ...(offset === undefined ? {} : { offset }) } } as ClientOptions;
}

export async function startHarness(options: DiscordStandInOptions = {}): Promise<Harness> {
	const discord = await DiscordStandIn.start(options);
	// No extra rate-limit offset, so timing assertions measure the stand-in's Retry-After alone.
	const client = new Client(clientOptions(discord, { offset: 0 }));
	let handler: InteractionHandler = async () => undefined;
	const handlerErrors: Error[] = [];
	client.on(Events.InteractionCreate, (interaction) => {
		handler(interaction).catch((error: Error) => handlerErrors.push(error));
	});
	const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
	await client.login(discord.token);
	await ready;
	return {
		discord,
		client,
		handlerErrors,
		onInteraction: (next) => {
			handler = next;
		},
		stop: async () => {
			await client.destroy();
			await discord.close();
		}
	};
}

/** Registers guild commands the way Sapphire's BulkOverwrite does. */
export async function registerCommands(harness: Harness, commands: Record<string, unknown>[]): Promise<void> {
	await harness.client.application!.commands.set(commands as never, harness.discord.guild.id);
}
