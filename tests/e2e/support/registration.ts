import { RegistrationIds } from '../../../src/lib/registration/customIds';
import type { DiscordStandIn, InteractionResult, UserRef } from '../../standins/discord';

/** Plays a member using the registration form: click Register, fill in the modal, submit. */
export async function register(discord: DiscordStandIn, user: UserRef, order: string, name: string): Promise<InteractionResult> {
	const findForm = () => discord.findMessage('registration-form', (message) => JSON.stringify(message.components).includes(RegistrationIds.button));
	// The form is posted right after the bot is ready; give it a moment.
	for (let waited = 0; !findForm() && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
	const form = findForm();
	if (!form) throw new Error('no registration form with a Register button in #registration-form');
	const opened = await discord.clickButton(user, form, RegistrationIds.button);
	if (!opened.modal) throw new Error(`clicking Register showed no form: ${JSON.stringify(opened.content)}`);
	return discord.submitModal(user, opened.modal, { [RegistrationIds.orderField]: order, [RegistrationIds.nameField]: name });
}
