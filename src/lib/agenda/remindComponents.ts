import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow, type APISelectMenuOption } from 'discord.js';
import { DateTime } from 'luxon';
import { COMPONENT_LIMITS } from '#lib/discord/limits';
import { shortenAtWord } from '#lib/programme/format';
import type { Session } from '#lib/programme/Session';
import type { Language } from '#lib/i18n/language';
import { publicLanguage } from '#lib/i18n/replyTexts';
import { remindTextsIn } from './agendaTexts';
import { AgendaIds } from './customIds';

export type ComponentRow = APIActionRowComponent<APIComponentInMessageActionRow>;

const localClock = (instant: Date, timezone: string) => DateTime.fromJSDate(instant, { zone: timezone }).toFormat('HH:mm');

/** Sessions a member can pick, each once: never a break, and only codes that fit a custom id and an option's value. */
export function pickableSessions(sessions: readonly Session[]): Session[] {
	const seen = new Set<string>();
	return sessions.filter((session) => {
		if (session.isBreak || seen.has(session.code) || AgendaIds.remindButton(session.code).length > COMPONENT_LIMITS.customId) return false;
		seen.add(session.code);
		return true;
	});
}

/** A select menu of sessions (plain text: Discord shows labels as typed, so nothing is escaped); several may be picked. */
export function sessionMenu(customId: string, placeholder: string, sessions: readonly Session[], timezone: string): ComponentRow {
	const options: APISelectMenuOption[] = sessions.slice(0, COMPONENT_LIMITS.selectOptions).map((session) => {
		const rooms = shortenAtWord(session.rooms.join(', '), COMPONENT_LIMITS.optionDescription);
		return {
			label: shortenAtWord(`${localClock(session.start, timezone)} ${session.title}`, COMPONENT_LIMITS.optionLabel),
			value: session.code,
			...(rooms ? { description: rooms } : {})
		};
	});
	return {
		type: ComponentType.ActionRow,
		components: [
			{ type: ComponentType.StringSelect, custom_id: customId, placeholder: placeholder.slice(0, COMPONENT_LIMITS.placeholder), min_values: 1, max_values: options.length, options }
		]
	};
}

/** The 🔔 of a programme post: a button per session when there are few, else one select menu (a message holds at most 10 sessions). */
export function remindComponents(sessions: readonly Session[], timezone: string, language: Language = publicLanguage()): ComponentRow[] {
	const remindTexts = remindTextsIn(language);
	const pickable = pickableSessions(sessions);
	if (pickable.length === 0) return [];
	if (pickable.length > COMPONENT_LIMITS.buttonsPerRow) return [sessionMenu(AgendaIds.menu(0), remindTexts.menu, pickable, timezone)];
	return [
		{
			type: ComponentType.ActionRow,
			components: pickable.map((session) => ({
				type: ComponentType.Button,
				style: ButtonStyle.Secondary,
				custom_id: AgendaIds.remindButton(session.code),
				emoji: { name: remindTexts.emoji },
				label: pickable.length === 1 ? remindTexts.button : shortenAtWord(`${remindTexts.button}: ${session.title}`, COMPONENT_LIMITS.buttonLabel)
			}))
		}
	];
}

/**
 * A posted message's components without a cancelled session's button or option (empty menus and rows dropped), or
 * undefined when it offered no such thing: nobody should be offered to bookmark what is gone.
 */
export function withoutSession(rows: readonly ComponentRow[], sessionCode: string): ComponentRow[] | undefined {
	let changed = false;
	const kept = rows.flatMap((row) => {
		const components = row.components.flatMap((component) => {
			if (component.type === ComponentType.Button && 'custom_id' in component && component.custom_id === AgendaIds.remindButton(sessionCode)) {
				changed = true;
				return [];
			}
			if (component.type !== ComponentType.StringSelect || !AgendaIds.isMenu(component.custom_id)) return [component];
			const options = component.options.filter((option) => option.value !== sessionCode);
			if (options.length === component.options.length) return [component];
			changed = true;
			return options.length ? [{ ...component, options, max_values: Math.min(component.max_values ?? 1, options.length), min_values: 1 }] : [];
		});
		return components.length ? [{ ...row, components }] : [];
	});
	return changed ? kept : undefined;
}
