/** vi-VN figures of the NRW screens; a null (unknown) figure shows as a dash, never 0. */
const whole = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const two = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const three = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });

const or = (f: Intl.NumberFormat) => (n: number | null | undefined) =>
	n === null || n === undefined || !Number.isFinite(n) ? '—' : f.format(n);

/** m³ and litres, whole. */
export const fmtWhole = or(whole);
/** NRW %, one decimal. */
export const fmtPct = (n: number | null | undefined) =>
	n === null || n === undefined ? '—' : `${one.format(n)}%`;
export const fmtOne = or(one);
/** ILI, two decimals. */
export const fmtIli = or(two);
/** km, up to three decimals. */
export const fmtKm = or(three);
