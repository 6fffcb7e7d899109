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
import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor, type Texts } from '#lib/i18n/texts';
import { RegistrationIds } from './customIds';

// Field lengths: order codes are 5+ characters, ticket ids like "#ABC12-12" a few more; names as printed on badges.
export const FormLimits = { orderMin: 5, orderMax: 16, nameMin: 1, nameMax: 100 } as const;

export interface FormTexts {
	conferenceName: string;
	helpChannelId: string | null;
}

/** The form message while the bot is online: plain text (screen readers cope better than with embeds) and one button. */
export function onlineForm({ conferenceName, helpChannelId }: FormTexts): MessageEditOptions & { content: string } {
	const help = helpChannelId ? `<#${helpChannelId}>` : 'the help channel';
	return {
		content: [
			`## Welcome to ${conferenceName} on Discord! 🎉`,
			'Register here to get your roles and to unlock the conference channels:',
			'1️⃣ Click the green **Register** button below.',
			'2️⃣ Enter your **order code** and the **name on your ticket**. You find both on your ticket PDF, on your badge,',
			'    and in the confirmation email from pretix. A ticket id such as `#ABC12-1` works too.',
			'3️⃣ Click **Submit**.',
			'Your Discord nickname will be set to the name on your ticket, like a badge.',
			`Stuck? Ask in ${help} and an organizer will help.`
		].join('\n'),
		components: [
			new ActionRowBuilder<ButtonBuilder>().addComponents(
				new ButtonBuilder().setCustomId(RegistrationIds.button).setLabel('Register').setEmoji('👉').setStyle(ButtonStyle.Success)
			)
		],
		allowedMentions: { parse: [] }
	};
}

/** What the form says while the bot is stopped: no button, so nobody clicks into silence. */
export function offlineForm({ conferenceName, helpChannelId }: FormTexts): MessageEditOptions & { content: string } {
	const help = helpChannelId ? ` Until then, ask in <#${helpChannelId}>.` : '';
	return {
		content: `## Welcome to ${conferenceName} on Discord! 🎉\nRegistration is offline for a moment: the bot is restarting or being updated. Please try again in a few minutes.${help}`,
		components: [],
		allowedMentions: { parse: [] }
	};
}

/** The form a member fills in, in their language (`t`: registration texts). */
export function registrationModal(conferenceName: string, t: Texts = textsFor(fallbackLanguage, 'registration')): ModalBuilder {
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
