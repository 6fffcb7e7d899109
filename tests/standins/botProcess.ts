// Any bot as a shell command in a process group of its own, so a kill -9 takes the whole tree (npx → tsx → node)
// down like a crash, and a restart runs the same command again.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface BotProcessOptions {
	command: string;
	env: Record<string, string>;
	cwd: string;
}

export interface BotProcess {
	readonly pid: number;
	/** Everything the bot printed so far, stdout and stderr interleaved. */
	output(): string;
	/** The highest peak resident set (VmHWM) of any process in the bot's group: the bot itself, not npx in front of it. */
	peakRssMb(): number;
	/** SIGTERM to the command (npx and tsx pass it on); SIGKILL to the group after `graceMs`. Resolves with the exit code. */
	stop(graceMs?: number): Promise<number | null>;
	/** A crash: SIGKILL to the whole group, no shutdown steps run. */
	kill(): Promise<void>;
	readonly exited: Promise<number | null>;
	/** False once the command has exited (or was killed). */
	running(): boolean;
}

export function startBotProcess(options: BotProcessOptions): BotProcess {
	const child: ChildProcess = spawn('/bin/sh', ['-c', `exec ${options.command}`], {
		cwd: options.cwd,
		env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', NO_COLOR: '1', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	const pid = child.pid!;
	const running = () => child.exitCode === null && child.signalCode === null;
	const killGroup = () => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// The group is already gone.
		}
	};
	return {
		pid,
		exited,
		running,
		output: () => output,
		peakRssMb: () => Math.max(0, ...groupPids(pid).map(peakRssOf)),
		stop: async (graceMs = 15_000) => {
			if (running()) child.kill('SIGTERM');
			const timer = setTimeout(killGroup, graceMs);
			const code = await exited;
			clearTimeout(timer);
			// Children that outlived their parent (a tsx worker) go too.
			killGroup();
			return code;
		},
		kill: async () => {
			killGroup();
			await exited;
		}
	};
}

function groupPids(pgid: number): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			// Field 5 of /proc/PID/stat is the process group; the command name (field 2) may hold spaces, so split after it.
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === pgid) pids.push(Number(entry));
		} catch {
			// It exited while we looked.
		}
	}
	return pids;
}

function peakRssOf(pid: number): number {
	try {
		const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((text) => text.startsWith('VmHWM:'));
		return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 102.4) / 10;
	} catch {
		return 0;
	}
}
