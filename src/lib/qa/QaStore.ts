import type { SqliteDatabase } from '#lib/store/Database';

export type ThreadStatus = 'claimed' | 'open' | 'closed' | 'skipped';

export interface QaThread {
	sessionCode: string;
	status: ThreadStatus;
	threadId: string | null;
	parentChannelId: string | null;
	introMessageId: string | null;
	summaryMessageId: string | null;
	note: string | null;
	updatedAt: Date;
}

/** What a question's message shows: open for votes, answered, or hidden by a chair. */
export type QuestionState = 'open' | 'answered' | 'hidden';

export interface Question {
	id: number;
	threadId: string;
	askerId: string;
	askerName: string;
	text: string;
	anonymous: boolean;
	messageId: string | null;
	askedAt: Date;
	answeredAt: Date | null;
	hiddenAt: Date | null;
	votes: number;
	state: QuestionState;
	/** The count and state its message shows; -1 votes when not known. */
	shownVotes: number;
	shownState: QuestionState;
}

interface ThreadRow {
	session_code: string;
	status: ThreadStatus;
	thread_id: string | null;
	parent_channel_id: string | null;
	intro_message_id: string | null;
	summary_message_id: string | null;
	note: string | null;
	updated_at: string;
}

interface QuestionRow {
	id: number;
	thread_id: string;
	asker_id: string;
	asker_name: string;
	text: string;
	anonymous: number;
	message_id: string | null;
	asked_at: string;
	answered_at: string | null;
	hidden_at: string | null;
	shown_votes: number;
	shown_state: QuestionState;
	votes: number;
}

const questionColumns = `q.*, (SELECT COUNT(*) FROM qa_votes v WHERE v.question_id = q.id) AS votes`;

/** Q&A threads, questions and votes in SQLite: counts are the truth, messages only show them. */
export class QaStore {
	private readonly statements;
	private readonly staleClaimMs: number;

