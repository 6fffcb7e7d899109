/** Discord ids are 17–20 digit snowflakes; anything else in config is a name. */
export function isSnowflake(value: string): boolean {
	return /^\d{17,20}$/.test(value);
}
