/**
 * The import template's columns: the customer, the meter put in service and the contract, in
 * the order the template lays them out. Headers are Vietnamese, as the utility's staff write
 * them; a sheet's header row is matched to these by folded text (case, diacritics and spacing
 * ignored), so a header typed without accents still counts.
 */
import { foldVi } from '../customers/customer-input.ts';

export const importColumns = [
	{
		key: 'code',
		header: 'Mã khách hàng',
		note: 'Để trống: tạo mới. Mã đã có: cập nhật khách hàng đó'
	},
	{ key: 'name', header: 'Tên khách hàng', required: true },
	{ key: 'kind', header: 'Loại khách hàng', note: 'Cá nhân hoặc Tổ chức (trống: Cá nhân)' },
	{ key: 'taxId', header: 'Mã số thuế / CCCD' },
	{ key: 'address', header: 'Địa chỉ', required: true },
	{ key: 'ward', header: 'Phường/Xã', required: true, note: 'Mã hoặc tên phường/xã' },
	{ key: 'lon', header: 'Kinh độ', required: true },
	{ key: 'lat', header: 'Vĩ độ', required: true },
	{ key: 'phone', header: 'Điện thoại' },
	{ key: 'email', header: 'Email' },
	{ key: 'paymentMethod', header: 'Hình thức thanh toán' },
	{ key: 'bankAccount', header: 'Số tài khoản' },
	{ key: 'bankName', header: 'Ngân hàng' },
	{ key: 'category', header: 'Đối tượng sử dụng', required: true },
	{ key: 'households', header: 'Số hộ' },
	{ key: 'persons', header: 'Số nhân khẩu' },
	{ key: 'route', header: 'Sổ đọc', note: 'Mã hoặc tên sổ đọc (tuyến)' },
	{ key: 'routeSeq', header: 'Thứ tự trong sổ', note: 'Trống: xếp cuối sổ (bước 10)' },
	{ key: 'meterSerial', header: 'Số seri đồng hồ' },
	{ key: 'meterBrand', header: 'Hiệu đồng hồ' },
	{ key: 'meterSize', header: 'Cỡ đồng hồ (mm)' },
	{ key: 'meterInstalledOn', header: 'Ngày lắp đặt' },
	{ key: 'meterInitialIndex', header: 'Chỉ số ban đầu (m³)' },
	{ key: 'signedOn', header: 'Ngày ký hợp đồng' },
	{ key: 'handoverOn', header: 'Ngày bàn giao' },
	{ key: 'installationTeam', header: 'Đội thi công' }
] as const satisfies readonly {
	key: string;
	header: string;
	required?: boolean;
	note?: string;
}[];

export type ColumnKey = (typeof importColumns)[number]['key'];
export type RawRow = RawRowOf<ColumnKey>;
/** A data row by template column, for any import kind's columns. */
export type RawRowOf<K extends string> = Partial<Record<K, CellValue>>;

/** A template column: its key, its Vietnamese header, whether a row needs it, a hint. */
export interface ColumnSpec<K extends string = string> {
	key: K;
	header: string;
	required?: boolean;
	note?: string;
}
/** A cell as exceljs gives it after unwrapping formulas, rich text and hyperlinks. */
export type CellValue = string | number | boolean | Date | null;

export const headerOf = Object.fromEntries(importColumns.map((c) => [c.key, c.header])) as Record<
	ColumnKey,
	string
>;

export interface HeaderMap<K extends string = ColumnKey> {
	/** Sheet column number (1-based) → template column. */
	columns: Map<number, K>;
	/** Headers the template does not know, ignored (reported once for the whole file). */
	extra: string[];
	/** Template columns the sheet lacks. */
	missing: K[];
}

/** The header matcher of a template's columns (each import kind has its own). */
export function headerMapper<K extends string>(
	spec: readonly ColumnSpec<K>[]
): (values: readonly (string | null)[]) => HeaderMap<K> {
	const byFolded = new Map<string, K>(spec.map((c) => [foldVi(c.header), c.key]));
	return (values) => {
		const columns = new Map<number, K>();
		const extra: string[] = [];
		values.forEach((value, index) => {
			if (value === null || value.trim() === '') return;
			const key = byFolded.get(foldVi(value));
			if (key && ![...columns.values()].includes(key)) columns.set(index, key);
			else extra.push(value.normalize('NFC').trim());
		});
		const present = new Set(columns.values());
		const missing = spec.filter((c) => c.required && !present.has(c.key)).map((c) => c.key);
		return { columns, extra, missing };
	};
}

/** Matches a header row (values by 1-based column) to the customer template's columns. */
export const mapHeader = headerMapper<ColumnKey>(importColumns);
