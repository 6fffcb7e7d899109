import { DiscordStandIn } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { generateEvent } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { register } from '../e2e/support/registration';
import { startBot } from '../e2e/support/startBot';

/** Discord REST calls the bot makes per successful registration, apart from the log-channel entry. */
export async function benchRegistrationCalls(): Promise<Record<string, number>> {
	const redis = await ThrowawayRedis.start();
	const discord = await DiscordStandIn.start();
	const event = generateEvent({ seed: 7, orders: 200 });
	const pretix = await PretixStandin.start(event);
	const bot = await startBot({
		discord,
		redisUrl: redis.url,
		secrets: { PRETIX_TOKEN: pretix.token },
		overrides: { programme: { enabled: false }, pretix: { base_url: pretix.origin, organizer: event.organizer, event: event.event } }
	});
	try {
		const logChannel = discord.channel('registration-log').id;
		const people = event.orders
			.filter((order) => order.status === 'p' && !order.testmode)
			.flatMap((order) => order.positions.filter((p) => p.attendee_name && !p.canceled && !p.blocked && !p.addon_to).slice(0, 1).map((p) => ({ code: order.code, name: p.attendee_name! })))
			.slice(0, 20);
		// Start-up's own calls (the form post, the command registration) are not a registration's: let them finish first.
		for (let waited = 0; (discord.commands('guild').length === 0 || !discord.findMessage('registration-form', () => true)) && waited < 10_000; waited += 50)
			await new Promise((resolve) => setTimeout(resolve, 50));
		await new Promise((resolve) => setTimeout(resolve, 500));
		let calls = 0;
		let successes = 0;
		for (const [index, person] of people.entries()) {
			const user = discord.addMember({ username: `bench${index}` });
			const before = discord.requests.length;
			const result = await register(discord, user, person.code, person.name);
			await new Promise((resolve) => setTimeout(resolve, 50));
			if (!result.content?.includes('You are registered')) continue;
			successes++;
			calls += discord.requests.slice(before).filter((r) => !r.path.includes(`/channels/${logChannel}/messages`)).length;
		}
		return { registrations: successes, restCallsPerRegistration: Math.round((calls / Math.max(1, successes)) * 100) / 100 };
	} finally {
		await bot.stop();
		await Promise.all([discord.close(), pretix.close()]);
		await redis.kill();
	}
}
