// `npm run sandbox [-- --script FILE]`: the real bot against local stand-ins for Discord, pretix and pretalx.
// Prints what happens in the demo guild as it happens; with --script it plays the scenario and exits.
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatEvent } from '../standins/discord';
import { ControlApi } from '../standins/control';
import { World } from '../standins/world';
import { freePort, ThrowawayRedis } from '../helpers/redisServer';
import { startBot, type RunningBot } from '../e2e/support/startBot';
import { parseScenario, playScenario, ScenarioError } from './scenario';

const repoRoot = join(__dirname, '..', '..');
const defaultScript = join(__dirname, 'scripts', 'demo.txt');

async function main(): Promise<number> {
	const scriptArg = process.argv.indexOf('--script');
	const scriptFile = scriptArg >= 0 ? process.argv[scriptArg + 1] : undefined;
	if (scriptArg >= 0 && !scriptFile) return fail('--script needs a file, e.g. npm run sandbox -- --script tests/sandbox/scripts/demo.txt');
	const steps = parseScenario(readFileSync(resolve(scriptFile ?? defaultScript), 'utf8'));
	const started = Date.now();
	// Ctrl-C (the terminal signals the whole process group) or a plain kill: stop everything we started, at any point.
	const interrupted = new Promise<void>((resolve) => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	const say = (line: string) => console.log(`[+${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

	let redis: ThrowawayRedis | undefined;
	let redisUrl = process.env.REDIS_URL || undefined;
	if (!redisUrl) {
		redis = await ThrowawayRedis.start();
		redisUrl = redis.url;
	}
	// The same stand-ins as `npm run standins`, with its control API: while the sandbox runs, curl can play members too.
	const world = await World.start();
	const { discord, pretix, pretalx } = world;
	const control = new ControlApi(discord, pretix);
	const controlUrl = await control.listen(0);
	const httpPort = await freePort();
	say(`Redis ${redisUrl}${redis ? ' (throwaway)' : ''} · Discord stand-in ${discord.restUrl} · pretix ${pretix.origin} · pretalx ${pretalx.baseUrl} · control API ${controlUrl}`);

	let printed = 0;
	const printEvents = () => {
		for (const event of discord.events.slice(printed)) say(discord.readable(formatEvent(event)));
		printed = discord.events.length;
	};
	const printer = setInterval(printEvents, 50);
	// A scripted step is told after what happened before it, so a reply never shows up above its cause.
	const narrate = (line: string) => {
		printEvents();
		say(line);
	};

	const workDir = join(repoRoot, 'sandbox-out');
	rmSync(workDir, { recursive: true, force: true });
	let bot: RunningBot | undefined;
	let code = 0;
	try {
		bot = await startBot({
			discord,
			redisUrl,
			workDir,
			secrets: { PRETIX_TOKEN: pretix.token },
			overrides: {
				pretix: { base_url: pretix.origin, organizer: world.event.organizer, event: world.event.event },
				http: { enabled: true, port: httpPort },
				// Rehearsal: the conference day starts minutes from now and runs 20 times faster than real time.
				programme: { url: pretalx.frabUrl, simulated_start: '2026-07-15T08:53:30+02:00', speed: 20 },
				// The first sessions' Q&A threads open with their room posts (08:58, some 14 s in); the demo asks in Forum Hall's.
				qa: { enabled: true },
				// A sandbox stops in a few seconds, even when Ctrl-C has already taken its throwaway Redis down.
				bot: { shutdown_timeout_seconds: 4 }
			}
		});
		bot.process.stdout!.on('data', (chunk: Buffer) => chunk.toString().trimEnd().split('\n').forEach((line) => say(`bot │ ${line}`)));
		say(`usher is ready in "${discord.guild.name}": metrics at http://127.0.0.1:${httpPort}/metrics, data in ${workDir}`);
		const played = await Promise.race([playScenario(discord, steps, narrate).then(() => true), interrupted.then(() => false)]);
		if (played && !scriptFile) {
			narrate('Demo played. The bot keeps running (programme notifications come as the rehearsal day goes on); Ctrl-C stops it.');
			await interrupted;
		}
	} catch (error) {
		code = fail(error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error));
	} finally {
		if (bot) {
			narrate('Stopping the bot (SIGTERM)…');
			await bot.stop();
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		clearInterval(printer);
		printEvents();
		await control.close();
		await world.close();
		await redis?.kill();
	}
	return code;
}

function fail(message: string): number {
	console.error(`sandbox: ${message}`);
	return 1;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => process.exit(fail(error instanceof Error ? error.message : String(error)))
);
