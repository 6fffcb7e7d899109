import { expect } from 'chai';
import { DiscordStandIn } from '../standins/discord';
import { ThrowawayRedis } from '../helpers/redisServer';
import { eventually, startBot, type RunningBot } from './support/startBot';

describe('e2e: the bot against the Discord stand-in', function () {
	this.timeout(30_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let bot: RunningBot;

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start({ heartbeatIntervalMs: 1000 });
		bot = await startBot({ discord, redisUrl: redis.url, overrides: { registration: { enabled: false }, programme: { enabled: false } } });
		await eventually(() => discord.commands('guild').length > 0, 'guild commands registered', 10_000);
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await redis?.kill();
	});

	it('registers /ping as a guild command by bulk overwrite', () => {
		const names = discord.commands('guild').map((command) => command.name);
		expect(names).to.include('ping');
		const bulk = discord.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/guilds/${discord.guild.id}/commands`));
		expect(bulk).to.have.length.greaterThan(0);
	});

	it('answers /ping ephemerally with its latency', async () => {
		const user = discord.user('peter');
		const reply = await discord.runCommand(user, 'ping');
		expect(reply.ephemeral).to.equal(true);
		expect(reply.content).to.match(/^Pong! Round trip \d+ ms, gateway heartbeat (\d+ ms|not measured yet)\.$/);
	});

	it('resumes after the gateway drops and still answers', async () => {
		const before = discord.gatewayStats;
		discord.disconnectGateway(4000);
		await eventually(() => discord.gatewayStats.resumed > before.resumed || discord.gatewayStats.identified > before.identified, 'the bot to reconnect', 10_000);
		expect(discord.gatewayStats.resumed).to.be.greaterThan(before.resumed);
		const reply = await discord.runCommand(discord.user('sara'), 'ping');
		expect(reply.content).to.match(/^Pong!/);
	});

	it('made only requests the Discord OpenAPI spec accepts', () => {
		const report = discord.specReport();
		expect(report.validated).to.be.greaterThan(3);
		expect(discord.specViolations).to.deep.equal([]);
		expect(report.violations).to.equal(0);
	});
});

describe('e2e: the startup report', function () {
	this.timeout(30_000);

	it('lists every configured channel and role that is missing or unusable, in one report at start', async () => {
		const redis = await ThrowawayRedis.start();
		const discord = await DiscordStandIn.start();
		const bot = await startBot({
			discord,
			redisUrl: redis.url,
			overrides: {
				programme: { enabled: false },
				registration: {
					form_channel: 'registration-from',
					roles: { items: { Business: ['Participants', 'Attendees'], Personal: ['Admin'] } }
				}
			}
		});
		try {
			await bot.waitForOutput(/Startup check: 3 problems in EuroPython 2026:/);
			const report = bot.output().split('\n');
			const start = report.findIndex((line) => line.includes('Startup check:'));
			expect(report.slice(start + 1, start + 4).map((line) => line.replace(/^.* - WARN {2}- /, '').trim())).to.deep.equal([
				'- registration.form_channel: no channel "registration-from" in EuroPython 2026',
				'- registration.roles "Business": no role "Attendees" in EuroPython 2026',
				`- registration.roles "Personal": role "Admin" is above the bot's highest role "usher": move the bot's role up`
			]);
		} finally {
			await bot.stop();
			await discord.close();
			await redis.kill();
		}
	});
});
