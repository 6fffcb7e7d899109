import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '#lib/config/ConfigError';
import { loadConfigFiles } from '#lib/config/loadConfig';
import type { FileConfig } from '#lib/config/schema';
import { itemsFromExport, ordersFromExport } from '#lib/pretix/exportFiles';
import { PretixError } from '#lib/pretix/errors';
import { PretixClient, pretixEventUrl } from '#lib/pretix/PretixClient';
import type { PretixItem, PretixOrder, SkipReport } from '#lib/pretix/schemas';
import { Catalog } from '#lib/registration/Catalog';
import { normalizeOrderCode } from '#lib/registration/normalize';
import { RoleMapping, type RoleMappingConfig } from '#lib/registration/RoleMapping';
import { TicketIndex } from '#lib/registration/TicketIndex';
import type { CliCommand } from './types';

const USAGE =
	'Usage: npm run cli -- tickets lookup --order CODE --name NAME [--orders orders.json --items items.json] [--config config/config.toml]';

/** What the tickets CLI needs from the bot's configuration: `[pretix]` and the role mapping. */
export interface TicketsConfig {
	pretix?: FileConfig['pretix'];
	roles: RoleMappingConfig;
}

/** Reads the bot's own configuration (config.toml with its .local.toml), validated exactly as the bot does. */
export function readTicketsConfig(file: string): TicketsConfig {
	const config = loadConfigFiles({ configFile: file });
	return { pretix: config.pretix, roles: config.registration.roles };
}

export interface TicketsCliDeps {
	env?: NodeJS.ProcessEnv;
	readConfig?: (file: string) => TicketsConfig;
	defaultConfigFile?: string;
}

class InputError extends Error {}

export function createTicketsCli(deps: TicketsCliDeps = {}): CliCommand {
	const env = deps.env ?? process.env;
	const readConfig = deps.readConfig ?? readTicketsConfig;
	const defaultConfigFile = deps.defaultConfigFile ?? 'config/config.toml';

	return async (argv, out, err) => {
		try {
			const { action, order, name, ordersFile, itemsFile, configFile } = parseCommand(argv);
			if (action !== 'lookup') throw new InputError(`Unknown action "${action}". ${USAGE}`);
			const config = loadConfig(configFile ?? defaultConfigFile, configFile !== undefined, readConfig);
			const orderCode = normalizeOrderCode(order);
			if (!orderCode) throw new InputError(`"${order}" is not an order code: use the 5+ letters and digits from the ticket, like ABC12 or #ABC12-1.`);
			const { items, orders, rejected } = ordersFile || itemsFile ? fromFiles(ordersFile, itemsFile) : { ...(await fromPretix(config, env, orderCode)), rejected: [] };
			const index = new TicketIndex();
			index.replaceAll(orders, Catalog.fromPretix(items));
			const tickets = index.lookup(order, name);
			const roles = new RoleMapping(config.roles).rolesFor(tickets);
			out(JSON.stringify({ order: orderCode, tickets, roles }, null, 2));
			// A record that fails validation is left out of the lookup: say so, or "no match" would hide it.
			for (const line of rejected) err(line);
			if (tickets.length === 0) {
				const miss = index.explainMiss(order, name);
				// The help desk needs the reason the member was given, e.g. order-pending or ticket-blocked.
				err(miss === 'unknown-order' || miss === 'unknown-name' ? 'No ticket matches this order code and name.' : `No usable ticket matches this order code and name: pretix has it as ${miss}.`);
				return 1;
			}
			return 0;
		} catch (error) {
			if (error instanceof InputError || error instanceof PretixError) {
				err(error.message);
				return 2;
			}
			throw error;
		}
	};
}

export const ticketsCli = createTicketsCli();

