import TOML from '@iarna/toml';
import { parse as parseDotenv } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './ConfigError';
import { configSchema, type BotConfig, type FileConfig, type Secrets } from './schema';

export interface LoadConfigOptions {
	/** Folder that holds `config/` and `.secrets`; defaults to the working directory. */
	rootDir?: string;
	/** Main config file; defaults to `config/config.toml`. The `.local.toml` beside it overrides it. */
	configFile?: string;
	env?: NodeJS.ProcessEnv;
}

type Table = Record<string, unknown>;

/** Reads config.toml, deep-merges config.local.toml over it, validates, and adds secrets from env or `.secrets`. */
export function loadConfig(options: LoadConfigOptions = {}): BotConfig {
	const config = loadConfigFiles(options);
	return { ...config, secrets: readSecrets(config, options.rootDir ?? process.cwd(), options.env ?? process.env) };
}

/** The configuration files alone, validated, without secrets: what the help-desk CLIs need. */
export function loadConfigFiles(options: LoadConfigOptions = {}): FileConfig & { sources: string[] } {
	const rootDir = options.rootDir ?? process.cwd();
	const mainFile = options.configFile ?? join(rootDir, 'config', 'config.toml');
	const env = options.env ?? process.env;
	// USHER_CONFIG names the local file instead (a container's mounted file, a bench's per-run settings).
	const localFile = env.USHER_CONFIG ? resolve(rootDir, env.USHER_CONFIG) : mainFile.replace(/\.toml$/, '.local.toml');
	// Paths inside the project read as config/config.toml; others stay as given.
	const display = (file: string) => {
		const inside = relative(rootDir, file);
		return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
	};

	if (!existsSync(mainFile)) throw new ConfigError(`Config error: ${display(mainFile)} not found.`);
	const provenance = new Map<string, string>();
	let merged: Table = {};
	const sources: string[] = [];
	for (const file of [mainFile, localFile]) {
		if (file !== mainFile && !existsSync(file)) continue;
		merged = mergeTables(merged, readToml(file, display(file)), display(file), provenance, []);
		sources.push(display(file));
	}
	if (env.USHER_CONFIG && !existsSync(localFile)) throw new ConfigError(`Config error: ${display(localFile)} (USHER_CONFIG) not found.`);
	// Where the services are (as compose, the sandbox and the benches set them) wins over the files.
	for (const [name, path] of environmentOverrides) {
		const value = env[name]?.trim();
		if (value) merged = mergeTables(merged, nest(path, value), `the ${name} environment variable`, provenance, []);
	}

	const result = configSchema.safeParse(merged);
	if (!result.success) throw new ConfigError(describeIssues(result.error.issues, merged, provenance, display(mainFile)));
	return { ...result.data, sources };
}

/** Environment variables that override one config key each; README lists them. */
const environmentOverrides: ReadonlyArray<[string, string[]]> = [
	['REDIS_URL', ['redis', 'url']],
	['DISCORD_GUILD_ID', ['discord', 'guild']],
	['PRETIX_URL', ['pretix', 'base_url']],
	['PRETIX_ORGANIZER', ['pretix', 'organizer']],
	['PRETIX_EVENT', ['pretix', 'event']],
	['PROGRAMME_URL', ['programme', 'url']]
];

function nest(path: string[], value: string): Table {
	return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Table;
}

function readToml(file: string, shown: string): Table {
	try {
		return TOML.parse(readFileSync(file, 'utf8')) as Table;
	} catch (error) {
		const tomlError = error as { line?: number; message: string };
		const where = tomlError.line === undefined ? '' : ` line ${tomlError.line + 1}`;
		throw new ConfigError(`Config error: ${shown}${where}: not valid TOML (${tomlError.message.split('\n')[0]}).`);
	}
}

// Tables merge key by key; arrays and values are replaced whole, so a local file can shorten a list.
function mergeTables(base: Table, override: Table, file: string, provenance: Map<string, string>, path: string[]): Table {
	const out: Table = { ...base };
	for (const [key, value] of Object.entries(override)) {
		const keyPath = [...path, key];
		provenance.set(keyPath.join('.'), file);
		const previous = out[key];
		out[key] = isTable(value) && isTable(previous) ? mergeTables(previous, value, file, provenance, keyPath) : value;
	}
	return out;
}

function isTable(value: unknown): value is Table {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describeIssues(issues: readonly z.core.$ZodIssue[], merged: Table, provenance: Map<string, string>, mainFile: string): string {
	const first = issues[0]!;
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
	const path = first.path.map(String);
	if (first.code === 'unrecognized_keys') {
		const key = [...path, first.keys[0]!].join('.');
		return `Config error: ${key} in ${provenance.get(key) ?? mainFile}: unknown key (check the spelling against config/config.toml).${more}`;
	}
	const key = path.join('.') || '(top level)';
	const value = valueAt(merged, path);
	if (value === undefined) return `Config error: ${key} is missing in ${fileFor(path, provenance, mainFile)}.${more}`;
	return `Config error: ${key} in ${fileFor(path, provenance, mainFile)}: ${explain(first)} (got ${show(value)}).${more}`;
}

function explain(issue: z.core.$ZodIssue): string {
	if (issue.code === 'invalid_type') return `expected ${issue.expected}`;
	if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
	return issue.message.replace(/^Invalid input: /, '');
}

function fileFor(path: string[], provenance: Map<string, string>, fallback: string): string {
	for (let i = path.length; i > 0; i--) {
		const file = provenance.get(path.slice(0, i).join('.'));
		if (file) return file;
	}
	return fallback;
}

function valueAt(root: unknown, path: string[]): unknown {
	return path.reduce<unknown>((node, key) => (isTable(node) || Array.isArray(node) ? (node as Table)[key] : undefined), root);
}

function show(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** One secret from the environment or `.secrets`, the way the bot reads them; for CLIs that need only one. */
export function readSecret(name: string, rootDir: string, env: NodeJS.ProcessEnv): string | undefined {
	const secretsFile = join(rootDir, '.secrets');
	const fromFile = existsSync(secretsFile) ? parseDotenv(readFileSync(secretsFile)) : {};
	// The environment wins over .secrets, as with docker compose env_file plus -e overrides.
	return (env[name] ?? fromFile[name])?.trim() || undefined;
}

function readSecrets(config: FileConfig, rootDir: string, env: NodeJS.ProcessEnv): Secrets {
	const get = (name: string) => readSecret(name, rootDir, env);
	const require = (name: string, why: string) => {
		const value = get(name);
		if (!value) throw new ConfigError(`Config error: the secret ${name} is not set${why} (set it in the environment or in .secrets).`);
		return value;
	};
	return {
		discordBotToken: require('DISCORD_BOT_TOKEN', ''),
		pretixToken: config.registration.enabled ? require('PRETIX_TOKEN', ', and registration is enabled') : get('PRETIX_TOKEN'),
		pretalxToken: get('PRETALX_TOKEN'),
		pretixWebhookSecret: config.pretix.webhook.enabled
			? require('PRETIX_WEBHOOK_SECRET', ', and pretix.webhook.enabled is true')
			: get('PRETIX_WEBHOOK_SECRET')
	};
}
