import { expect } from 'chai';
import { participantOf } from '#lib/qa/participant';
import { createChatInput, createClient, createGuild, createMember, FakeDiscord } from '../../mocks/discord';

describe('qa participantOf', () => {
	const guild = createGuild(createClient(new FakeDiscord()));

	it('names a registered member by their server nickname, the name on their ticket', () => {
		const member = createMember(guild, { username: 'ada', nick: 'Ada Lovelace' });
		expect(participantOf(createChatInput(guild, member, 'ask')).displayName).to.equal('Ada Lovelace');
	});

	it('falls back to the account name without a nickname', () => {
		const member = createMember(guild, { username: 'peter', nick: null });
		expect(participantOf(createChatInput(guild, member, 'ask')).displayName).to.equal('peter');
	});
});
