/**
 * One spreadsheet row of the customer import → what committing it would do: create a
 * customer, update the customer its code names, or nothing, with each error naming the column
 * and the reason. The customer's own fields go through the register's one input schema
 * (customers/customer-input.ts); this adds what only a file has: ward and route given by code
 * or name, the meter and contract columns, and duplicates within the file and against the
 * database (the facts the caller looked up in bulk for a chunk of rows).
 */
import {
	foldVi,
	parseCustomerInput,
	type CustomerField,
	type CustomerInput,
	type ServiceBounds
} from '../customers/customer-input.ts';
import { isBlank, parseDateCell, parseNumberCell, textCell } from './cells.ts';
import { headerOf, type ColumnKey, type RawRow, type RawRowOf } from './columns.ts';

export interface NameIndex {
	byCode: Map<string, number>;
	/** Folded name → id; null when two rows share the name (the code must be used). */
	byName: Map<string, number | null>;
}

export function nameIndex(rows: readonly { id: number; code: string; name: string }[]): NameIndex {
	const byCode = new Map<string, number>();
	const byName = new Map<string, number | null>();
	for (const r of rows) {
		byCode.set(foldVi(r.code), r.id);
		const name = foldVi(r.name);
		byName.set(name, byName.has(name) ? null : r.id);
	}
	return { byCode, byName };
}

export interface ImportRefs {
	bounds: ServiceBounds;
	wards: NameIndex;
	routes: NameIndex;
	/** The importing user's routes (billing clerks, field staff); null = every route. */
	scopeRouteIds: ReadonlySet<number> | null;
}

/** What the database holds for the codes, serials and route positions a chunk of rows names. */
export interface ChunkFacts {
	customers: Map<string, { id: number; routeId: number | null; meterSerial: string | null }>;
	/** Meter serial → the customer it is in service at (null: a meter not in service). */
	serials: Map<string, number | null>;
	/** `${routeId}:${seq}` → the customer at that position. */
	positions: Map<string, number>;
}

/** Codes, serials and positions seen earlier in the same file → their first row number. */
export interface FileState {
	codes: Map<string, number>;
	serials: Map<string, number>;
	positions: Map<string, number>;
}

export const newFileState = (): FileState => ({
	codes: new Map(),
	serials: new Map(),
	positions: new Map()
});

export interface RowError {
	column: string;
	reason: string;
}

export interface MeterData {
	serial: string;
	brand: string;
	size_mm: number;
	installed_on: string;
	/** m³, 3 decimals at most. */
	initial_index: number;
}

export interface ContractData {
	signed_on: string;
	handover_on: string | null;
	installation_team: string | null;
}

/** A valid row as stored in import_row.data; `route_seq` null with a route = end of the route. */
export interface ImportData {
	customer_id: number | null;
	code: string | null;
	customer: CustomerInput;
	meter: MeterData | null;
	contract: ContractData | null;
}

export type RowOutcome =
	| { action: 'create' | 'update'; data: ImportData }
	| { action: 'error'; errors: RowError[]; data: Record<string, string | null> };

const fieldColumn: Partial<Record<CustomerField, ColumnKey>> = {
	name: 'name',
	kind: 'kind',
	tax_or_id_number: 'taxId',
	address: 'address',
	ward_id: 'ward',
	lon: 'lon',
	lat: 'lat',
	phone: 'phone',
	email: 'email',
	payment_method: 'paymentMethod',
	bank_account: 'bankAccount',
	bank_name: 'bankName',
	category: 'category',
	households: 'households',
	persons: 'persons',
	route_id: 'route',
	route_seq: 'routeSeq'
};

// Stands in for a blank sequence while the schema checks the rest (it wants route and
// sequence together); the import puts such a row at the end of its route instead.
const SEQ_PLACEHOLDER = 1;

function lookup(index: NameIndex, text: string): number | null | 'ambiguous' {
	const folded = foldVi(text);
	const byCode = index.byCode.get(folded);
	if (byCode !== undefined) return byCode;
	const byName = index.byName.get(folded);
	if (byName === null) return 'ambiguous';
	return byName ?? null;
}

/**
 * A copy of a cell's text that owns its characters. The sheet reader's strings are slices of
 * the XML chunk they came from; kept in the file-wide duplicate maps, each would hold its whole
 * chunk alive (measured: ~1.8 kB per row, 180 MB at 100k rows).
 */
function detached(text: string | null): string | null {
	return text === null ? null : text.split('').join('');
}

