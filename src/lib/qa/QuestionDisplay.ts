import { RESTJSONErrorCodes } from 'discord.js';
import { isDiscordError } from '#lib/discord/apiErrors';
import { errorText } from '#lib/errorText';
import type { QuestionMessage } from './qaTexts';
import type { Question, QaStore } from './QaStore';

/** How long a click's answer waits for the one before it on the same question: well inside Discord's 3 s. */
const ORDER_WAIT_MS = 1000;

export interface QuestionDisplayOptions {
	store: QaStore;
	/** Draws a question's message as it stands. */
	render: (question: Question) => QuestionMessage;
	/** Edits a message in a thread; throws Discord's refusal. */
	edit: (threadId: string, messageId: string, message: QuestionMessage) => Promise<void>;
	/** Real milliseconds between two edits in one thread: under its 5-per-5-s bucket, with room for the bot's other edits. */
	intervalMs?: number;
	/** Tries per edit before the count waits for the next change (or the next start). */
	attempts?: number;
	logger: { warn(message: string): void };
}

/**
 * Keeps each question's message showing its count and state. A voter's click updates the message through the
 * interaction's own answer (no rate limit), one answer per question at a time, so counts are right at once; an answer
 * that failed, or overlapped another, leaves the message unknown, and the question is redrawn with the stored truth,
 * one edit at a time per thread. What each message shows is stored, so a restart redraws what it left behind.
 */
export class QuestionDisplay {
	private readonly pending = new Map<string, Set<number>>();
	private readonly loops = new Map<string, Promise<void>>();
	/** The last send of each question, which the next one waits for. */
	private readonly chains = new Map<number, Promise<void>>();
	/** Shows of each question in flight: the click answers and the edits. */
	private readonly inFlight = new Map<number, number>();
	private readonly raced = new Set<number>();
	private stopping = false;

	public constructor(private readonly options: QuestionDisplayOptions) {}

	/**
	 * Runs `send`, which puts the question as the store has it at that moment on its message, and notes what the message
	 * shows after it. Sends for one question go one after the other, each with the count of its moment, so the last to
	 * arrive shows the latest count; one that waited too long for the one before goes anyway, and is redrawn after.
	 */
	public async show<T>(questionId: number, send: (question: Question) => Promise<T>): Promise<T> {
		const before = this.chains.get(questionId);
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		this.chains.set(questionId, mine);
		let timer: NodeJS.Timeout | undefined;
		const inOrder = !before || (await Promise.race([before.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ORDER_WAIT_MS)))]));
		clearTimeout(timer);
		const question = this.options.store.question(questionId);
		if (!question) {
			release();
			throw new Error(`question ${questionId} is gone`);
		}
		const flying = (this.inFlight.get(questionId) ?? 0) + 1;
		this.inFlight.set(questionId, flying);
		if (flying > 1 || !inOrder) this.raced.add(questionId);
		let ok = false;
		try {
			const result = await send(question);
			ok = true;
			return result;
		} finally {
			this.settle(question, ok);
			release();
			if (this.chains.get(questionId) === mine) this.chains.delete(questionId);
		}
	}

	/** Redraws the question soon (a chair marked or hid it; a show failed or raced). */
	public redraw(question: Pick<Question, 'id' | 'threadId'>): void {
		if (this.stopping) return;
		let queue = this.pending.get(question.threadId);
		if (!queue) this.pending.set(question.threadId, (queue = new Set()));
		queue.add(question.id);
		if (!this.loops.has(question.threadId)) this.startLoop(question.threadId);
	}

	/** Every question of the thread whose message shows something else than the store (after a restart). */
	public resume(threadId: string): number {
		const stale = this.options.store.ranked(threadId).filter((question) => question.shownVotes !== question.votes || question.shownState !== question.state);
		for (const question of stale) this.redraw(question);
		return stale.length;
	}

	/** Resolves once the thread's pending redraws are done (before its summary, before it is archived). */
	public async flush(threadId: string): Promise<void> {
		while (this.loops.has(threadId)) await this.loops.get(threadId);
	}

	public async stop(): Promise<void> {
		this.stopping = true;
		await Promise.allSettled([...this.loops.values()]);
	}

	private settle(question: Question, ok: boolean): void {
		const left = (this.inFlight.get(question.id) ?? 1) - 1;
		if (left > 0) {
			this.inFlight.set(question.id, left);
			return;
		}
		this.inFlight.delete(question.id);
		const raced = this.raced.delete(question.id);
		if (ok && !raced) {
			this.options.store.markShown(question.id, question.votes, question.state);
			return;
		}
		// Unknown what the message shows now: say so in the store, so even a restart redraws it.
		this.options.store.markShown(question.id, -1, question.state);
		this.redraw(question);
	}

	/** One loop per thread; a redraw asked for while it was ending starts the next. */
	private startLoop(threadId: string): void {
		const loop: Promise<void> = Promise.resolve()
			.then(() => this.drain(threadId))
			.catch((error: unknown) => this.options.logger.warn(`Q&A: counts of thread ${threadId} not redrawn (${errorText(error)}).`))
			.finally(() => {
				if (this.loops.get(threadId) === loop) this.loops.delete(threadId);
				if (this.pending.get(threadId)?.size && !this.stopping) this.startLoop(threadId);
				else this.pending.delete(threadId);
			});
		this.loops.set(threadId, loop);
	}

	private async drain(threadId: string): Promise<void> {
		const { store, render, edit, intervalMs = 1100, attempts = 3 } = this.options;
		const queue = this.pending.get(threadId) ?? new Set<number>();
		const tries = new Map<number, number>();
		while (queue.size && !this.stopping) {
			const id = queue.values().next().value!;
			queue.delete(id);
			const question = store.question(id);
			if (!question?.messageId || (question.shownVotes === question.votes && question.shownState === question.state)) continue;
			try {
				await this.show(id, (current) => edit(threadId, current.messageId!, render(current)));
			} catch (error) {
				if (isDiscordError(error, RESTJSONErrorCodes.UnknownMessage) || isDiscordError(error, RESTJSONErrorCodes.InvalidActionOnArchivedThread) || isDiscordError(error, RESTJSONErrorCodes.UnknownChannel)) {
					// Deleted by a moderator, or the thread is archived: nothing left to show it on.
					store.markShown(id, question.votes, question.state);
					queue.delete(id);
				} else {
					const tried = (tries.get(id) ?? 0) + 1;
					tries.set(id, tried);
					if (tried >= attempts) {
						queue.delete(id);
						this.options.logger.warn(`Q&A: question ${id}'s message was not brought up to date (${errorText(error)}); the next vote or restart tries again.`);
					}
				}
			}
			// Paced after every edit, even the last: a redraw asked for right after must not burst the thread's bucket.
			await new Promise((resolve) => setTimeout(resolve, intervalMs));
		}
	}
}
