import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'chai';
import { DiscordAPIError, HTTPError } from 'discord.js';
import { failureCause } from '#lib/discord/failureAnswer';
import { PretixUnavailableError } from '#lib/pretix/errors';

describe('discord/failureAnswer failureCause', () => {
	it('names storage failures by what an organizer can fix', () => {
		expect(failureCause(new BetterSqlite3.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'))).to.equal("the bot's database is read-only");
		expect(failureCause(new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL'))).to.equal("the disk under the bot's database is full");
		expect(failureCause(new BetterSqlite3.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'))).to.equal("the bot's database could not be written (an I/O error)");
		expect(failureCause(new BetterSqlite3.SqliteError('constraint', 'SQLITE_CONSTRAINT_UNIQUE'))).to.equal("the bot's database failed (SQLITE_CONSTRAINT_UNIQUE)");
	});

	it('tells a Discord refusal from Discord not answering, and pretix from the rest', () => {
		const request = { body: undefined, files: undefined };
		const refused = new DiscordAPIError({ code: 50013, message: 'Missing Permissions' }, 50013, 403, 'PATCH', '/guilds/1/members/2', request);
		expect(failureCause(refused)).to.equal('Discord refused a request (403: Missing Permissions)');
		expect(failureCause(new HTTPError(502, 'Bad Gateway', 'PATCH', '/guilds/1/members/2', request))).to.equal('Discord did not answer (502)');
		expect(failureCause(new PretixUnavailableError('timeout', null))).to.equal('pretix did not answer');
		expect(failureCause(new TypeError('x is undefined'))).to.equal('an unexpected error');
	});
});
