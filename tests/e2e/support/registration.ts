import { RegistrationIds } from '#lib/registration/customIds';
import type { DiscordStandIn, InteractionResult, ModalView, UserRef } from '../../standins/discord';

/** Clicks Register and returns the modal the bot showed, ready to submit. */
export async function openForm(discord: DiscordStandIn, user: UserRef): Promise<ModalView> {
	const findForm = () => discord.findMessage('registration-form', (message) => JSON.stringify(message.components).includes(RegistrationIds.button));
	// The form is posted right after the bot is ready; give it a moment.
	for (let waited = 0; !findForm() && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
	const form = findForm();
	if (!form) throw new Error('no registration form with a Register button in #registration-form');
	const opened = await discord.clickButton(user, form, RegistrationIds.button);
	if (!opened.modal) throw new Error(`clicking Register showed no form: ${JSON.stringify(opened.content)}`);
	return opened.modal;
}

/** Submits the registration modal with raw field values. */
export function submitForm(discord: DiscordStandIn, user: UserRef, modal: ModalView, order: string, name: string, timeoutMs?: number): Promise<InteractionResult> {
	return discord.submitModal(user, modal, { [RegistrationIds.orderField]: order, [RegistrationIds.nameField]: name }, { timeoutMs });
}

/** Plays a member using the registration form: click Register, fill in the modal, submit. */
export async function register(discord: DiscordStandIn, user: UserRef, order: string, name: string): Promise<InteractionResult> {
	return submitForm(discord, user, await openForm(discord, user), order, name);
}

/** The entries of the registration log channel, one per line: the bot packs entries that arrive during a post into one message. */
export function logEntries(discord: DiscordStandIn): string[] {
	return discord.messagesIn('registration-log').flatMap((message) => message.content.split('\n'));
}