/** The code, serial and route position a row names, so a chunk's facts are fetched at once. */
export function rowKeys(raw: RawRow, refs: ImportRefs) {
	const code = detached(textCell(raw.code ?? null)?.toUpperCase() ?? null);
	const serial = detached(textCell(raw.meterSerial ?? null));
	const routeText = textCell(raw.route ?? null);
	const routeId = routeText ? lookup(refs.routes, routeText) : null;
	const seq = parseNumberCell(raw.routeSeq ?? null);
	const position =
		typeof routeId === 'number' && seq !== null && Number.isInteger(seq)
			? `${routeId}:${seq}`
			: null;
	return { code, serial, position };
}

/** The row's cells as text, for the preview and the rejects workbook. */
export function rowTexts(raw: RawRowOf<string>): Record<string, string | null> {
	const out: Record<string, string | null> = {};
	for (const [key, value] of Object.entries(raw))
		if (!isBlank(value ?? null)) out[key] = textCell(value ?? null);
	return out;
}

export function validateRow(
	rowNo: number,
	raw: RawRow,
	refs: ImportRefs,
	facts: ChunkFacts,
	state: FileState
): RowOutcome {
	const errors: RowError[] = [];
	const fail = (key: ColumnKey, reason: string) => {
		if (!errors.some((e) => e.column === headerOf[key]))
			errors.push({ column: headerOf[key], reason });
	};
	const keys = rowKeys(raw, refs);

	// The customer code: blank creates, a known code updates, anything else is refused.
	let customerId: number | null = null;
	if (keys.code) {
		const first = state.codes.get(keys.code);
		const existing = facts.customers.get(keys.code);
		if (first !== undefined) fail('code', `mã ${keys.code} trùng với dòng ${first} trong tệp`);
		else if (!existing)
			fail('code', `mã ${keys.code} không có trong danh bộ (để trống để tạo mới)`);
		else if (
			refs.scopeRouteIds &&
			(existing.routeId === null || !refs.scopeRouteIds.has(existing.routeId))
		)
			fail('code', `khách hàng ${keys.code} không thuộc sổ đọc bạn phụ trách`);
		else customerId = existing.id;
		if (first === undefined) state.codes.set(keys.code, rowNo);
	}

	// Ward and route by code or by name, diacritics ignored.
	const wardText = textCell(raw.ward ?? null);
	let wardId: number | null = null;
	if (wardText) {
		const found = lookup(refs.wards, wardText);
		if (found === 'ambiguous') fail('ward', `có nhiều phường/xã tên "${wardText}", hãy ghi mã`);
		else if (found === null) fail('ward', `không có phường/xã "${wardText}"`);
		else wardId = found;
	}
	const routeText = textCell(raw.route ?? null);
	let routeId: number | null = null;
	if (routeText) {
		const found = lookup(refs.routes, routeText);
		if (found === 'ambiguous') fail('route', `có nhiều sổ đọc tên "${routeText}", hãy ghi mã`);
		else if (found === null) fail('route', `không có sổ đọc "${routeText}"`);
		else if (refs.scopeRouteIds && !refs.scopeRouteIds.has(found))
			fail('route', `sổ đọc "${routeText}" không thuộc phạm vi của bạn`);
		else routeId = found;
	}
	const seqCell = raw.routeSeq ?? null;
	const seqBlank = isBlank(seqCell);

	const parsed = parseCustomerInput(
		{
			name: raw.name,
			kind: raw.kind,
			tax_or_id_number: raw.taxId,
			address: raw.address,
			ward_id: wardId ?? (wardText ? 0 : null),
			lon: raw.lon,
			lat: raw.lat,
			phone: raw.phone,
			email: raw.email,
			payment_method: raw.paymentMethod,
			bank_account: raw.bankAccount,
			bank_name: raw.bankName,
			category: raw.category,
			households: raw.households,
			persons: raw.persons,
			route_id: routeId ?? (routeText ? 0 : null),
			route_seq: seqBlank && routeText ? SEQ_PLACEHOLDER : (parseNumberCell(seqCell) ?? seqCell)
		},
		refs.bounds
	);
	if (!parsed.ok)
		for (const e of parsed.errors) {
			const key = fieldColumn[e.field];
			if (!key) continue;
			fail(key, e.message.replace(/^[a-z_]+: /, ''));
		}

	if (keys.position && routeId !== null && !seqBlank) {
		const first = state.positions.get(keys.position);
		const holder = facts.positions.get(keys.position);
		if (first !== undefined) fail('routeSeq', `thứ tự này trong sổ đã dùng ở dòng ${first}`);
		else if (holder !== undefined && holder !== customerId)
			fail('routeSeq', `thứ tự này trong sổ đã có khách hàng khác`);
		if (first === undefined) state.positions.set(keys.position, rowNo);
	}

	const meter = meterOf(raw, keys.serial, customerId, facts, state, rowNo, fail);
	const contract = contractOf(raw, fail);

	if (errors.length > 0 || !parsed.ok) {
		// Every refusal names a column; one the schema gave without a known column still counts.
		if (errors.length === 0) errors.push({ column: headerOf.name, reason: 'dòng không hợp lệ' });
		return { action: 'error', errors, data: rowTexts(raw) };
	}
	const customer = { ...parsed.value, zone_id: null };
	if (seqBlank) customer.route_seq = null;
	return {
		action: customerId === null ? 'create' : 'update',
		data: { customer_id: customerId, code: keys.code, customer, meter, contract }
	};
}