function parseCommand(argv: string[]) {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			strict: true,
			options: { order: { type: 'string' }, name: { type: 'string' }, orders: { type: 'string' }, items: { type: 'string' }, config: { type: 'string' } }
		});
	} catch (error) {
		throw new InputError(`${(error as Error).message}. ${USAGE}`);
	}
	const { values, positionals } = parsed;
	if (positionals.length !== 1 || !values.order || !values.name) throw new InputError(USAGE);
	return { action: positionals[0]!, order: values.order, name: values.name, ordersFile: values.orders, itemsFile: values.items, configFile: values.config };
}

function loadConfig(file: string, required: boolean, readConfig: (file: string) => TicketsConfig): TicketsConfig {
	if (!required && !existsSync(file)) return { roles: { items: {}, variations: {} } };
	try {
		return readConfig(file);
	} catch (error) {
		throw new InputError(error instanceof ConfigError ? error.message : `Cannot use config ${file}: ${(error as Error).message.split('\n')[0]}`);
	}
}

function readExport<T>(file: string, parse: (text: string) => T): T {
	try {
		return parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new InputError(`Cannot read ${file}: ${(error as Error).message}`);
	}
}

function fromFiles(ordersFile: string | undefined, itemsFile: string | undefined): { items: PretixItem[]; orders: PretixOrder[]; rejected: string[] } {
	if (!ordersFile || !itemsFile) throw new InputError('--orders and --items go together: export both /orders/ and /items/ from pretix.');
	const items = readExport(itemsFile, itemsFromExport);
	const orders = readExport(ordersFile, ordersFromExport);
	const rejectedOrders = orders.skipped.filter((report) => report.positionId === null);
	const rejectedPositions = orders.skipped.filter((report) => report.positionId !== null);
	const lines = [
		rejection(rejectedOrders, orders.orders.length + rejectedOrders.length, 'order', ordersFile),
		rejection(rejectedPositions, null, 'order position', ordersFile),
		rejection(items.skipped, items.items.length + items.skipped.length, 'item', itemsFile)
	];
	return { items: items.items, orders: orders.orders, rejected: lines.filter((line): line is string => line !== null) };
}

const REASONS_SHOWN = 3;

/** One line saying how many records a file lost to validation and why, first few reasons only. */
function rejection(reports: readonly SkipReport[], total: number | null, noun: string, file: string): string | null {
	if (reports.length === 0) return null;
	const reasons = reports.slice(0, REASONS_SHOWN).map((report) => {
		const where = [report.order, report.positionId === null ? null : `position ${report.positionId}`].filter(Boolean).join(' ');
		return where ? `${where}: ${report.reason}` : report.reason;
	});
	const more = reports.length > REASONS_SHOWN ? `; and ${reports.length - REASONS_SHOWN} more` : '';
	const count = total === null ? `${reports.length}` : `${reports.length} of ${total}`;
	const what = (total ?? reports.length) === 1 ? noun : `${noun}s`;
	return `Rejected ${count} ${what} in ${file} as invalid (not searched): ${reasons.join('; ')}${more}.`;
}

/** Asks pretix for just this order (and the catalog), the same single fetch the bot makes on a cache miss. */
async function fromPretix(config: TicketsConfig, env: NodeJS.ProcessEnv, orderCode: string): Promise<{ items: PretixItem[]; orders: PretixOrder[] }> {
	if (!config.pretix) throw new InputError('No [pretix] section in the config: add base_url, organizer and event, or pass --orders and --items.');
	const token = env.PRETIX_TOKEN;
	if (!token) throw new InputError('Set PRETIX_TOKEN in the environment to ask pretix, or pass --orders and --items.');
	const client = new PretixClient({
		baseUrl: pretixEventUrl(config.pretix.base_url, config.pretix.organizer, config.pretix.event),
		token,
		timeoutMs: config.pretix.timeout_seconds * 1000
	});
	const [{ items }, order] = await Promise.all([client.listItems(), client.getOrder(orderCode)]);
	return { items, orders: order ? [order] : [] };
}
