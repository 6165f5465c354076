/**
 * A customer's editable fields as they arrive from the create/edit form (strings) or from a
 * spreadsheet row (strings, numbers, blanks): one valibot schema for both, so the form and the
 * Excel import accept and refuse the same things with the same messages. Every message starts
 * with the field's name ('phone: …') and gives the reason in Vietnamese.
 *
 * Blank cells become null (or the column's default). Choices (kind, category, payment method)
 * accept the code or its Vietnamese label, with or without diacritics ('Sinh hoạt', 'sinh hoat').
 * The code (danh bộ) is not here: it is generated and never edited.
 */
import * as v from 'valibot';
import { categoryLabelVi } from '../map/customer-labels.ts';
import { customerCategories, type CustomerCategory } from '../map/selection.ts';

export const customerKinds = ['individual', 'organization'] as const;
export type CustomerKind = (typeof customerKinds)[number];

export const paymentMethods = ['cash', 'bank_transfer', 'auto_debit', 'e_wallet'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
/** Payment methods that draw on a bank account, so the account and bank are required. */
export const bankPaymentMethods: readonly PaymentMethod[] = ['bank_transfer', 'auto_debit'];

export const kindLabelVi: Record<CustomerKind, string> = {
	individual: 'Cá nhân',
	organization: 'Tổ chức'
};

export const paymentMethodLabelVi: Record<PaymentMethod, string> = {
	cash: 'Tiền mặt',
	bank_transfer: 'Chuyển khoản',
	auto_debit: 'Trích nợ tự động',
	e_wallet: 'Ví điện tử'
};

/** Column headers / form labels, Vietnamese, per field (the import template uses them). */
export const customerFieldLabelVi = {
	name: 'Tên khách hàng',
	kind: 'Loại khách hàng',
	tax_or_id_number: 'MST / CCCD',
	address: 'Địa chỉ',
	ward_id: 'Phường/xã',
	lon: 'Kinh độ',
	lat: 'Vĩ độ',
	zone_id: 'Vùng',
	phone: 'Điện thoại',
	email: 'Email',
	payment_method: 'Hình thức thanh toán',
	bank_account: 'Số tài khoản',
	bank_name: 'Ngân hàng',
	category: 'Đối tượng sử dụng',
	industry: 'Ngành nghề',
	households: 'Số hộ',
	persons: 'Số nhân khẩu',
	route_id: 'Tuyến ghi',
	route_seq: 'Thứ tự trong tuyến'
} as const;
export type CustomerField = keyof typeof customerFieldLabelVi;

/** The service area, degrees (EPSG:4326): a point outside it is a typing mistake. */
export interface ServiceBounds {
	minLon: number;
	minLat: number;
	maxLon: number;
	maxLat: number;
}

export interface CustomerInput {
	name: string;
	kind: CustomerKind;
	tax_or_id_number: string | null;
	address: string;
	ward_id: number;
	lon: number;
	lat: number;
	zone_id: number | null;
	/** National form, digits only: '0905123456'. */
	phone: string | null;
	email: string | null;
	payment_method: PaymentMethod;
	bank_account: string | null;
	bank_name: string | null;
	category: CustomerCategory;
	industry: string | null;
	households: number;
	persons: number;
	route_id: number | null;
	route_seq: number | null;
}

export interface FieldError {
	field: CustomerField;
	message: string;
}

export type CustomerInputParse =
	{ ok: true; value: CustomerInput } | { ok: false; errors: FieldError[] };

/** Lower case, no diacritics, đ → d, single spaces: how choices are compared. */
export function foldVi(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/đ/gi, 'd')
		.toLowerCase()
		.trim()
		.replace(/\s+/g, ' ');
}

/** A cell or form value as trimmed NFC text, or null when blank. */
function cellText(x: unknown): string | null | unknown {
	if (x === undefined || x === null) return null;
	if (typeof x === 'number') return Number.isFinite(x) ? String(x) : x;
	if (typeof x !== 'string') return x;
	const t = x.normalize('NFC').trim();
	return t === '' ? null : t;
}

/** A cell or form value as a number ('107,59' and '107.59' alike), null when blank. */
function cellNumber(x: unknown): number | null | unknown {
	if (typeof x === 'number') return x;
	const t = cellText(x);
	if (typeof t !== 'string') return t;
	const n = Number(t.replace(',', '.'));
	return Number.isFinite(n) ? n : t;
}

function requiredText(field: CustomerField, max: number) {
	return v.pipe(
		v.unknown(),
		v.transform(cellText),
		v.string(`${field}: bắt buộc, chưa nhập`),
		v.maxLength(max, `${field}: tối đa ${max} ký tự`)
	);
}