	public constructor(
		private readonly db: SqliteDatabase,
		private readonly now: () => Date = () => new Date(),
		private readonly namespace = '',
		staleClaimMinutes = 2
	) {
		this.staleClaimMs = staleClaimMinutes * 60_000;
		this.statements = {
			claim: db.prepare<{ namespace: string; code: string; now: string; stale: string }>(
				`INSERT INTO qa_threads (namespace, session_code, status, updated_at) VALUES (@namespace, @code, 'claimed', @now)
				 ON CONFLICT DO UPDATE SET updated_at = excluded.updated_at WHERE qa_threads.status = 'claimed' AND qa_threads.updated_at < @stale`
			),
			release: db.prepare<[string, string]>(`DELETE FROM qa_threads WHERE namespace = ? AND session_code = ? AND status = 'claimed'`),
			opened: db.prepare<{ namespace: string; code: string; threadId: string; parentId: string; introId: string | null; now: string }>(
				`UPDATE qa_threads SET status = 'open', thread_id = @threadId, parent_channel_id = @parentId, intro_message_id = @introId, updated_at = @now
				 WHERE namespace = @namespace AND session_code = @code`
			),
			intro: db.prepare<{ namespace: string; code: string; introId: string; now: string }>(
				`UPDATE qa_threads SET intro_message_id = @introId, updated_at = @now WHERE namespace = @namespace AND session_code = @code`
			),
			skipped: db.prepare<{ namespace: string; code: string; note: string; now: string }>(
				`UPDATE qa_threads SET status = 'skipped', note = @note, updated_at = @now WHERE namespace = @namespace AND session_code = @code`
			),
			summary: db.prepare<{ namespace: string; code: string; messageId: string; now: string }>(
				`UPDATE qa_threads SET summary_message_id = @messageId, updated_at = @now WHERE namespace = @namespace AND session_code = @code`
			),
			closed: db.prepare<{ namespace: string; code: string; now: string }>(
				`UPDATE qa_threads SET status = 'closed', updated_at = @now WHERE namespace = @namespace AND session_code = @code`
			),
			thread: db.prepare<[string, string], ThreadRow>(`SELECT * FROM qa_threads WHERE namespace = ? AND session_code = ?`),
			byThreadId: db.prepare<[string, string], ThreadRow>(`SELECT * FROM qa_threads WHERE namespace = ? AND thread_id = ?`),
			inStatus: db.prepare<[string, string], ThreadRow>(`SELECT * FROM qa_threads WHERE namespace = ? AND status = ? ORDER BY updated_at`),
			all: db.prepare<[string], ThreadRow>(`SELECT * FROM qa_threads WHERE namespace = ? ORDER BY updated_at`),
			ask: db.prepare<{ threadId: string; askerId: string; askerName: string; text: string; anonymous: number; now: string }>(
				`INSERT INTO qa_questions (thread_id, asker_id, asker_name, text, anonymous, asked_at) VALUES (@threadId, @askerId, @askerName, @text, @anonymous, @now)`
			),
			posted: db.prepare<[string, number]>(`UPDATE qa_questions SET message_id = ? WHERE id = ?`),
			forget: db.prepare<[number]>(`DELETE FROM qa_questions WHERE id = ? AND message_id IS NULL`),
			question: db.prepare<[number], QuestionRow>(`SELECT ${questionColumns} FROM qa_questions q WHERE q.id = ?`),
			questionsOf: db.prepare<[string], QuestionRow>(`SELECT ${questionColumns} FROM qa_questions q WHERE q.thread_id = ? AND q.message_id IS NOT NULL`),
			lastAskedBy: db.prepare<[string], { asked_at: string }>(`SELECT asked_at FROM qa_questions WHERE asker_id = ? ORDER BY asked_at DESC LIMIT 1`),
			vote: db.prepare<[number, string, string]>(`INSERT INTO qa_votes (question_id, user_id, voted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
			answer: db.prepare<[string, string, number]>(`UPDATE qa_questions SET answered_at = ?, answered_by = ? WHERE id = ? AND answered_at IS NULL AND hidden_at IS NULL`),
			hide: db.prepare<[string, string, number]>(`UPDATE qa_questions SET hidden_at = ?, hidden_by = ? WHERE id = ? AND hidden_at IS NULL`),
			shown: db.prepare<[number, QuestionState, number]>(`UPDATE qa_questions SET shown_votes = ?, shown_state = ? WHERE id = ?`)
		};
	}

	/** True if this caller may open the session's thread now (atomic, one winner; a crashed holder's claim goes stale). */
	public claim(sessionCode: string): boolean {
		const now = this.now();
		return this.statements.claim.run({ namespace: this.namespace, code: sessionCode, now: now.toISOString(), stale: new Date(now.getTime() - this.staleClaimMs).toISOString() }).changes > 0;
	}

	public release(sessionCode: string): void {
		this.statements.release.run(this.namespace, sessionCode);
	}

	public markOpened(sessionCode: string, thread: { threadId: string; parentId: string; introMessageId: string | null }): void {
		this.statements.opened.run({ namespace: this.namespace, code: sessionCode, threadId: thread.threadId, parentId: thread.parentId, introId: thread.introMessageId, now: this.now().toISOString() });
	}

	public markIntro(sessionCode: string, introMessageId: string): void {
		this.statements.intro.run({ namespace: this.namespace, code: sessionCode, introId: introMessageId, now: this.now().toISOString() });
	}

	public markSkipped(sessionCode: string, note: string): void {
		this.statements.skipped.run({ namespace: this.namespace, code: sessionCode, note, now: this.now().toISOString() });
	}

	public markSummarised(sessionCode: string, messageId: string): void {
		this.statements.summary.run({ namespace: this.namespace, code: sessionCode, messageId, now: this.now().toISOString() });
	}

	public markClosed(sessionCode: string): void {
		this.statements.closed.run({ namespace: this.namespace, code: sessionCode, now: this.now().toISOString() });
	}

	public thread(sessionCode: string): QaThread | undefined {
		const row = this.statements.thread.get(this.namespace, sessionCode);
		return row && threadOf(row);
	}

	public threadById(threadId: string): QaThread | undefined {
		const row = this.statements.byThreadId.get(this.namespace, threadId);
		return row && threadOf(row);
	}

	/** Every session's thread record, whatever its state. */
	public threads(): QaThread[] {
		return this.statements.all.all(this.namespace).map(threadOf);
	}

	public threadsIn(status: ThreadStatus): QaThread[] {
		return this.statements.inStatus.all(this.namespace, status).map(threadOf);
	}

	/** A question not on Discord yet; `posted` or `forget` follows. */
	public ask(threadId: string, asker: { id: string; name: string }, text: string, anonymous: boolean): number {
		return Number(this.statements.ask.run({ threadId, askerId: asker.id, askerName: asker.name, text, anonymous: anonymous ? 1 : 0, now: this.now().toISOString() }).lastInsertRowid);
	}

	public posted(questionId: number, messageId: string): void {
		this.statements.posted.run(messageId, questionId);
	}

	/** Discord refused the question's message: no trace of it stays. */
	public forget(questionId: number): void {
		this.statements.forget.run(questionId);
	}

	public question(id: number): Question | undefined {
		const row = this.statements.question.get(id);
		return row && questionOf(row);
	}

	/** The thread's posted questions, most votes first, then the earliest asked. */
	public ranked(threadId: string): Question[] {
		return this.statements.questionsOf
			.all(threadId)
			.map(questionOf)
			.sort((a, b) => b.votes - a.votes || a.askedAt.getTime() - b.askedAt.getTime() || a.id - b.id);
	}

	public lastAskedAt(userId: string): Date | undefined {
		const row = this.statements.lastAskedBy.get(userId);
		return row && new Date(row.asked_at);
	}

	/** False when the member had voted for it already. */
	public vote(questionId: number, userId: string): boolean {
		return this.statements.vote.run(questionId, userId, this.now().toISOString()).changes > 0;
	}

	/** False when it was answered or hidden already. */
	public answer(questionId: number, by: string): boolean {
		return this.statements.answer.run(this.now().toISOString(), by, questionId).changes > 0;
	}

	/** False when it was hidden already. */
	public hide(questionId: number, by: string): boolean {
		return this.statements.hide.run(this.now().toISOString(), by, questionId).changes > 0;
	}

	public markShown(questionId: number, votes: number, state: QuestionState): void {
		this.statements.shown.run(votes, state, questionId);
	}

	/** One transaction around `work`, for several writes that belong together. */
	public transaction<T>(work: () => T): T {
		return this.db.transaction(work)();
	}
}

function threadOf(row: ThreadRow): QaThread {
	return {
		sessionCode: row.session_code,
		status: row.status,
		threadId: row.thread_id,
		parentChannelId: row.parent_channel_id,
		introMessageId: row.intro_message_id,
		summaryMessageId: row.summary_message_id,
		note: row.note,
		updatedAt: new Date(row.updated_at)
	};
}

function questionOf(row: QuestionRow): Question {
	return {
		id: row.id,
		threadId: row.thread_id,
		askerId: row.asker_id,
		askerName: row.asker_name,
		text: row.text,
		anonymous: row.anonymous === 1,
		messageId: row.message_id,
		askedAt: new Date(row.asked_at),
		answeredAt: row.answered_at ? new Date(row.answered_at) : null,
		hiddenAt: row.hidden_at ? new Date(row.hidden_at) : null,
		votes: row.votes,
		state: row.hidden_at ? 'hidden' : row.answered_at ? 'answered' : 'open',
		shownVotes: row.shown_votes,
		shownState: row.shown_state
	};
}
