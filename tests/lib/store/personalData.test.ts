import { expect } from 'chai';
import { applyMigrations, openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { KEPT_MEMBER_TABLES, PERSONAL_DATA_TABLES, RETENTION_TABLES } from '#lib/store/personalData';

/** A column holding a member's Discord id, by its name: `user_id`, `discord_user_id`, `asker_id`, `linked_by`, `actor`… */
const MEMBER_COLUMN = /(^|_)(user|member|asker|voter|author|owner)_id$|_by$|^actor$/;

const tablesOf = (db: SqliteDatabase) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
const columnsOf = (db: SqliteDatabase, table: string) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((column) => MEMBER_COLUMN.test(column));

/** `table.column` for each member column of a table that neither the retention empties nor KEPT_MEMBER_TABLES keeps. */
function forgotten(db: SqliteDatabase): string[] {
	const listed = new Set([...RETENTION_TABLES, ...KEPT_MEMBER_TABLES.map(({ table }) => table)]);
	return tablesOf(db)
		.filter((table) => !listed.has(table))
		.flatMap((table) => columnsOf(db, table).map((column) => `${table}.${column}`));
}

describe('store/personalData', () => {
	let db: SqliteDatabase;
	beforeEach(() => {
		db = openDatabase(':memory:');
	});
	afterEach(() => db.close());

	it('every table with a member’s id is emptied by the retention or kept with a reason', () => {
		expect(forgotten(db), 'add each to PERSONAL_DATA_TABLES, or to KEPT_MEMBER_TABLES with why').to.deep.equal([]);
	});

	it('finds a new migration’s table with a member’s id that neither list names', () => {
		applyMigrations(db, [{ id: '999-test-forgotten', sql: 'CREATE TABLE test_forgotten (id INTEGER PRIMARY KEY, channel_id TEXT, asker_id TEXT, hidden_by TEXT); CREATE TABLE test_things (thread_id TEXT)' }]);
		expect(forgotten(db)).to.deep.equal(['test_forgotten.asker_id', 'test_forgotten.hidden_by']);
	});

	it('names only tables the migrations create, each once, on one list, with a reason', () => {
		const kept = KEPT_MEMBER_TABLES.map(({ table }) => table);
		const tables = new Set(tablesOf(db));
		for (const table of [...RETENTION_TABLES, ...kept]) expect(tables.has(table), `${table} exists`).to.equal(true);
		expect(new Set([...RETENTION_TABLES, ...kept]).size).to.equal(RETENTION_TABLES.length + kept.length);
		for (const { table, reason } of [...Object.values(PERSONAL_DATA_TABLES).flat(), ...KEPT_MEMBER_TABLES]) expect(reason.trim(), table).not.to.equal('');
	});

	it('lists agenda, speakers, Q&A and DM channels for deletion, and keeps the registrations and the pretix copy', () => {
		expect(Object.keys(PERSONAL_DATA_TABLES)).to.deep.equal(['agenda', 'speakers', 'qa', 'directMessages']);
		expect(RETENTION_TABLES).to.include.members(['agenda_bookmarks', 'speaker_links', 'speaker_checkins', 'dm_channels', 'qa_questions', 'qa_votes']);
		expect(KEPT_MEMBER_TABLES.map(({ table }) => table)).to.include.members(['registrations', 'pretix_orders']);
	});

	it('orders the retention so a table comes before every listed table it references', () => {
		const position = new Map(RETENTION_TABLES.map((table, index) => [table, index]));
		const references = RETENTION_TABLES.flatMap((table) =>
			(db.prepare('SELECT "table" FROM pragma_foreign_key_list(?)').pluck().all(table) as string[]).filter((target) => position.has(target)).map((target) => [table, target] as const)
		);
		expect(references, 'qa_votes references qa_questions').to.deep.include(['qa_votes', 'qa_questions']);
		for (const [table, target] of references) expect(position.get(table)!, `${table} before ${target}`).to.be.below(position.get(target)!);
	});
});
