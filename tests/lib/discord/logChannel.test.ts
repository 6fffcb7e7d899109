import { expect } from 'chai';
import { entriesThatFit } from '../../../src/lib/discord/logChannel';

describe('discord/logChannel entriesThatFit', () => {
	it('packs entries, one per line, into a message up to the limit', () => {
		expect(entriesThatFit(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)], 21)).to.equal(2);
		expect(entriesThatFit(['a'.repeat(10), 'b'.repeat(10), 'c'.repeat(10)], 32)).to.equal(3);
	});

	it('always takes at least one entry, even one longer than a message (it is cut)', () => {
		expect(entriesThatFit(['x'.repeat(5000), 'y'], 2000)).to.equal(1);
		expect(entriesThatFit([], 2000)).to.equal(0);
	});
});
