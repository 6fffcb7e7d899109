import {
	ActionRowBuilder,
	ButtonBuilder,
	ButtonStyle,
	LabelBuilder,
	ModalBuilder,
	TextInputBuilder,
	TextInputStyle,
	type MessageEditOptions
} from 'discord.js';
import { fallbackLanguage, languages } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { RegistrationIds } from './customIds';

// Field lengths: order codes are 5+ characters, ticket ids like "#ABC12-12" a few more; names as printed on badges.
export const FormLimits = { orderMin: 5, orderMax: 16, nameMin: 1, nameMax: 100 } as const;

const english = () => textsFor(fallbackLanguage, 'registration');

export interface FormTexts {
	conferenceName: string;
	helpChannelId: string | null;
	/** The form's language (registration texts), and the one shown below it (`[bot] second_language`), if any. */
	t?: Texts;
	second?: Texts;
}

/** The form message while the bot is online: plain text (screen readers cope better than with embeds) and one button. */
export function onlineForm({ conferenceName, helpChannelId, t = english(), second }: FormTexts): MessageEditOptions & { content: string } {
	const block = (texts: Texts, heading: string) =>
		[
			`${heading} ${texts('formWelcome', { conference: conferenceName })}`,
			texts('formIntro'),
			texts('formStepButton', { button: texts('formButton') }),
			texts('formStepDetails'),
			texts('formStepSubmit'),
			texts('formNickname'),
			texts('formStuck', { help: helpChannelId ? `<#${helpChannelId}>` : texts('help') })
		].join('\n');
	return {
		content: inOneOrTwo(block, t, second),
		components: [
			new ActionRowBuilder<ButtonBuilder>().addComponents(
				new ButtonBuilder()
					.setCustomId(RegistrationIds.button)
					.setLabel(second ? `${t('formButton')} / ${second('formButton')}` : t('formButton'))
					.setEmoji('👉')
					.setStyle(ButtonStyle.Success)
			)
		],
		allowedMentions: { parse: [] }
	};
}

/** What the form says while the bot is stopped: no button, so nobody clicks into silence. */
export function offlineForm({ conferenceName, helpChannelId, t = english(), second }: FormTexts): MessageEditOptions & { content: string } {
	const block = (texts: Texts, heading: string) =>
		`${heading} ${texts('formWelcome', { conference: conferenceName })}\n${texts('formOffline')}${helpChannelId ? ` ${texts('formOfflineHelp', { help: `<#${helpChannelId}>` })}` : ''}`;
	return {
		content: inOneOrTwo(block, t, second),
		components: [],
		allowedMentions: { parse: [] }
	};
}

/** The form's text in its language, and below it, a heading smaller, in the second language. */
function inOneOrTwo(block: (texts: Texts, heading: string) => string, t: Texts, second: Texts | undefined): string {
	return second ? `${block(t, '##')}\n\n${block(second, '###')}` : block(t, '##');
}

/** Whether `content` opens the way our form does, in any language (the saved message id may be lost, the language changed). */
export function opensLikeForm(content: string, conferenceName: string): boolean {
	return languages.some((language) => content.startsWith(`## ${textsFor(language, 'registration')('formWelcome', { conference: conferenceName })}`));
}

/** The form a member fills in, in their language (`t`: registration texts). */
export function registrationModal(conferenceName: string, t: Texts = english()): ModalBuilder {
	// Label components (a label and a one-line hint per field): Discord deprecates Action Row + Text Input in modals.
	return new ModalBuilder()
		.setCustomId(RegistrationIds.modal)
		.setTitle(t('modalTitle', { conference: conferenceName }).slice(0, 45))
		.addLabelComponents(
			new LabelBuilder()
				.setLabel(t('orderLabel'))
				.setDescription(t('orderHint'))
				.setTextInputComponent(
					new TextInputBuilder()
						.setCustomId(RegistrationIds.orderField)
						.setPlaceholder(t('orderPlaceholder'))
						.setStyle(TextInputStyle.Short)
						.setMinLength(FormLimits.orderMin)
						.setMaxLength(FormLimits.orderMax)
						.setRequired(true)
				),
			new LabelBuilder()
				.setLabel(t('nameLabel'))
				.setDescription(t('nameHint'))
				.setTextInputComponent(
					new TextInputBuilder()
						.setCustomId(RegistrationIds.nameField)
						.setPlaceholder(t('namePlaceholder'))
						.setStyle(TextInputStyle.Short)
						.setMinLength(FormLimits.nameMin)
						.setMaxLength(FormLimits.nameMax)
						.setRequired(true)
				)
		);
}
