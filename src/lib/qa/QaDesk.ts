import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { escapeLine } from '#lib/discord/escape';
import { errorText } from '#lib/errorText';
import type { Texts } from '#lib/i18n/texts';
import type { Session } from '#lib/programme/Session';
import type { Question, QaStore, QaThread } from './QaStore';
import type { QuestionDisplay } from './QuestionDisplay';
import { QUESTION_MAX_LENGTH, questionMessage, topList, type QuestionMessage } from './qaTexts';

/** Who clicked or typed: enough to tell a chair. */
export interface Participant {
	userId: string;
	displayName: string;
	organizer: boolean;
	roleIds: readonly string[];
}

export interface QaDeskOptions {
	store: QaStore;
	display: QuestionDisplay;
	sessions: () => readonly Session[];
	/** Posts a question into its thread; resolves with the message id. */
	post: (threadId: string, body: RESTPostAPIChannelMessageJSONBody) => Promise<string>;
	/** The `qa` texts of `[bot] language`, for what everyone sees. */
	publicTexts: Texts;
	anonymous: boolean;
	cooldownSeconds: number;
	/** The chair role's id, when the server has it. */
	chairRoleId: () => string | undefined;
	/** The members linked to the session's speakers. */
	speakersOf: (session: Session) => readonly string[];
	now: () => Date;
	logger: { warn(message: string): void };
}

export type Reply = { content: string };
export type VoteAnswer = { kind: 'counted'; question: Question } | ({ kind: 'refused' } & Reply);
export type ChairAnswer = ({ kind: 'list' } & QuestionMessage) | ({ kind: 'refused' } & Reply);

/** Questions, votes and the chair's list; the member-facing half of Q&A. Every answer is in the asker's language (`t`). */
export class QaDesk {
	public constructor(private readonly options: QaDeskOptions) {}

	/** Why the member cannot ask here now, or null: checked before the form opens, and again when it is sent. */
	public refusal(channelId: string | null, userId: string, anonymous: boolean, t: Texts): string | null {
		const thread = channelId ? this.options.store.threadById(channelId) : undefined;
		if (!thread) return t('notQaThread');
		if (thread.status !== 'open') return t('qaClosed');
		if (anonymous && !this.options.anonymous) return t('anonymousOff');
		const last = this.options.store.lastAskedAt(userId);
		const wait = last ? Math.ceil((last.getTime() + this.options.cooldownSeconds * 1000 - this.options.now().getTime()) / 1000) : 0;
		if (wait > 0) return t('askCooldown', { seconds: wait });
		return null;
	}

	/** Posts the question in the thread; the store has it only once Discord does. */
	public async ask(channelId: string | null, asker: Participant, rawText: string, anonymous: boolean, t: Texts): Promise<Reply> {
		const text = rawText.trim().slice(0, QUESTION_MAX_LENGTH);
		if (!text) return { content: t('askEmpty') };
		const refused = this.refusal(channelId, asker.userId, anonymous, t);
		if (refused) return { content: refused };
		const { store, post, publicTexts } = this.options;
		const threadId = channelId!;
		const id = store.ask(threadId, { id: asker.userId, name: asker.displayName }, text, anonymous);
		const question = store.question(id)!;
		try {
			const messageId = await post(threadId, { ...questionMessage(publicTexts, question), allowed_mentions: { parse: [] } });
			store.posted(id, messageId);
			store.markShown(id, 0, 'open');
		} catch (error) {
			store.forget(id);
			this.options.logger.warn(`Q&A: a question in ${threadId} was not posted (${errorText(error)}).`);
			return { content: t('askFailed', { text: `>>> ${text}` }) };
		}
		return { content: t(anonymous ? 'askedAnonymously' : 'asked') };
	}

	/** A 👍 click: counted once per member; the caller shows the new count on the message through its answer. */
	public vote(questionId: number, userId: string, t: Texts): VoteAnswer {
		const { store } = this.options;
		const before = store.question(questionId);
		if (!before?.messageId) return { kind: 'refused', content: t('voteGone') };
		if (store.threadById(before.threadId)?.status !== 'open') return { kind: 'refused', content: t('qaClosed') };
		if (before.state === 'hidden') return { kind: 'refused', content: t('voteHidden') };
		if (before.state === 'answered') return { kind: 'refused', content: t('voteAnswered') };
		if (before.askerId === userId) return { kind: 'refused', content: t('voteOwn') };
		if (!store.vote(questionId, userId)) return { kind: 'refused', content: t('voteAgain', { count: before.votes }) };
		return { kind: 'counted', question: store.question(questionId)! };
	}

	/** Shows the question's message as it stands through `send` (the click's answer), keeping the display's books. */
	public showVote<T>(question: Question, send: (message: QuestionMessage) => Promise<T>): Promise<T> {
		return this.options.display.show(question.id, (current) => send(questionMessage(this.options.publicTexts, current)));
	}

	/** The chair's ranked list for the thread; `notice` tops it after an action. */
	public top(threadId: string, who: Participant, t: Texts, notice?: string): ChairAnswer {
		const thread = this.options.store.threadById(threadId);
		if (!thread?.threadId) return { kind: 'refused', content: t('notQaThread') };
		const session = this.sessionOf(thread);
		if (!this.isChair(who, session)) return { kind: 'refused', content: t('notChair') };
		return { kind: 'list', ...topList(t, session?.title ?? thread.sessionCode, threadId, this.options.store.ranked(threadId), notice) };
	}

	/** A chair marks a question answered (or hides it); the list comes back with a line saying what happened. */
	public decide(threadId: string, questionId: number, action: 'answer' | 'hide', who: Participant, t: Texts): ChairAnswer {
		const { store, display } = this.options;
		const question = store.question(questionId);
		const thread = store.threadById(threadId);
		if (!thread || !question || question.threadId !== threadId) return this.top(threadId, who, t, t('voteGone'));
		if (!this.isChair(who, this.sessionOf(thread))) return { kind: 'refused', content: t('notChair') };
		const changed = action === 'answer' ? store.answer(questionId, who.userId) : store.hide(questionId, who.userId);
		if (changed) display.redraw(question);
		const short = escapeLine(question.text).slice(0, 80);
		const notice = changed ? t(action === 'answer' ? 'markedAnswered' : 'markedHidden', { text: `“${short}”` }) : t(action === 'answer' ? 'alreadyAnswered' : 'alreadyHidden');
		return this.top(threadId, who, t, notice);
	}

	/** Organizers, members with the chair role, and the session's linked speakers. */
	public isChair(who: Participant, session: Session | undefined): boolean {
		if (who.organizer) return true;
		const chairRole = this.options.chairRoleId();
		if (chairRole && who.roleIds.includes(chairRole)) return true;
		return !!session && this.options.speakersOf(session).includes(who.userId);
	}

	private sessionOf(thread: QaThread): Session | undefined {
		return this.options.sessions().find((session) => session.code === thread.sessionCode);
	}
}
