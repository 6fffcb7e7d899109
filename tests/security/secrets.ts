import { expect } from 'chai';

/** Fails when any secret, or a long-enough piece of one, shows up in what the bot printed. */
export function assertNoSecrets(output: string, secrets: readonly string[]): void {
	expect(output.length, 'the bot printed nothing: nothing was checked').to.be.greaterThan(0);
	for (const secret of secrets) {
		// Halves catch a token cut in two by a log formatter or a truncated error message.
		const pieces = [secret, secret.slice(0, Math.ceil(secret.length / 2)), secret.slice(Math.floor(secret.length / 2))].filter((piece) => piece.length >= 8);
		for (const piece of pieces) expect(output.includes(piece), `a secret (${secret.length} chars) appears in the bot's output`).to.equal(false);
	}
}
