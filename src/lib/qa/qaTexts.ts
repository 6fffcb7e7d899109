import { ButtonStyle, ComponentType, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle, type APIActionRowComponent, type APIButtonComponent, type APIComponentInMessageActionRow } from 'discord.js';
import { escapeLine, escapeText } from '#lib/discord/escape';
import { fitLines } from '#lib/discord/limits';
import type { Language } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { QaIds } from './qaIds';
import type { Question } from './QaStore';

/** Characters in one question: room for a real question, short enough for a ranked list. */
export const QUESTION_MAX_LENGTH = 500;
/** The ask form's one field. */
export const QUESTION_FIELD = 'question';
/** Discord's caps the Q&A texts live under. */
const THREAD_NAME_LIMIT = 100;
const OPTION_LABEL_LIMIT = 100;
/** Questions the chair's list shows and its menus offer (a select menu holds 25). */
export const TOP_QUESTIONS = 10;

/** The `qa` texts of one language (src/languages/<language>/qa.json). */
export const qaTexts = (language: Language): Texts => textsFor(language, 'qa');

export interface QuestionMessage {
	content: string;
	components: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
}

const clip = (text: string, limit: number) => (text.length <= limit ? text : `${text.slice(0, limit - 1)}…`);

export function threadName(t: Texts, title: string): string {
	return clip(t('threadName', { title: title.replace(/\s+/g, ' ').trim() }), THREAD_NAME_LIMIT);
}

/** The bot's first message in a thread: what it is for, and the ask buttons. */
export function introMessage(t: Texts, title: string, anonymous: boolean): QuestionMessage {
	const buttons: APIButtonComponent[] = [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: t('askButton'), custom_id: QaIds.ask, emoji: { name: '❓' } }];
	if (anonymous) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: t('askAnonymousButton'), custom_id: QaIds.askAnonymous });
	return { content: t(anonymous ? 'intro' : 'introNoAnonymous', { title: escapeLine(title) }), components: [{ type: ComponentType.ActionRow, components: buttons }] };
}

/** The ask form, in the asker's language; a Label with a hint, as Discord now wants modals built. */
export function askModal(t: Texts, anonymous: boolean): ModalBuilder {
	return new ModalBuilder()
		.setCustomId(QaIds.modal(anonymous))
		.setTitle(clip(t(anonymous ? 'modalTitleAnonymous' : 'modalTitle'), 45))
		.addLabelComponents(
			new LabelBuilder()
				.setLabel(clip(t('modalLabel'), 45))
				.setTextInputComponent(
					new TextInputBuilder()
						.setCustomId(QUESTION_FIELD)
						.setPlaceholder(clip(t('modalPlaceholder'), 100))
						.setStyle(TextInputStyle.Paragraph)
						.setMinLength(1)
						.setMaxLength(QUESTION_MAX_LENGTH)
						.setRequired(true)
				)
		);
}

/** A question as its message shows it, with its 👍 count and, unless anonymous, the asker's display name. */
export function questionMessage(t: Texts, question: Pick<Question, 'id' | 'text' | 'anonymous' | 'votes' | 'state' | 'askerName'>): QuestionMessage {
	if (question.state === 'hidden') return { content: t('hiddenQuestion'), components: [] };
	const head = question.anonymous ? t('questionAnonymous') : t('questionBy', { name: escapeLine(question.askerName) });
	const answered = question.state === 'answered';
	return {
		content: [answered ? `${t('answeredMark')} · ${head}` : head, escapeText(question.text)].join('\n'),
		components: [
			{
				type: ComponentType.ActionRow,
				components: [
					{ type: ComponentType.Button, style: answered ? ButtonStyle.Success : ButtonStyle.Secondary, label: String(question.votes), emoji: { name: '👍' }, custom_id: QaIds.vote(question.id), disabled: answered }
				]
			}
		]
	};
}

/** One line of a question in a list. */
const shortText = (text: string, limit = 120) => clip(escapeLine(text), limit);

/** The chair's ranked list (ephemeral): counts, the top questions still waiting, and menus to mark or hide them. */
export function topList(t: Texts, title: string, threadId: string, questions: readonly Question[], notice?: string): QuestionMessage {
	const waiting = questions.filter((question) => question.state === 'open');
	const count = (state: Question['state']) => questions.filter((question) => question.state === state).length;
	const shown = waiting.slice(0, TOP_QUESTIONS);
	const head = [...(notice ? [notice, ''] : []), t('topTitle', { title: escapeLine(title) }), t('topCounts', { open: waiting.length, answered: count('answered'), hidden: count('hidden') })];
	const content = shown.length
		? fitLines(
				head,
				shown,
				(question) => t('topLine', { rank: shown.indexOf(question) + 1, votes: question.votes, text: shortText(question.text), who: question.anonymous ? t('anonymousWho') : escapeLine(question.askerName) }),
				(rest) => t('topMore', { count: rest.length })
			)
		: [...head, t('topEmpty')].join('\n');
	const options = shown.map((question, index) => ({ label: clip(`${index + 1}. 👍 ${question.votes} · ${question.text.replace(/\s+/g, ' ')}`, OPTION_LABEL_LIMIT), value: String(question.id) }));
	const menu = (custom_id: string, placeholder: string): APIActionRowComponent<APIComponentInMessageActionRow> => ({
		type: ComponentType.ActionRow,
		components: [{ type: ComponentType.StringSelect, custom_id, placeholder, options, min_values: 1, max_values: 1 }]
	});
	const refresh: APIActionRowComponent<APIComponentInMessageActionRow> = {
		type: ComponentType.ActionRow,
		components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: t('refreshButton'), emoji: { name: '🔄' }, custom_id: QaIds.refresh(threadId) }]
	};
	return { content, components: options.length ? [menu(QaIds.answerMenu(threadId), t('answerPlaceholder')), menu(QaIds.hideMenu(threadId), t('hidePlaceholder')), refresh] : [refresh] };
}

/** Posted in the thread after the session: counts, then every visible question ranked, answered ones marked. */
export function summaryMessage(t: Texts, title: string, questions: readonly Question[]): string {
	const visible = questions.filter((question) => question.state !== 'hidden');
	const head = [t('summaryTitle', { title: escapeLine(title) })];
	if (!visible.length) return [...head, t('summaryNone')].join('\n');
	head.push(
		t('summaryCounts', { questions: visible.length, votes: visible.reduce((sum, question) => sum + question.votes, 0), answered: visible.filter((question) => question.state === 'answered').length })
	);
	const body = fitLines(
		head,
		visible,
		(question) => t('summaryLine', { rank: visible.indexOf(question) + 1, votes: question.votes, answered: question.state === 'answered' ? ' ✅' : '', text: shortText(question.text) }),
		(rest) => t('topMore', { count: rest.length }),
		2000 - 1 - t('summaryThanks').length
	);
	return `${body}\n${t('summaryThanks')}`;
}
