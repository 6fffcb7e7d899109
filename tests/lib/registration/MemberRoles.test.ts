import { expect } from 'chai';
import { MemberRoles } from '#lib/registration/MemberRoles';

describe('registration/MemberRoles', () => {
	const tickets = new Map<string, string[]>([['u1', ['sponsors', 'participants']]]);
	const speakers = new Set(['u1', 'u2']);
	const roles = () => {
		const memberRoles = new MemberRoles((userId) => tickets.get(userId) ?? []);
		memberRoles.addSource('speakers', (userId) => (speakers.has(userId) ? ['speakers'] : []));
		return memberRoles;
	};

	it('a speaker with a sponsor ticket is wanted in both roles: the union, each once', () => {
		expect(roles().wanted('u1')).to.deep.equal(['sponsors', 'participants', 'speakers']);
		expect(roles().wanted('u2')).to.deep.equal(['speakers']);
		expect(roles().wanted('u3')).to.deep.equal([]);
	});

	it('a PATCH of the ticket roles carries the features’ roles too', () => {
		expect(roles().withExtras('u1', ['sponsors'])).to.deep.equal(['sponsors', 'speakers']);
		expect(roles().withExtras('u3', ['participants'])).to.deep.equal(['participants']);
		const memberRoles = roles();
		memberRoles.addSource('speakers', () => ['speakers']);
		expect(memberRoles.withExtras('u3', ['speakers']), 'a source replaced, never counted twice').to.deep.equal(['speakers']);
	});

	it('only roles nothing wants any more are safe to take away', () => {
		expect(roles().unwanted('u2', ['participants', 'speakers'])).to.deep.equal(['participants']);
		expect(roles().unwanted('u1', ['sponsors', 'speakers', 'volunteers'])).to.deep.equal(['volunteers']);
	});

	it('withholds a role a feature just took, unless the member is still wanted in it', () => {
		const memberRoles = new MemberRoles((userId) => tickets.get(userId) ?? []);
		const justTaken = new Set(['u3', 'u4']);
		memberRoles.addSource('speakers', () => [], (userId) => (justTaken.has(userId) ? ['speakers'] : []));
		expect(memberRoles.withheld('u3')).to.deep.equal(['speakers']);
		expect(memberRoles.withheld('u5')).to.deep.equal([]);
		tickets.set('u4', ['speakers']);
		expect(memberRoles.withheld('u4'), 'a ticket that gives it wins').to.deep.equal([]);
		tickets.delete('u4');
	});

	it('says whether a ticket gives a role, and tells listeners of a registration', () => {
		const memberRoles = roles();
		expect(memberRoles.fromTicket('u1', 'sponsors')).to.equal(true);
		expect(memberRoles.fromTicket('u1', 'speakers')).to.equal(false);
		const told: string[] = [];
		memberRoles.onRegistered((userId) => told.push(userId));
		memberRoles.registered('u2');
		expect(told).to.deep.equal(['u2']);
	});
});
