import { DiscordAPIError, type RESTJSONErrorCodes } from 'discord.js';

/** Whether Discord refused with this JSON error code (50007 closed DMs, 160006 thread cap…). */
export function isDiscordError(error: unknown, code: RESTJSONErrorCodes): boolean {
	return error instanceof DiscordAPIError && error.code === code;
}