function optionalText(field: CustomerField, max: number) {
	return v.pipe(
		v.unknown(),
		v.transform(cellText),
		v.nullable(
			v.pipe(v.string(`${field}: phải là chữ`), v.maxLength(max, `${field}: tối đa ${max} ký tự`))
		)
	);
}

function integer(field: CustomerField, min: number, max: number, what = 'số nguyên') {
	return v.pipe(
		v.number(`${field}: phải là ${what}`),
		v.integer(`${field}: phải là ${what}`),
		v.minValue(min, `${field}: từ ${min} đến ${max}`),
		v.maxValue(max, `${field}: từ ${min} đến ${max}`)
	);
}

const MAX_ID = 2_147_483_647;

function requiredId(field: CustomerField) {
	return v.pipe(
		v.unknown(),
		v.transform(cellNumber),
		v.nonNullable(integer(field, 1, MAX_ID, 'mã số hợp lệ'), `${field}: bắt buộc, chưa chọn`)
	);
}

function optionalInt(field: CustomerField, min: number, max: number) {
	return v.pipe(v.unknown(), v.transform(cellNumber), v.nullable(integer(field, min, max)));
}

function withDefault(field: CustomerField, min: number, max: number, fallback: number) {
	return v.pipe(
		v.unknown(),
		v.transform(cellNumber),
		v.transform((n) => (n === null ? fallback : n)),
		integer(field, min, max)
	);
}

/** A choice given as its code or its Vietnamese label, folded. */
function choice<T extends string>(
	field: CustomerField,
	codes: readonly T[],
	labels: Record<T, string>,
	fallback?: T
) {
	const lookup = new Map<string, T>();
	for (const c of codes) {
		lookup.set(foldVi(c), c);
		lookup.set(foldVi(labels[c]), c);
	}
	const listed = codes.map((c) => labels[c]).join(', ');
	return v.pipe(
		v.unknown(),
		v.transform(cellText),
		v.transform((t) =>
			t === null && fallback !== undefined
				? fallback
				: typeof t === 'string'
					? (lookup.get(foldVi(t)) ?? t)
					: t
		),
		v.string(`${field}: bắt buộc, chọn một trong: ${listed}`),
		v.picklist(codes, `${field}: không hợp lệ, chọn một trong: ${listed}`)
	);
}

/** '+84 905.123 456' → '0905123456'; a spreadsheet number 905123456 gets its leading 0 back. */
export function normalizePhone(x: unknown): string | null | unknown {
	const t = cellText(x);
	if (typeof t !== 'string') return t;
	let d = t.replace(/[\s.\-()]/g, '');
	if (d.startsWith('+84')) d = '0' + d.slice(3);
	else if (d.startsWith('0084')) d = '0' + d.slice(4);
	else if (/^84\d{9}$/.test(d)) d = '0' + d.slice(2);
	// A number cell drops the leading zero of a 10-digit mobile number.
	if (typeof x === 'number' && /^[1-9]\d{8}$/.test(d)) d = '0' + d;
	return d;
}

function coordinate(field: 'lon' | 'lat', min: number, max: number) {
	const where = field === 'lon' ? 'kinh độ' : 'vĩ độ';
	return v.pipe(
		v.unknown(),
		v.transform(cellNumber),
		v.nonNullable(
			v.pipe(
				v.number(`${field}: ${where} phải là số thập phân`),
				v.minValue(min, `${field}: ${where} nằm ngoài vùng phục vụ (${min}–${max})`),
				v.maxValue(max, `${field}: ${where} nằm ngoài vùng phục vụ (${min}–${max})`)
			),
			`${field}: bắt buộc, chưa nhập ${where}`
		)
	);
}

/** A missing key (a column the sheet lacks, a field the form omits) reads as a blank cell. */
function orBlank<T extends Record<string, v.GenericSchema>>(entries: T) {
	return Object.fromEntries(Object.entries(entries).map(([k, s]) => [k, v.optional(s, null)])) as {
		[K in keyof T]: v.OptionalSchema<T[K], null>;
	};
}

