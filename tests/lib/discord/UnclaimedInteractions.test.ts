import { expect } from 'chai';
import { UnclaimedInteractions } from '#lib/discord/UnclaimedInteractions';

describe('discord/UnclaimedInteractions', () => {
	it('says so once when every handler that could take an interaction passed, and never when one is left', () => {
		const tally = new UnclaimedInteractions();
		expect(tally.passed('i1', 3, 0)).to.equal(false);
		expect(tally.passed('i1', 3, 1)).to.equal(false);
		expect(tally.passed('i2', 3, 1), 'another interaction counts apart').to.equal(false);
		expect(tally.passed('i1', 3, 2)).to.equal(true);
		expect(tally.passed('i1', 3, 3), 'once only: a late repeat starts a new tally').to.equal(false);
		expect(tally.passed('solo', 1, 3), 'one handler, which passed').to.equal(true);
	});

	it('forgets tallies of interactions a handler took, so memory stays flat', () => {
		const tally = new UnclaimedInteractions();
		tally.passed('claimed-by-someone', 2, 0);
		// Ten seconds on, the one left never passes: its tally goes, and a new one with the same id starts afresh.
		tally.passed('other', 5, 20_000);
		expect(tally.passed('claimed-by-someone', 2, 20_001)).to.equal(false);
	});
});
