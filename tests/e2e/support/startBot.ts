import TOML from '@iarna/toml';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repoRoot = join(__dirname, '..', '..', '..');
const sourceEntry = join(repoRoot, 'src', 'index.ts');

export interface StartBotOptions {
	/** Discord REST base of the stand-in (`…/api`) and the token it expects. */
	discord: { restUrl: string; token: string };
	redisUrl: string;
	/** Written as config/config.local.toml over the documented example, so the real loader and merge run. */
	overrides?: Record<string, unknown>;
	/** Reuse a working folder (config + data/usher.sqlite) to restart on the same state. */
	workDir?: string;
	secrets?: Record<string, string>;
	/** How long to wait for the "Ready" log line. */
	readyTimeoutMs?: number;
	/** Run a compiled entry (e.g. `dist/index.js` after `npm run build`, as the Docker image does) instead of the sources under tsx. */
	compiledEntry?: string;
}

/** Every bot this test process started, with the secrets it was given: a root hook checks none ever reached the output. */
export const botRuns: { output: () => string; secrets: string[] }[] = [];

export interface RunningBot {
	workDir: string;
	databaseFile: string;
	process: ChildProcess;
	/** Everything the bot printed, stdout and stderr interleaved. */
	output(): string;
	waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
	/** Graceful stop by SIGTERM, as Docker does; resolves with the exit code. */
	stop(): Promise<number | null>;
	/** A crash: SIGKILL, no shutdown steps run. */
	kill(): Promise<void>;
	/** Rows of a query on the bot's database, opened read-only for just this read (the bot may be running). */
	rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
}

/**
 * Runs the real bot (`src/index.ts`, as `npm run dev` would) in its own process against the stand-ins.
 * A process per bot is what makes restarts, SIGTERM and kill -9 real: Sapphire keeps one global container.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
	const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'usher-e2e-'));
	mkdirSync(join(workDir, 'config'), { recursive: true });
	// The documented example config (always the current config.toml; other example files such as livestreams.toml only
	// where a test has not written its own), never a developer's own local file.
	for (const file of readdirSync(join(repoRoot, 'config')).filter((name) => name.endsWith('.toml') && !name.endsWith('.local.toml'))) {
		const target = join(workDir, 'config', file);
		if (file === 'config.toml' || !existsSync(target)) copyFileSync(join(repoRoot, 'config', file), target);
	}
	writeFileSync(join(workDir, 'config', 'config.local.toml'), TOML.stringify((options.overrides ?? {}) as TOML.JsonMap));
	const env: Record<string, string | undefined> = {
		DISCORD_API_URL: options.discord.restUrl,
		DISCORD_BOT_TOKEN: options.discord.token,
		PRETIX_TOKEN: 'pretix-test-token',
		REDIS_URL: options.redisUrl,
		...options.secrets
	};
	const args = options.compiledEntry ? ['--enable-source-maps', options.compiledEntry] : ['--require', require.resolve('tsx/cjs'), '--enable-source-maps', sourceEntry];
	const child = spawn(process.execPath, args, {
		cwd: workDir,
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			TZ: 'UTC',
			NO_COLOR: '1',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const listeners = new Set<() => void>();
	const append = (chunk: Buffer) => {
		output += chunk.toString();
		for (const listener of listeners) listener();
	};
	child.stdout!.on('data', append);
	child.stderr!.on('data', append);
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

	const waitForOutput = (pattern: RegExp, timeoutMs = 15_000) =>
		new Promise<void>((resolve, reject) => {
			const check = () => {
				if (pattern.test(output)) done(resolve);
			};
			const timer = setTimeout(() => done(() => reject(new Error(`bot did not print ${pattern} within ${timeoutMs} ms; it printed:\n${output}`))), timeoutMs);
			const onExit = () => done(() => reject(new Error(`bot exited before printing ${pattern}; it printed:\n${output}`)));
			const done = (finish: () => void) => {
				clearTimeout(timer);
				listeners.delete(check);
				child.off('exit', onExit);
				finish();
			};
			listeners.add(check);
			child.once('exit', onExit);
			check();
		});

	botRuns.push({ output: () => output, secrets: [env.DISCORD_BOT_TOKEN, env.PRETIX_TOKEN, env.PRETIX_WEBHOOK_SECRET, env.PRETALX_TOKEN].filter((value): value is string => Boolean(value)) });
	const bot: RunningBot = {
		workDir,
		databaseFile: join(workDir, 'data', 'usher.sqlite'),
		process: child,
		output: () => output,
		waitForOutput,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			return exited;
		},
		kill: async () => {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			await exited;
		},
		rows: <T>(sql: string, ...params: unknown[]) => {
			const db = new Database(join(workDir, 'data', 'usher.sqlite'), { readonly: true });
			try {
				return db.prepare(sql).all(...params) as T[];
			} finally {
				db.close();
			}
		}
	};
	try {
		await waitForOutput(/Ready as .+ in /, options.readyTimeoutMs ?? 20_000);
	} catch (error) {
		// Never leave a half-started bot behind a failed test.
		await bot.kill();
		throw error;
	}
	return bot;
}

export { eventually } from '../../helpers/eventually';

/** usher from its sources, as `npm run dev` runs it; the benches' built-in bot and the default of `--bot`. */
export const usherCommand = `${process.execPath} --require ${require.resolve('tsx/cjs')} --enable-source-maps src/index.ts`;
export { repoRoot };

/**
 * usher's settings for one run against the stand-ins, as a file named by USHER_CONFIG (other bots ignore it): its
 * data in `workDir`, so a restart finds the same state. The stand-ins' addresses come from the environment.
 */
export function usherSettings(workDir: string, overrides: Record<string, unknown> = {}): Record<string, string> {
	mkdirSync(workDir, { recursive: true });
	const file = join(workDir, 'usher.toml');
	const bot = { data_file: join(workDir, 'usher.sqlite'), ...(overrides.bot as object | undefined) };
	writeFileSync(file, TOML.stringify({ ...overrides, bot } as TOML.JsonMap));
	return { USHER_CONFIG: file };
}
