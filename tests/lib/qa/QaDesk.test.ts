import { expect } from 'chai';
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { fallbackLanguage } from '#lib/i18n/language';
import type { Session } from '#lib/programme/Session';
import { QaDesk, type Participant } from '#lib/qa/QaDesk';
import { parseQaId } from '#lib/qa/qaIds';
import { QaStore } from '#lib/qa/QaStore';
import { qaTexts, questionMessage } from '#lib/qa/qaTexts';
import { QuestionDisplay } from '#lib/qa/QuestionDisplay';
import { openDatabase, type SqliteDatabase } from '#lib/store/Database';
import { eventually } from '../../helpers/eventually';

const THREAD = '1300000000000000001';
const t = qaTexts(fallbackLanguage);
const de = qaTexts('de');

const member = (userId: string, displayName = userId, more: Partial<Participant> = {}): Participant => ({ userId, displayName, organizer: false, roleIds: [], ...more });
const buttonOf = (body: { components?: unknown }) => (body.components as Array<{ components: Array<{ label?: string; custom_id: string; disabled?: boolean }> }>)[0]!.components[0]!;

describe('qa/QaDesk', () => {
	let db: SqliteDatabase;
	let store: QaStore;
	let now: Date;
	let posted: Array<{ threadId: string; body: RESTPostAPIChannelMessageJSONBody }>;
	let failPosts: number;
	let edits: Array<{ messageId: string; content: string }>;
	let desk: QaDesk;
	const session: Session = { code: 'S1', title: 'Taming *asyncio*', start: new Date('2026-07-15T09:00:00Z'), end: new Date('2026-07-15T09:30:00Z'), rooms: ['Forum'], speakers: [{ name: 'Ada', code: 'P1' }], isBreak: false };

	const make = (overrides: { anonymous?: boolean; cooldownSeconds?: number } = {}) => {
		const display = new QuestionDisplay({
			store,
			render: (question) => questionMessage(t, question),
			edit: async (_thread, messageId, message) => void edits.push({ messageId, content: message.content }),
			intervalMs: 1,
			logger: { warn: () => undefined }
		});
		return new QaDesk({
			store,
			display,
			sessions: () => [session],
			post: async (threadId, body) => {
				if (failPosts > 0) {
					failPosts--;
					throw new Error('503 Service Unavailable');
				}
				posted.push({ threadId, body });
				return String(9000 + posted.length);
			},
			publicTexts: t,
			anonymous: overrides.anonymous ?? true,
			cooldownSeconds: overrides.cooldownSeconds ?? 30,
			chairRoleId: () => 'role-chair',
			speakersOf: () => ['u-ada'],
			now: () => now,
			logger: { warn: () => undefined }
		});
	};

	beforeEach(() => {
		db = openDatabase(':memory:');
		now = new Date('2026-07-15T09:05:00Z');
		store = new QaStore(db, () => now);
		posted = [];
		failPosts = 0;
		edits = [];
		store.claim('S1');
		store.markOpened('S1', { threadId: THREAD, parentId: 'room', introMessageId: 'intro' });
		desk = make();
	});
	afterEach(() => db.close());

	const ask = async (userId: string, text: string, anonymous = false) => {
		const reply = await desk.ask(THREAD, member(userId, `Name of ${userId}`), text, anonymous, t);
		now = new Date(now.getTime() + 60_000);
		return reply.content;
	};
	const questionIds = () => posted.map((post) => parseQaId(buttonOf(post.body).custom_id)).map((action) => (action?.kind === 'vote' ? action.questionId : NaN));

	it("posts a question with the asker's display name, escaped, pinging nobody, and a 👍 0 button", async () => {
		expect(await ask('u1', '  Why @everyone <@123> **bold**?  ')).to.equal(t('asked'));
		const body = posted[0]!.body;
		expect(body.content).to.equal('❓ **Name of u1** asks:\nWhy @\u200beveryone \\<@123> \\*\\*bold\\*\\*?');
		expect(body.allowed_mentions).to.deep.equal({ parse: [] });
		expect(buttonOf(body).label).to.equal('0');
	});

	it('posts an anonymous question without the name when config allows, and refuses it when it does not', async () => {
		await ask('u1', 'Secret?', true);
		expect(posted[0]!.body.content).to.equal('❓ Anonymous question:\nSecret?');
		desk = make({ anonymous: false });
		expect(await ask('u2', 'Secret too?', true)).to.equal(t('anonymousOff'));
		expect(posted).to.have.length(1);
	});

	it('refuses outside a Q&A thread, after it closed, an empty question, and a second question within the cooldown', async () => {
		expect((await desk.ask('1300000000000000999', member('u1'), 'Hi?', false, t)).content).to.equal(t('notQaThread'));
		expect((await desk.ask(null, member('u1'), 'Hi?', false, t)).content).to.equal(t('notQaThread'));
		expect((await desk.ask(THREAD, member('u1'), ' \n ', false, t)).content).to.equal(t('askEmpty'));
		expect((await desk.ask(THREAD, member('u1'), 'First?', false, t)).content).to.equal(t('asked'));
		now = new Date(now.getTime() + 10_000);
		expect((await desk.ask(THREAD, member('u1'), 'Second?', false, de)).content).to.equal(de('askCooldown', { seconds: 20 }));
		store.markClosed('S1');
		expect((await desk.ask(THREAD, member('u2'), 'Late?', false, t)).content).to.equal(t('qaClosed'));
		expect(posted).to.have.length(1);
	});

	it('keeps no trace of a question Discord refused, and gives the asker their text back', async () => {
		failPosts = 1;
		const reply = await ask('u1', 'Lost?');
		expect(reply).to.equal(t('askFailed', { text: '>>> Lost?' }));
		expect(store.ranked(THREAD)).to.deep.equal([]);
		expect(store.lastAskedAt('u1')).to.equal(undefined);
	});

	it('cuts a 4,000-character question to the form’s 500 and still fits one message', async () => {
		await ask('u1', 'ä'.repeat(4000));
		expect(store.ranked(THREAD)[0]!.text).to.have.length(500);
		expect(String(posted[0]!.body.content).length).to.be.below(2000);
	});

	it('counts one vote per member, refuses a second and one’s own, and ranks by votes then by who asked first', async () => {
		await ask('u1', 'First?');
		await ask('u2', 'Second?');
		await ask('u3', 'Third?');
		const [first, second, third] = questionIds();
		for (const voter of ['v1', 'v2']) expect(desk.vote(third!, voter, t).kind).to.equal('counted');
		expect(desk.vote(second!, 'v1', t).kind).to.equal('counted');
		expect(desk.vote(third!, 'v1', t)).to.deep.equal({ kind: 'refused', content: t('voteAgain', { count: 2 }) });
		expect(desk.vote(first!, 'u1', t)).to.deep.equal({ kind: 'refused', content: t('voteOwn') });
		const counted = desk.vote(first!, 'v3', t);
		expect(counted.kind === 'counted' && (await desk.showVote(counted.question, async (message) => buttonOf(message).label))).to.equal('1');
		expect(store.ranked(THREAD).map((question) => [question.text, question.votes])).to.deep.equal([
			['Third?', 2],
			['First?', 1],
			['Second?', 1]
		]);
	});

	it('lets the chair role, the session’s speaker and organizers see the list, and nobody else', async () => {
		await ask('u1', 'First?');
		expect(desk.top(THREAD, member('u9'), t)).to.deep.equal({ kind: 'refused', content: t('notChair') });
		for (const chair of [member('u-ada'), member('x', 'x', { roleIds: ['role-chair'] }), member('o', 'o', { organizer: true })]) expect(desk.top(THREAD, chair, t).kind).to.equal('list');
	});

	it('marks answered and hides from the list; the message is redrawn; answered questions take no more votes', async () => {
		await ask('u1', 'First?');
		await ask('u2', 'Second?');
		const [first, second] = questionIds();
		desk.vote(second!, 'v1', t);
		const chair = member('o', 'o', { organizer: true });
		const list = desk.top(THREAD, chair, t);
		expect(list.kind === 'list' && list.content.split('\n')).to.deep.equal([
			t('topTitle', { title: 'Taming \\*asyncio\\*' }),
			t('topCounts', { open: 2, answered: 0, hidden: 0 }),
			t('topLine', { rank: 1, votes: 1, text: 'Second?', who: 'Name of u2' }),
			t('topLine', { rank: 2, votes: 0, text: 'First?', who: 'Name of u1' })
		]);
		const answered = desk.decide(THREAD, second!, 'answer', chair, t);
		expect(answered.kind === 'list' && answered.content.split('\n')[0]).to.equal(t('markedAnswered', { text: '“Second?”' }));
		expect(desk.decide(THREAD, second!, 'answer', chair, t).content.split('\n')[0]).to.equal(t('alreadyAnswered'));
		desk.decide(THREAD, first!, 'hide', chair, t);
		expect(desk.vote(second!, 'v2', t)).to.deep.equal({ kind: 'refused', content: t('voteAnswered') });
		expect(desk.vote(first!, 'v2', t)).to.deep.equal({ kind: 'refused', content: t('voteHidden') });
		expect(desk.decide(THREAD, first!, 'hide', member('u9'), t)).to.deep.equal({ kind: 'refused', content: t('notChair') });
		const after = desk.top(THREAD, chair, t);
		expect(after.kind === 'list' && after.content.split('\n')).to.deep.equal([t('topTitle', { title: 'Taming \\*asyncio\\*' }), t('topCounts', { open: 0, answered: 1, hidden: 1 }), t('topEmpty')]);
		await eventually(() => edits.length === 2, 'both messages redrawn');
		expect(edits.map((edit) => edit.content.split('\n')[0])).to.deep.equal([`${t('answeredMark')} · ${t('questionBy', { name: 'Name of u2' })}`, t('hiddenQuestion')]);
	});
});
