/** Client events of usher's own, emitted on the Sapphire client so features can listen with plain listener pieces. */
export const UsherEvents = {
	/** The configured guild is cached and config references are resolved: features may start. */
	GuildReady: 'usherGuildReady'
} as const;