/** The schema, for one service area. */
export function customerInputSchema(bounds: ServiceBounds) {
	return v.pipe(
		v.object(
			orBlank({
				name: requiredText('name', 200),
				kind: choice('kind', customerKinds, kindLabelVi, 'individual'),
				tax_or_id_number: v.pipe(
					v.unknown(),
					v.transform((x) => {
						const t = cellText(x);
						return typeof t === 'string' ? t.replace(/[\s.]/g, '') : t;
					}),
					v.nullable(
						v.pipe(
							v.string(),
							v.regex(
								/^[0-9]{9,14}(-[0-9]{3})?$/,
								'tax_or_id_number: MST hoặc CCCD gồm 9–14 chữ số (có thể thêm -xxx cho chi nhánh)'
							)
						)
					)
				),
				address: requiredText('address', 500),
				ward_id: requiredId('ward_id'),
				lon: coordinate('lon', bounds.minLon, bounds.maxLon),
				lat: coordinate('lat', bounds.minLat, bounds.maxLat),
				zone_id: optionalInt('zone_id', 1, MAX_ID),
				phone: v.pipe(
					v.unknown(),
					v.transform(normalizePhone),
					v.nullable(
						v.pipe(
							v.string(),
							v.regex(
								/^0[0-9]{8,11}$/,
								'phone: số điện thoại phải có 9–12 chữ số, bắt đầu bằng 0 hoặc +84'
							)
						)
					)
				),
				email: v.pipe(
					v.unknown(),
					v.transform(cellText),
					v.nullable(
						v.pipe(
							v.string(),
							v.maxLength(200, 'email: tối đa 200 ký tự'),
							v.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'email: địa chỉ email không hợp lệ')
						)
					)
				),
				payment_method: choice('payment_method', paymentMethods, paymentMethodLabelVi, 'cash'),
				bank_account: v.pipe(
					v.unknown(),
					v.transform((x) => {
						const t = cellText(x);
						return typeof t === 'string' ? t.replace(/[\s.]/g, '') : t;
					}),
					v.nullable(
						v.pipe(
							v.string(),
							v.regex(
								/^[0-9A-Za-z-]{4,30}$/,
								'bank_account: số tài khoản gồm 4–30 chữ số hoặc chữ cái'
							)
						)
					)
				),
				bank_name: optionalText('bank_name', 200),
				category: choice('category', customerCategories, categoryLabelVi),
				industry: optionalText('industry', 200),
				households: withDefault('households', 1, 500, 1),
				persons: withDefault('persons', 0, 5000, 1),
				route_id: optionalInt('route_id', 1, MAX_ID),
				route_seq: optionalInt('route_seq', 1, MAX_ID)
			})
		),
		v.forward(
			v.partialCheck(
				[['payment_method'], ['bank_account']],
				(c) => !bankPaymentMethods.includes(c.payment_method) || c.bank_account !== null,
				'bank_account: bắt buộc khi thanh toán bằng chuyển khoản hoặc trích nợ tự động'
			),
			['bank_account']
		),
		v.forward(
			v.partialCheck(
				[['payment_method'], ['bank_name']],
				(c) => !bankPaymentMethods.includes(c.payment_method) || c.bank_name !== null,
				'bank_name: bắt buộc khi thanh toán bằng chuyển khoản hoặc trích nợ tự động'
			),
			['bank_name']
		),
		v.forward(
			v.partialCheck(
				[['route_id'], ['route_seq']],
				(c) => c.route_seq === null || c.route_id !== null,
				'route_id: chọn tuyến ghi khi đã nhập thứ tự trong tuyến'
			),
			['route_id']
		),
		v.forward(
			v.partialCheck(
				[['route_id'], ['route_seq']],
				(c) => c.route_id === null || c.route_seq !== null,
				'route_seq: nhập thứ tự trong tuyến khi đã chọn tuyến ghi'
			),
			['route_seq']
		)
	);
}

/** Parses one form submission or spreadsheet row; every bad field gets its own message. */
export function parseCustomerInput(raw: unknown, bounds: ServiceBounds): CustomerInputParse {
	const row = typeof raw === 'object' && raw !== null ? raw : {};
	const result = v.safeParse(customerInputSchema(bounds), row);
	if (result.success) return { ok: true, value: result.output as CustomerInput };
	const errors: FieldError[] = [];
	const seen = new Set<string>();
	for (const issue of result.issues) {
		const key = issue.path?.[0]?.key;
		const field = (typeof key === 'string' ? key : issue.message.split(':')[0]) as CustomerField;
		if (seen.has(field)) continue;
		seen.add(field);
		errors.push({ field, message: issue.message });
	}
	return { ok: false, errors };
}

/** The errors as { field: message }, for a form to show beside each input. */
export function errorsByField(errors: FieldError[]): Partial<Record<CustomerField, string>> {
	return Object.fromEntries(errors.map((e) => [e.field, e.message]));
}
