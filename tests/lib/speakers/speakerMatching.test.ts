import { expect } from 'chai';
import { refusalKey } from '#lib/speakers/SpeakerLinks';
import { matchSpeakers, type MatchInput, type RegisteredMember } from '#lib/speakers/speakerMatching';

const member = (userId: string, names: string[], emails: string[] = []): RegisteredMember => ({ userId, names, emails });
const match = (input: Partial<MatchInput>) => matchSpeakers({ speakers: [], members: [], links: [], refused: new Set(), ...input }).map((found) => `${found.userId}→${found.speakerKey}`);

describe('speakers/speakerMatching', () => {
	it('matches a ticket name whatever its case, accents and spacing', () => {
		const speakers = [
			{ key: 'code:P1', name: 'Zoë Ünal' },
			{ key: 'code:P2', name: 'Seán Ó Rudaí' },
			{ key: 'code:P3', name: 'Grace Hopper' }
		];
		const members = [member('u1', ['  ZOE   unal ']), member('u2', ['sean o rudai']), member('u3', ['Ada Lovelace'])];
		expect(match({ speakers, members })).to.deep.equal(['u1→code:P1', 'u2→code:P2']);
	});

	it('any of a member’s tickets may carry the name', () => {
		expect(match({ speakers: [{ key: 'code:P1', name: 'Ada Lovelace' }], members: [member('u1', ['Charles Babbage', 'Ada Lovelace'])] })).to.deep.equal(['u1→code:P1']);
	});

	it('links nobody when two members carry the speaker’s name, nor a member whose name two speakers share', () => {
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák' }], members: [member('u1', ['Anna Novák']), member('u2', ['anna novak'])] })).to.deep.equal([]);
		const twins = [
			{ key: 'code:P1', name: 'Anna Novák' },
			{ key: 'code:P2', name: 'Anna Novak' }
		];
		expect(match({ speakers: twins, members: [member('u1', ['Anna Novák'])] })).to.deep.equal([]);
	});

	it('a second person in pretix under the name, not registered yet, is doubt enough; an agreeing email is not in doubt', () => {
		const holders = (name: string) => (name === 'annanovak' ? 2 : 1);
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák' }], members: [member('u1', ['Anna Novák'])], ticketHolders: holders })).to.deep.equal([]);
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák', email: 'anna@example.org' }], members: [member('u1', ['Anna Novák'], ['anna@example.org'])], ticketHolders: holders })).to.deep.equal(['u1→code:P1']);
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák', email: 'anna@example.org' }], members: [member('u1', ['Anna Novák'])], ticketHolders: holders })).to.deep.equal([]);
		expect(match({ speakers: [{ key: 'code:P2', name: 'Ada Lovelace' }], members: [member('u2', ['Ada Lovelace'])], ticketHolders: holders })).to.deep.equal(['u2→code:P2']);
	});

	it('the same member with the name on two tickets is still one candidate', () => {
		expect(match({ speakers: [{ key: 'code:P1', name: 'Ada Lovelace' }], members: [member('u1', ['Ada Lovelace', 'ADA LOVELACE'])] })).to.deep.equal(['u1→code:P1']);
	});

	it('an email on both sides must agree: a namesake with another address is no candidate, one without an address still is', () => {
		const speakers = [{ key: 'code:P1', name: 'Anna Novák', email: 'Anna@Example.org ' }];
		expect(match({ speakers, members: [member('u1', ['Anna Novák'], ['other@example.org']), member('u2', ['Anna Novak'], ['anna@example.org'])] })).to.deep.equal(['u2→code:P1']);
		expect(match({ speakers, members: [member('u1', ['Anna Novák'], ['other@example.org'])] })).to.deep.equal([]);
		expect(match({ speakers, members: [member('u1', ['Anna Novák'])] }), 'no email on the ticket').to.deep.equal(['u1→code:P1']);
		expect(match({ speakers, members: [member('u1', ['Anna Novák']), member('u2', ['Anna Novak'], ['anna@example.org'])] }), 'the address agrees with one').to.deep.equal(['u2→code:P1']);
		expect(match({ speakers, members: [member('u1', ['Anna Novák']), member('u2', ['Anna Novak'])] }), 'neither has one').to.deep.equal([]);
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák' }], members: [member('u1', ['Anna Novák'], ['x@example.org'])] }), 'no email from pretalx').to.deep.equal(['u1→code:P1']);
	});

	it('a name is needed: an email alone, or a name that folds to nothing, matches nobody', () => {
		expect(match({ speakers: [{ key: 'code:P1', name: 'Anna Novák', email: 'a@example.org' }], members: [member('u1', ['Anna Smith'], ['a@example.org'])] })).to.deep.equal([]);
		expect(match({ speakers: [{ key: 'code:P1', name: '🎤 !!' }], members: [member('u1', ['…'])] })).to.deep.equal([]);
	});

	it('leaves a speaker an organizer linked, an existing link, and a pair an organizer unlinked alone; the namesake of an unlinked member is not linked either', () => {
		const speakers = [
			{ key: 'code:P1', name: 'Ada Lovelace' },
			{ key: 'code:P2', name: 'Grace Hopper' },
			{ key: 'code:P3', name: 'Anna Novák' }
		];
		const members = [member('u1', ['Ada Lovelace']), member('u2', ['Grace Hopper']), member('u3', ['Anna Novák']), member('u4', ['Anna Novak'])];
		const links = [{ userId: 'u9', speakerKey: 'code:P1' }];
		expect(match({ speakers, members, links, refused: new Set([refusalKey('u2', 'code:P2'), refusalKey('u3', 'code:P3')]) })).to.deep.equal([]);
		expect(match({ speakers, members: members.slice(0, 2), links: [{ userId: 'u2', speakerKey: 'code:P2' }] })).to.deep.equal(['u1→code:P1']);
	});

	it('a 4,000-character name or @everyone is compared like any other and never crashes', () => {
		const long = 'Ä'.repeat(4000);
		expect(match({ speakers: [{ key: 'name:x', name: long }, { key: 'code:P2', name: '@everyone' }], members: [member('u1', [long]), member('u2', ['everyone'])] })).to.deep.equal(['u1→name:x', 'u2→code:P2']);
	});
});
