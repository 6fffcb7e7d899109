import { expect } from 'chai';
import { DiscordAPIError, GuildScheduledEventEntityType, GuildScheduledEventPrivacyLevel, GuildScheduledEventStatus } from 'discord.js';
import { startHarness, type Harness } from './harness';
import { MAX_UNCOMPLETED_EVENTS } from './scheduledEventsApi';

describe('Discord stand-in: guild scheduled events', () => {
	let now = Date.parse('2026-07-15T07:00:00Z');
	let harness: Harness;
	const at = (minutes: number) => new Date(now + minutes * 60_000);
	const external = (name: string, startMinutes: number, endMinutes = startMinutes + 30) => ({
		name,
		scheduledStartTime: at(startMinutes),
		scheduledEndTime: at(endMinutes),
		privacyLevel: GuildScheduledEventPrivacyLevel.GuildOnly,
		entityType: GuildScheduledEventEntityType.External,
		entityMetadata: { location: 'Forum Hall' }
	});
	const guild = () => harness.client.guilds.cache.get(harness.discord.guild.id)!;
	const refusal = async (promise: Promise<unknown>) => {
		const error = await promise.then(
			() => undefined,
			(caught: unknown) => caught
		);
		expect(error).to.be.instanceOf(DiscordAPIError);
		return error as DiscordAPIError;
	};

	beforeEach(async () => {
		now = Date.parse('2026-07-15T07:00:00Z');
		harness = await startHarness({ clock: () => new Date(now) });
	});
	afterEach(() => harness.stop());

	it('creates, edits, lists with user counts, pages users and deletes, every answer as the spec says', async () => {
		const created = await guild().scheduledEvents.create({ ...external('Taming asyncio', 60), description: 'Ada Lovelace' });
		expect(created.entityMetadata?.location).to.equal('Forum Hall');
		expect(created.channelId).to.equal(null);
		harness.discord.markInterested(created.id, ['dana', 'adam']);
		const edited = await guild().scheduledEvents.edit(created.id, { name: 'Taming asyncio (moved)', scheduledStartTime: at(90), scheduledEndTime: at(120) });
		expect(edited.scheduledStartAt?.getTime()).to.equal(at(90).getTime());
		const listed = await guild().scheduledEvents.fetch();
		expect(listed.get(created.id)?.userCount).to.equal(2);
		const users = await guild().scheduledEvents.fetchSubscribers(created.id, { limit: 1 });
		expect(users.size).to.equal(1);
		await guild().scheduledEvents.delete(created.id);
		expect(harness.discord.scheduledEvents()).to.deep.equal([]);
		expect(harness.discord.responseViolations).to.deep.equal([]);
		expect(harness.discord.specViolations).to.deep.equal([]);
	});

	it('refuses the 101st uncompleted event with 30038, and takes one again once an event completes by the clock', async () => {
		for (let index = 0; index < MAX_UNCOMPLETED_EVENTS; index++) await guild().scheduledEvents.create(external(`Talk ${index}`, 10 + index, 20 + index));
		const refused = await refusal(guild().scheduledEvents.create(external('One too many', 500)));
		expect([refused.status, refused.code]).to.deep.equal([400, 30038]);
		now = at(21).getTime();
		expect(harness.discord.scheduledEvents()[0]!.status).to.equal(GuildScheduledEventStatus.Completed);
		expect(harness.discord.scheduledEvents()[2]!.status).to.equal(GuildScheduledEventStatus.Active);
		await guild().scheduledEvents.create(external('Now it fits', 500));
		// Two completed by minute 21, one created: 99 uncompleted.
		expect((await guild().scheduledEvents.fetch()).size).to.equal(MAX_UNCOMPLETED_EVENTS - 1);
	});

	it('refuses a start in the past, an EXTERNAL event without an end, and a body the spec rejects', async () => {
		const past = await refusal(guild().scheduledEvents.create(external('Yesterday', -60)));
		expect([past.status, past.code]).to.deep.equal([400, 50035]);
		const { scheduledEndTime: _, ...withoutEnd } = external('Open-ended', 60);
		const noEnd = await refusal(guild().scheduledEvents.create(withoutEnd));
		expect(noEnd.code).to.equal(50035);
		const longName = await refusal(guild().scheduledEvents.create(external('x'.repeat(101), 60)));
		expect(longName.code).to.equal(50035);
		expect(harness.discord.specViolations.map((issue) => issue.route)).to.deep.equal(['/guilds/{guild_id}/scheduled-events']);
		expect(harness.discord.scheduledEvents()).to.deep.equal([]);
	});
});
