import { expect } from 'chai';
import { Bookmarks } from '#lib/agenda/Bookmarks';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

describe('agenda/Bookmarks', () => {
	let db: SqliteDatabase;
	let bookmarks: Bookmarks;
	const now = new Date('2026-07-15T07:00:00Z');
	beforeEach(() => {
		db = openDatabase(':memory:');
		bookmarks = new Bookmarks(db);
	});
	afterEach(() => db.close());

	it('adds a session once per member, keeps them in the order bookmarked, and counts per session', () => {
		expect(bookmarks.add('u1', 'S2', now)).to.equal(true);
		expect(bookmarks.add('u1', 'S1', new Date(now.getTime() + 1000))).to.equal(true);
		expect(bookmarks.add('u1', 'S2', now)).to.equal(false);
		bookmarks.add('u2', 'S2', now);
		expect(bookmarks.of('u1')).to.deep.equal(['S2', 'S1']);
		expect(bookmarks.members(), 'members with a bookmark').to.equal(2);
		expect(bookmarks.counts()).to.deep.equal([
			{ sessionCode: 'S2', count: 2 },
			{ sessionCode: 'S1', count: 1 }
		]);
	});

	it('removes one, and clears a member without touching anyone else', () => {
		bookmarks.add('u1', 'S1', now);
		bookmarks.add('u1', 'S2', now);
		bookmarks.add('u2', 'S1', now);
		expect(bookmarks.remove('u1', 'S1')).to.equal(true);
		expect(bookmarks.remove('u1', 'S1')).to.equal(false);
		expect(bookmarks.clear('u1')).to.equal(1);
		expect(bookmarks.of('u1')).to.deep.equal([]);
		expect(bookmarks.of('u2')).to.deep.equal(['S1']);
	});
});
