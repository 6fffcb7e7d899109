import { expect } from 'chai';
import { GrantPace, grantLaneOf } from '#lib/registration/GrantPace';

describe('registration/grantLaneOf', () => {
	it("tells the member PATCH and the role PUT apart by discord.js's route, and claims nothing else", () => {
		expect(grantLaneOf('PATCH', '/guilds/:id/members/:id')).to.equal('member');
		expect(grantLaneOf('PUT', '/guilds/:id/members/:id/roles/:id')).to.equal('access');
		for (const [method, route] of [['DELETE', '/guilds/:id/members/:id/roles/:id'], ['PATCH', '/guilds/:id/members/@me'], ['GET', '/guilds/:id/members/:id'], ['PATCH', '/guilds/:id/members/:id/voice-states']])
			expect(grantLaneOf(method!, route!), `${method} ${route}`).to.equal(null);
	});
});

describe('registration/GrantPace', () => {
	it('estimates from Discord’s observed 10 per 10 s until the member bucket’s headers say otherwise', () => {
		const pace = new GrantPace(1);
		expect(pace.etaSeconds(60)).to.equal(60);
		// A fixed window: the first answer in it shows the whole window, later ones less.
		pace.observeBucket(10, 1);
		pace.observeBucket(10, 0.4);
		expect(pace.perSecond).to.equal(10);
		expect(pace.etaSeconds(60)).to.equal(6);
		pace.observeBucket(Number.NaN, 3);
		expect(pace.perSecond).to.equal(10);
	});

	it('trusts what it achieved over several windows when that is slower than the bucket allows', () => {
		const pace = new GrantPace(1, 21);
		pace.observeBucket(10, 1);
		for (let i = 0; i < 20; i++) pace.record(i * 200);
		expect(pace.perSecond, 'not enough grants yet').to.equal(10);
		pace.record(20 * 200);
		expect(pace.perSecond).to.equal(5);
	});
});
