// `npm run standins [-- options]`: the Discord, pretix and pretalx stand-ins in a process of their own, for a bot and a
// driver in any language. Prints one JSON line (URLs, tokens, ids, the control API, the bot's environment), then
// serves until SIGTERM or Ctrl-C. Options:
//   --rate-model discord|lenient|none   Discord's real limits, a flat 50/s, or none (default none)
//   --scale N                           time-lapse of the discord model: windows and token lifetime divided by N (default 1)
//   --members N                         N members besides the demo guild's own (default 0)
//   --event fixture|generated:N         the e2e tests' small pretix event, or a generated one with N orders (default fixture)
//   --control-port P                    the control API's port (default: any free one)
//   --redis                             also start a throwaway redis-server and add REDIS_URL (usher needs one)
import { ControlApi } from './control';
import { World, type WorldOptions } from './world';
import { ThrowawayRedis } from '../helpers/redisServer';

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

function parse(): WorldOptions & { controlPort: number; redis: boolean } {
	const rateModel = option('rate-model') ?? 'none';
	if (!['discord', 'lenient', 'none'].includes(rateModel)) throw new Error(`--rate-model must be discord, lenient or none (got "${rateModel}")`);
	const number = (name: string, fallback: number) => {
		const value = Number(option(name) ?? fallback);
		if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number (got "${option(name)}")`);
		return value;
	};
	const eventArg = option('event') ?? 'fixture';
	const generated = /^generated:(\d+)$/.exec(eventArg);
	if (eventArg !== 'fixture' && !generated) throw new Error(`--event must be fixture or generated:N (got "${eventArg}")`);
	return {
		rateModel: rateModel as WorldOptions['rateModel'],
		scale: number('scale', 1) || 1,
		members: number('members', 0),
		event: generated ? { orders: Number(generated[1]) } : 'fixture',
		controlPort: number('control-port', 0),
		redis: process.argv.includes('--redis')
	};
}

async function main(): Promise<void> {
	const options = parse();
	const world = await World.start(options);
	const control = new ControlApi(world.discord, world.pretix);
	const controlUrl = await control.listen(options.controlPort);
	const redis = options.redis ? await ThrowawayRedis.start() : undefined;
	const handoff = world.handoff(controlUrl);
	if (redis) handoff.env.REDIS_URL = redis.url;
	process.stdout.write(`${JSON.stringify(handoff)}\n`);
	await new Promise<void>((resolve) => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	await control.close();
	await world.close();
	await redis?.kill();
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(`standins: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
);
