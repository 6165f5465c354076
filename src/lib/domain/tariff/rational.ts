/**
 * Exact rational numbers on BigInt, so that no floating-point error can move a đồng.
 * Tariff inputs (m³, prices, rates) arrive as JS numbers; each is read from its shortest
 * decimal form (String(0.1) is "0.1"), which is exactly what the utility typed, and becomes
 * an exact fraction. Denominators stay positive and fractions stay reduced.
 */
export interface Rational {
	readonly n: bigint;
	readonly d: bigint;
}

const ZERO_BIG = BigInt(0);
const ONE_BIG = BigInt(1);
const TEN_BIG = BigInt(10);

function gcd(a: bigint, b: bigint): bigint {
	let x = a < ZERO_BIG ? -a : a;
	let y = b < ZERO_BIG ? -b : b;
	while (y !== ZERO_BIG) [x, y] = [y, x % y];
	return x;
}

export function rational(n: bigint, d: bigint = ONE_BIG): Rational {
	if (d === ZERO_BIG) throw new RangeError('division by zero');
	if (d < ZERO_BIG) [n, d] = [-n, -d];
	const g = gcd(n, d);
	return g > ONE_BIG ? { n: n / g, d: d / g } : { n, d };
}

export const ZERO = rational(ZERO_BIG);

/** The exact value of a finite number's shortest decimal form ("1e-7", "12.345", "8500"). */
export function fromNumber(x: number): Rational {
	if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
	const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
	if (!match) throw new RangeError(`unexpected number form: ${String(x)}`);
	const [, sign, whole, fraction = '', exponent = '0'] = match;
	const scale = fraction.length - Number(exponent);
	let n = BigInt(whole + fraction);
	if (sign === '-') n = -n;
	return scale >= 0
		? rational(n, TEN_BIG ** BigInt(scale))
		: rational(n * TEN_BIG ** BigInt(-scale));
}

export function fromInteger(x: number | bigint): Rational {
	return rational(BigInt(x));
}

export function add(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(a: Rational, b: Rational): Rational {
	return rational(a.n * b.n, a.d * b.d);
}

export function div(a: Rational, b: Rational): Rational {
	return rational(a.n * b.d, a.d * b.n);
}

export function compare(a: Rational, b: Rational): number {
	const left = a.n * b.d;
	const right = b.n * a.d;
	return left < right ? -1 : left > right ? 1 : 0;
}

export function min(a: Rational, b: Rational): Rational {
	return compare(a, b) <= 0 ? a : b;
}

export function max(a: Rational, b: Rational): Rational {
	return compare(a, b) >= 0 ? a : b;
}

export function sum(values: Iterable<Rational>): Rational {
	let total = ZERO;
	for (const value of values) total = add(total, value);
	return total;
}

/** Half-up rounding to an integer (halves move away from zero: 2.5 → 3, −2.5 → −3). */
export function roundHalfUp(a: Rational): bigint {
	const magnitude = a.n < ZERO_BIG ? -a.n : a.n;
	const rounded = (BigInt(2) * magnitude + a.d) / (BigInt(2) * a.d);
	return a.n < ZERO_BIG ? -rounded : rounded;
}

/** "n/d", or "n" for an integer: the exact form for output and for tests. */
export function toFraction(a: Rational): string {
	return a.d === ONE_BIG ? a.n.toString() : `${a.n}/${a.d}`;
}

/** Parses toFraction's output back. */
export function parseFraction(text: string): Rational {
	const [n, d = '1'] = text.split('/');
	return rational(BigInt(n), BigInt(d));
}

/**
 * The nearest number, for display. Exact whenever the value is a short decimal (every m³ and
 * every amount before proration); a prorated share like 1/31 is only approximated here.
 */
export function toNumber(a: Rational): number {
	const whole = a.n / a.d;
	const remainder = a.n - whole * a.d;
	// 12 fractional digits are far below a đồng; Number() then picks the nearest double.
	const scaled = (remainder * TEN_BIG ** BigInt(12)) / a.d;
	const negative = a.n < ZERO_BIG;
	const digits = (scaled < ZERO_BIG ? -scaled : scaled).toString().padStart(12, '0');
	const wholeText = (whole < ZERO_BIG ? -whole : whole).toString();
	return Number(`${negative ? '-' : ''}${wholeText}.${digits}`);
}
