/** The logger the programme pieces write to (Sapphire's in the bot). */
export interface ProgrammeLogger {
	debug(...values: readonly unknown[]): void;
	info(...values: readonly unknown[]): void;
	warn(...values: readonly unknown[]): void;
}
