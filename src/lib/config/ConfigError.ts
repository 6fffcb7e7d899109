/** A configuration problem; its message is the one line printed before the bot stops. */
export class ConfigError extends Error {
	public override readonly name = 'ConfigError';
}
