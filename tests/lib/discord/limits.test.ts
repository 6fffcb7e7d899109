import { expect } from 'chai';
import { MESSAGE_LIMIT, splitIntoMessages } from '#lib/discord/limits';

describe('discord/limits', () => {
	it('packs lines into as few messages as fit, in order, and cuts a line longer than a message', () => {
		const line = (char: string, length: number) => char.repeat(length);
		const messages = splitIntoMessages([line('a', 1200), line('b', 700), line('c', 200), line('d', 2500)]);
		expect(messages.map((message) => message.length)).to.deep.equal([1200 + 1 + 700, 200, MESSAGE_LIMIT]);
		expect(messages[1]).to.equal(line('c', 200));
		expect(messages.every((message) => message.length <= MESSAGE_LIMIT)).to.equal(true);
		expect(splitIntoMessages([])).to.deep.equal([]);
	});
});
