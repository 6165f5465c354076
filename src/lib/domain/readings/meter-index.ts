/**
 * Meter indexes as the reader types them. An index is m³ with at most 3 decimals, shown on a
 * dial of `dialDigits` whole digits (0 … 10^dialDigits − 1). Vietnamese keyboards give a
 * decimal comma, so '1234,5' is 1234.5; a thousands separator ('1.234') is refused rather
 * than guessed, because '1.234' could be either.
 */
export interface IndexError {
	field: string;
	reason: string;
}

export type ParsedIndex = { ok: true; value: number } | { ok: false; error: IndexError };

export function parseIndex(field: string, raw: unknown, dialDigits: number): ParsedIndex {
	const fail = (reason: string): ParsedIndex => ({ ok: false, error: { field, reason } });
	let text: string;
	if (typeof raw === 'number') text = String(raw);
	else if (typeof raw === 'string') text = raw.trim().replace(',', '.');
	else return fail('bắt buộc nhập chỉ số');
	if (text === '') return fail('bắt buộc nhập chỉ số');
	if (!/^\d+(\.\d+)?$/.test(text)) return fail(`"${String(raw)}" không phải là số`);
	const [whole, decimals = ''] = text.split('.');
	if (decimals.length > 3) return fail('tối đa 3 chữ số thập phân (m³)');
	const digits = whole.replace(/^0+(?=\d)/, '').length;
	if (digits > dialDigits)
		return fail(
			`${digits} chữ số, đồng hồ chỉ có ${dialDigits} chữ số (tối đa ${maxIndex(dialDigits)})`
		);
	return { ok: true, value: Number(text) };
}

/** The largest index a dial shows before it rolls over to 0. */
export function maxIndex(dialDigits: number): number {
	return 10 ** dialDigits - 1;
}

/** m³ rounded to 3 decimals, the precision of every stored volume. */
export function m3(x: number): number {
	return Math.round(x * 1000) / 1000;
}