type Fail = (key: ColumnKey, reason: string) => void;

function meterOf(
	raw: RawRow,
	serial: string | null,
	customerId: number | null,
	facts: ChunkFacts,
	state: FileState,
	rowNo: number,
	fail: Fail
): MeterData | null {
	const cells = [raw.meterBrand, raw.meterSize, raw.meterInstalledOn, raw.meterInitialIndex];
	if (!serial) {
		if (cells.some((c) => !isBlank(c ?? null)))
			fail('meterSerial', 'bắt buộc khi nhập thông tin đồng hồ');
		return null;
	}
	const first = state.serials.get(serial);
	if (first !== undefined)
		fail('meterSerial', `số seri ${serial} trùng với dòng ${first} trong tệp`);
	else state.serials.set(serial, rowNo);
	if (facts.serials.has(serial) && facts.serials.get(serial) !== customerId)
		fail('meterSerial', `số seri ${serial} đã có trong kho đồng hồ`);
	const current = customerId === null ? null : currentSerial(facts, customerId);
	if (current && current !== serial)
		fail(
			'meterSerial',
			`khách hàng đang dùng đồng hồ ${current}; thay đồng hồ ở trang khách hàng, không qua nhập tệp`
		);

	const brand = textCell(raw.meterBrand ?? null);
	if (!brand) fail('meterBrand', 'bắt buộc khi có số seri đồng hồ');
	const size = parseNumberCell(raw.meterSize ?? null);
	if (size === null) fail('meterSize', 'bắt buộc khi có số seri đồng hồ');
	else if (!Number.isInteger(size) || size < 15 || size > 300)
		fail('meterSize', 'cỡ đồng hồ là số nguyên từ 15 đến 300 (mm)');
	const installedOn = dateOf(raw.meterInstalledOn, 'meterInstalledOn', true, fail);
	const indexCell = raw.meterInitialIndex ?? null;
	const index = isBlank(indexCell) ? 0 : parseNumberCell(indexCell);
	if (index === null || index < 0 || index >= 1e9)
		fail('meterInitialIndex', 'chỉ số là số không âm (m³)');
	if (!brand || size === null || !installedOn || index === null) return null;
	return {
		serial,
		brand,
		size_mm: size,
		installed_on: installedOn,
		initial_index: Math.round(index * 1000) / 1000
	};
}

function currentSerial(facts: ChunkFacts, customerId: number): string | null {
	for (const c of facts.customers.values()) if (c.id === customerId) return c.meterSerial;
	return null;
}

function contractOf(raw: RawRow, fail: Fail): ContractData | null {
	const signed = dateOf(raw.signedOn, 'signedOn', false, fail);
	const handover = dateOf(raw.handoverOn, 'handoverOn', false, fail);
	const team = textCell(raw.installationTeam ?? null);
	if (!signed) {
		if ((handover || team) && isBlank(raw.signedOn ?? null))
			fail('signedOn', 'bắt buộc khi nhập thông tin hợp đồng');
		return null;
	}
	if (handover && handover < signed) fail('handoverOn', 'ngày bàn giao trước ngày ký hợp đồng');
	if (team && team.length > 200) fail('installationTeam', 'tối đa 200 ký tự');
	return { signed_on: signed, handover_on: handover, installation_team: team };
}

function dateOf(
	cell: RawRow[ColumnKey],
	key: ColumnKey,
	required: boolean,
	fail: Fail
): string | null {
	const value = cell ?? null;
	if (isBlank(value)) {
		if (required) fail(key, 'bắt buộc khi có số seri đồng hồ');
		return null;
	}
	const date = parseDateCell(value);
	if (!date) fail(key, `"${textCell(value)}" không phải ngày (dd/mm/yyyy)`);
	return date;
}
