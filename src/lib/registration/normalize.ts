import anyAscii from 'any-ascii';

// Combining diacritics (accents, cedillas, Vietnamese tone marks); other scripts' vowel signs are kept for transliteration.
// eslint-disable-next-line no-misleading-character-class -- the class lists combining marks on purpose
const DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
// Symbols (emoji included), punctuation, separators and invisible format characters never count as part of a name.
const NOT_NAME = /[\p{S}\p{P}\p{Z}\p{C}\p{Extended_Pictographic}]/gu;
const NOT_ALNUM = /[^a-z0-9]/g;

/**
 * Folds a person's name to a comparison key: accents, case, spacing and punctuation are ignored and every script is
 * transliterated to ASCII, so `Seán Ó Rudaí` and `sean o rudai` match. Returns '' when nothing comparable is left.
 */
export function normalizeName(input: string): string {
	const stripped = input.normalize('NFKD').replace(DIACRITICS, '').replace(NOT_NAME, '').normalize('NFC');
	return anyAscii(stripped).toLowerCase().replace(NOT_ALNUM, '');
}

const ORDER_CODE = /^[A-Z0-9]{5,16}$/;

/** Accepts `abc12`, `#ABC12`, ticket ids like `#ABC12-1` and stray spaces; null when it cannot be a pretix order code. */
export function normalizeOrderCode(input: string): string | null {
	const code = input.trim().replace(/^#+/, '').split('-')[0]!.trim().toUpperCase();
	return ORDER_CODE.test(code) ? code : null;
}
