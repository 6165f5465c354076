/**
 * The price-decision editor's state and the draft it posts. The clerk types text (decimal
 * comma allowed) and rates in percent; the draft carries numbers and fractions (5 → 0.05).
 * Text that is not a number is posted as it is, so the server's check names its field instead
 * of the editor guessing. A draft the server handed back (refused) reloads as it was typed.
 */
export interface BlockState {
	upTo: string;
	price: string;
}
export interface CategoryState {
	code: string;
	basis: 'household' | 'person' | 'flat';
	price: string;
	blocks: BlockState[];
}
export interface ChargeState {
	type: 'envFee' | 'drainage';
	ratePct: string;
	vatPct: string;
	/** Codes separated by commas or spaces; empty = every code. */
	categories: string;
}
export interface EditorState {
	code: string;
	name: string;
	decisionRef: string;
	note: string;
	effectiveFrom: string;
	vatPct: string;
	categories: CategoryState[];
	charges: ChargeState[];
}

const text = (x: unknown): string => (x === null || x === undefined ? '' : String(x));
/** A fraction as percent text, shifting the decimal point in text: 0.05 → "5", 0.075 → "7,5". */
const percent = (x: unknown): string =>
	typeof x === 'number' ? String(Number(`${x}e2`)).replace('.', ',') : text(x);
const decimal = (x: unknown): string =>
	typeof x === 'number' ? String(x).replace('.', ',') : text(x);

type Loose = Record<string, unknown>;
const obj = (x: unknown): Loose => (typeof x === 'object' && x !== null ? (x as Loose) : {});
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

export function stateOf(draft: unknown): EditorState {
	const d = obj(draft);
	return {
		code: text(d.code),
		name: text(d.name),
		decisionRef: text(d.decisionRef),
		note: text(d.note),
		effectiveFrom: text(d.effectiveFrom),
		vatPct: percent(d.vatRate),
		categories: Object.entries(obj(d.categories)).map(([code, raw]) => {
			const c = obj(raw);
			const basis = c.basis === 'person' || c.basis === 'flat' ? c.basis : 'household';
			return {
				code,
				basis,
				price: decimal(c.price),
				blocks: list(c.blocks).map((b) => ({
					upTo: decimal(obj(b).upTo),
					price: decimal(obj(b).price)
				}))
			};
		}),
		charges: list(d.charges).map((raw) => {
			const c = obj(raw);
			return {
				type: c.type === 'drainage' ? 'drainage' : 'envFee',
				ratePct: percent(c.rate),
				vatPct: percent(c.vatRate),
				categories: list(c.categories).map(String).join(', ')
			};
		})
	};
}

/** A number when the text is one (decimal comma accepted), else the text for the server to name. */
export function numberOf(value: string): number | string | null {
	const t = value.trim().replace(',', '.');
	if (t === '') return null;
	return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : value;
}

/** Percent text as a fraction, shifting the decimal point in text so 7,5 is exactly 0.075. */
export function fractionOf(value: string): number | string | null {
	const n = numberOf(value);
	return typeof n === 'number' ? Number(`${n}e-2`) : n;
}

export function draftOf(s: EditorState): Loose {
	return {
		code: s.code,
		name: s.name,
		decisionRef: s.decisionRef,
		note: s.note.trim() === '' ? null : s.note,
		effectiveFrom: s.effectiveFrom,
		vatRate: fractionOf(s.vatPct),
		categories: Object.fromEntries(
			s.categories.map((c) => [
				c.code,
				c.basis === 'flat'
					? { basis: 'flat', price: numberOf(c.price) }
					: {
							basis: c.basis,
							blocks: c.blocks.map((b) => ({ upTo: numberOf(b.upTo), price: numberOf(b.price) }))
						}
			])
		),
		charges: s.charges.map((c) => {
			const codes = c.categories.split(/[\s,;]+/).filter(Boolean);
			return {
				type: c.type,
				rate: fractionOf(c.ratePct),
				...(c.type === 'drainage' || c.vatPct.trim() !== ''
					? { vatRate: fractionOf(c.vatPct) }
					: {}),
				...(codes.length ? { categories: codes } : {})
			};
		})
	};
}
