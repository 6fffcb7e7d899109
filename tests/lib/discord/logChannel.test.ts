import { expect } from 'chai';
import { ChannelLog, entriesThatFit } from '#lib/discord/logChannel';

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

describe('discord/logChannel ChannelLog', () => {
	it('sends the first entry at once and packs what arrives within the interval into one later message', async () => {
		const sent: string[] = [];
		const log = new ChannelLog(async (content) => void sent.push(content), 60_000);
		const first = log.add('one');
		await first;
		const rest = ['two', 'three', 'four'].map((entry) => log.add(entry));
		expect(sent).to.deep.equal(['one']);
		// Shutdown drains without waiting out the interval.
		await log.drain();
		await Promise.all(rest);
		expect(sent).to.deep.equal(['one', 'two\nthree\nfour']);
	});

	it('after the interval, sends the waiting entries by itself', async () => {
		const sent: string[] = [];
		const log = new ChannelLog(async (content) => void sent.push(content), 20);
		await Promise.all(['a', 'b', 'c'].map((entry) => log.add(entry)));
		expect(sent).to.deep.equal(['a', 'b\nc']);
	});
});
