// `npm run sandbox [-- --script FILE]`: the real bot against local stand-ins for Discord, pretix and pretalx.
// Prints what happens in the demo guild as it happens; with --script it plays the scenario and exits.
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DiscordStandIn, demoGuild, formatEvent } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { generateConference } from '../standins/pretalx/conference';
import { PretalxStandin } from '../standins/pretalx/server';
import { fixtureEvent } from '../fixtures/pretix/event';
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
	const discord = await DiscordStandIn.start({ seed: demoGuild() });
	const pretix = await PretixStandin.start(fixtureEvent());
	const conference = generateConference({ seed: 2026, days: 1, rooms: 6, sessionsPerRoomPerDay: 6, timezone: 'Europe/Prague', start: '2026-07-15' });
	const pretalx = await new PretalxStandin(conference).start();
	const httpPort = await freePort();
	say(`Redis ${redisUrl}${redis ? ' (throwaway)' : ''} · Discord stand-in ${discord.restUrl} · pretix ${pretix.origin} · pretalx ${pretalx.baseUrl}`);

	let printed = 0;
	const printer = setInterval(() => {
		for (const event of discord.events.slice(printed)) say(discord.readable(formatEvent(event)));
		printed = discord.events.length;
	}, 50);

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
				pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' },
				http: { enabled: true, port: httpPort },
				// Rehearsal: the conference day starts minutes from now and runs 20 times faster than real time.
				programme: { url: pretalx.frabUrl, simulated_start: '2026-07-15T08:53:30+02:00', speed: 20 },
				// A sandbox stops in a few seconds, even when Ctrl-C has already taken its throwaway Redis down.
				bot: { shutdown_timeout_seconds: 4 }
			}
		});
		bot.process.stdout!.on('data', (chunk: Buffer) => chunk.toString().trimEnd().split('\n').forEach((line) => say(`bot │ ${line}`)));
		say(`usher is ready in "${discord.guild.name}": metrics at http://127.0.0.1:${httpPort}/metrics, data in ${workDir}`);
		const played = await Promise.race([playScenario(discord, steps, say).then(() => true), interrupted.then(() => false)]);
		if (played && !scriptFile) {
			say('Demo played. The bot keeps running (programme notifications come as the rehearsal day goes on); Ctrl-C stops it.');
			await interrupted;
		}
	} catch (error) {
		code = fail(error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error));
	} finally {
		if (bot) {
			say('Stopping the bot (SIGTERM)…');
			await bot.stop();
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		clearInterval(printer);
		for (const event of discord.events.slice(printed)) say(discord.readable(formatEvent(event)));
		await Promise.all([discord.close(), pretix.close(), pretalx.stop()]);
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
