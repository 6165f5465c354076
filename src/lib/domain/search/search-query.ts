/**
 * Turns what a user typed in the map's search box into the lookups the repository runs:
 * a customer-code prefix, phone prefixes, a meter-serial prefix and text words. Pure, so the
 * rules are tested without a database. Folding (lower case, no diacritics, Đ → d) happens on
 * the SQL side with wl_fold, the same function that builds customer.search_text, so there is
 * one folding rule. Every pattern here is a LIKE pattern with its wildcards escaped.
 */

/** Longer input is refused (400): nobody types that much into a search box. */
export const SEARCH_MAX_LENGTH = 100;
/** Results returned, best first. */
export const SEARCH_LIMIT = 10;

export interface SearchPlan {
	/** 'KH' + digits, upper case, for an exact or prefix match on customer.code. */
	codePrefix: string | null;
	/** National ('0…') and international ('+84…') forms of a phone prefix; empty if none. */
	phonePrefixes: string[];
	/** Upper-case prefix of a meter serial. */
	serialPrefix: string | null;
	/**
	 * LIKE patterns, one per word, all of which must match the folded search text. A word of
	 * 3+ characters matches anywhere ('%word%'); a 2-character word only at the start of a
	 * word ('% an%'), which keeps it selective and gives the trigram index a key to use.
	 */
	wordPatterns: string[];
	/** The words joined by single spaces, to rank text matches by trigram word similarity. */
	rankText: string;
}

export type SearchParse =
	{ ok: true; plan: SearchPlan | null } | { ok: false; field: 'q'; message: string };

/** Escapes LIKE's wildcards and its escape character (backslash, PostgreSQL's default). */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const hasLetterOrDigit = /[\p{L}\p{N}]/u;

/** Digits of a phone number as typed ('+84 905.123 456' → '0905123456'), or null. */
export function phoneDigits(compact: string): string | null {
	const stripped = compact.replace(/[.\-()]/g, '');
	if (!/^\+?\d+$/.test(stripped)) return null;
	let digits = stripped;
	if (digits.startsWith('+84')) digits = '0' + digits.slice(3);
	else if (digits.startsWith('0084')) digits = '0' + digits.slice(4);
	else if (digits.startsWith('+')) return null;
	// Vietnamese numbers start with 0 nationally; 4 digits is the shortest useful prefix.
	return /^0\d{3,11}$/.test(digits) ? digits : null;
}

export function parseSearchQuery(raw: string): SearchParse {
	if (raw.length > SEARCH_MAX_LENGTH)
		return { ok: false, field: 'q', message: `q: at most ${SEARCH_MAX_LENGTH} characters` };
	const text = raw.normalize('NFC').trim().replace(/\s+/g, ' ');
	if (text === '') return { ok: true, plan: null };
	const compact = text.replace(/\s/g, '');

	const code = /^kh(\d{1,10})$/i.exec(compact);
	const phone = phoneDigits(compact);
	const serial = /^[a-z0-9][a-z0-9-]{3,29}$/i.test(compact) && /\d/.test(compact);

	const words = text.split(/[\s,;]+/).filter((w) => [...w].length >= 2 && hasLetterOrDigit.test(w));
	const plan: SearchPlan = {
		codePrefix: code ? `KH${code[1]}` : null,
		phonePrefixes: phone ? [phone, `+84${phone.slice(1)}`] : [],
		serialPrefix: serial ? compact.toUpperCase() : null,
		wordPatterns: words.map((w) =>
			[...w].length === 2 ? `% ${escapeLike(w)}%` : `%${escapeLike(w)}%`
		),
		rankText: words.join(' ')
	};
	const empty =
		!plan.codePrefix &&
		plan.phonePrefixes.length === 0 &&
		!plan.serialPrefix &&
		plan.wordPatterns.length === 0;
	return { ok: true, plan: empty ? null : plan };
}
