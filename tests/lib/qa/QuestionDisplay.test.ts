import { expect } from 'chai';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { fallbackLanguage } from '#lib/i18n/language';
import { QaStore } from '#lib/qa/QaStore';
import { qaTexts, questionMessage } from '#lib/qa/qaTexts';
import { QuestionDisplay } from '#lib/qa/QuestionDisplay';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';

const THREAD = '1300000000000000001';
const t = qaTexts(fallbackLanguage);
const labelOf = (content: { components: Array<{ components: Array<{ label?: string }> }> }) => content.components[0]?.components[0]?.label;

describe('qa/QuestionDisplay', () => {
	let db: SqliteDatabase;
	let store: QaStore;
	let edits: Array<{ messageId: string; label: string | undefined }>;
	let failEdits: Map<string, unknown[]>;
	const make = () =>
		new QuestionDisplay({
			store,
			render: (question) => questionMessage(t, question),
			edit: async (_thread, messageId, message) => {
				const failure = failEdits.get(messageId)?.shift();
				if (failure) throw failure;
				edits.push({ messageId, label: labelOf(message as never) });
			},
			intervalMs: 1,
			logger: { warn: () => undefined }
		});
	const question = (messageId: string) => {
		const id = store.ask(THREAD, { id: `asker-${messageId}`, name: 'A' }, `Question ${messageId}?`, false);
		store.posted(id, messageId);
		store.markShown(id, 0, 'open');
		return id;
	};

	beforeEach(() => {
		db = openDatabase(':memory:');
		store = new QaStore(db);
		edits = [];
		failEdits = new Map();
	});
	afterEach(() => db.close());

	it('notes what a lone click answer showed, and edits nothing', async () => {
		const display = make();
		const id = question('m1');
		store.vote(id, 'v1');
		await display.show(id, async () => undefined);
		await display.flush(THREAD);
		expect(edits).to.deep.equal([]);
		expect(store.question(id)!.shownVotes).to.equal(1);
	});

	it('sends the answers for one question in order, each with the count of its moment, and so needs no redraw', async () => {
		const display = make();
		const id = question('m1');
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const sent: number[] = [];
		store.vote(id, 'v1');
		const first = display.show(id, (current) => (sent.push(current.votes), held));
		store.vote(id, 'v2');
		const second = display.show(id, async (current) => void sent.push(current.votes));
		store.vote(id, 'v3');
		release();
		await Promise.all([first, second]);
		await display.flush(THREAD);
		expect(sent).to.deep.equal([1, 3]);
		expect(edits).to.deep.equal([]);
		expect(store.question(id)!.shownVotes).to.equal(3);
	});

	it('lets an answer go without the one before when that one hangs, then redraws the stored count once', async () => {
		const display = make();
		const id = question('m1');
		store.vote(id, 'v1');
		let release!: () => void;
		const first = display.show(id, () => new Promise<void>((resolve) => (release = resolve)));
		store.vote(id, 'v2');
		await display.show(id, async () => undefined);
		release();
		await first;
		await display.flush(THREAD);
		expect(edits).to.deep.equal([{ messageId: 'm1', label: '2' }]);
		expect(store.question(id)!.shownVotes).to.equal(2);
	});

	it('redraws a failed click answer, retries a failed edit, and gives up on a deleted message', async () => {
		const display = make();
		const a = question('m1');
		const b = question('m2');
		store.vote(a, 'v1');
		store.vote(b, 'v1');
		failEdits.set('m1', [new Error('503')]);
		failEdits.set('m2', [new DiscordAPIError({ code: RESTJSONErrorCodes.UnknownMessage, message: 'Unknown Message' }, RESTJSONErrorCodes.UnknownMessage, 404, 'PATCH', '/x', {})]);
		await display.show(a, () => Promise.reject(new Error('10062 Unknown interaction'))).catch(() => undefined);
		await display.show(b, () => Promise.reject(new Error('timeout'))).catch(() => undefined);
		await display.flush(THREAD);
		expect(edits).to.deep.equal([{ messageId: 'm1', label: '1' }]);
		expect(store.question(b)!.shownVotes).to.equal(1);
	});

	it('after a restart redraws exactly the questions whose messages show something else', async () => {
		const stale = question('m1');
		question('m2');
		const unknown = question('m3');
		store.vote(stale, 'v1');
		store.markShown(unknown, -1, 'open');
		const display = make();
		expect(display.resume(THREAD)).to.equal(2);
		await display.flush(THREAD);
		expect(edits.map((edit) => edit.messageId).sort()).to.deep.equal(['m1', 'm3']);
		expect(display.resume(THREAD)).to.equal(0);
	});
});
