import { expect } from 'chai';
import { DiscordStandIn } from './DiscordStandIn';

describe('Discord stand-in: text as a person reads it', () => {
	it('shows mentions by name and relative timestamps as a client would render them at that moment', async () => {
		const now = new Date('2026-07-13T07:00:00Z');
		const discord = await DiscordStandIn.start({ clock: () => now });
		try {
			const ada = discord.addMember({ username: 'ada' });
			const at = (offsetSeconds: number) => `<t:${now.getTime() / 1000 + offsetSeconds}:R>`;
			expect(discord.readable(`<@${ada.id}> due ${at(40)}, ${at(180)}, ${at(-1)}; in #${'x'}`)).to.equal('@ada due in 40 seconds, in 3 minutes, 1 second ago; in #x');
		} finally {
			await discord.close();
		}
	});
});
