// Persistent custom ids: a button in a DM sent before a restart still works after it.
export const SpeakerIds = {
	/** Followed by the session code. */
	hereButton: 'usher:speakers:here:'
} as const;

/** The session code of an "I'm here" button, or null for any other custom id. */
export function hereButtonSession(customId: string): string | null {
	return customId.startsWith(SpeakerIds.hereButton) ? customId.slice(SpeakerIds.hereButton.length) || null : null;
}
