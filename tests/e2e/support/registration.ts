import { RegistrationIds } from '../../../src/lib/registration/customIds';
import type { DiscordStandIn, InteractionResult, UserRef } from '../../standins/discord';

/** Plays a member using the registration form: click Register, fill in the modal, submit. */
export async function register(discord: DiscordStandIn, user: UserRef, order: string, name: string): Promise<InteractionResult> {
	const form = discord.findMessage('registration-form', (message) => JSON.stringify(message.components).includes(RegistrationIds.button));
	if (!form) throw new Error('no registration form with a Register button in #registration-form');
	const opened = await discord.clickButton(user, form, RegistrationIds.button);
	if (!opened.modal) throw new Error(`clicking Register showed no form: ${JSON.stringify(opened.content)}`);
	return discord.submitModal(user, opened.modal, { [RegistrationIds.orderField]: order, [RegistrationIds.nameField]: name });
}
