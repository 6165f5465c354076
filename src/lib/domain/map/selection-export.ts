/**
 * The spreadsheet of a map selection: its columns (Vietnamese headers, widths in characters)
 * and its file name. The server streams rows into it; this module only decides the shape.
 */
import { categoryVi, statusVi } from './customer-labels.ts';

/** More than this many customers is refused: draw a smaller area. */
export const EXPORT_MAX_CUSTOMERS = 100_000;

export interface ExportCustomer {
	code: string;
	name: string;
	address: string;
	phone: string | null;
	category: string;
	status: string;
	route: string | null;
	ward: string;
	zone: string | null;
	meterSerial: string | null;
	/** Latest consumption with a value, m³ (3 decimals). */
	lastConsumptionM3: number | null;
	lon: number;
	lat: number;
}

export interface ExportColumn {
	header: string;
	/** Column width, characters. */
	width: number;
	/** Excel number format, for numeric columns. */
	numFmt?: string;
	value: (c: ExportCustomer) => string | number | null;
}

export const exportColumns: ExportColumn[] = [
	{ header: 'Mã KH (danh bộ)', width: 14, value: (c) => c.code },
	{ header: 'Tên khách hàng', width: 32, value: (c) => c.name },
	{ header: 'Địa chỉ', width: 48, value: (c) => c.address },
	// Text, not a number: a phone keeps its leading 0.
	{ header: 'Điện thoại', width: 14, value: (c) => c.phone },
	{ header: 'Đối tượng', width: 26, value: (c) => categoryVi(c.category) },
	{ header: 'Trạng thái', width: 14, value: (c) => statusVi(c.status) },
	{ header: 'Tuyến ghi', width: 12, value: (c) => c.route },
	{ header: 'Phường/Xã', width: 22, value: (c) => c.ward },
	{ header: 'Vùng cấp nước', width: 22, value: (c) => c.zone },
	{ header: 'Số seri đồng hồ', width: 18, value: (c) => c.meterSerial },
	{
		header: 'Tiêu thụ kỳ gần nhất (m³)',
		width: 14,
		numFmt: '#,##0.###',
		value: (c) => c.lastConsumptionM3
	},
	{ header: 'Kinh độ', width: 12, numFmt: '0.000000', value: (c) => c.lon },
	{ header: 'Vĩ độ', width: 12, numFmt: '0.000000', value: (c) => c.lat }
];

export const EXPORT_SHEET_NAME = 'Khách hàng';

const hcmParts = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Asia/Ho_Chi_Minh',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** khach-hang-vung-chon-YYYYMMDD-HHmm.xlsx, the time of `now` in Asia/Ho_Chi_Minh. */
export function exportFileName(now: Date): string {
	const p = Object.fromEntries(hcmParts.formatToParts(now).map((x) => [x.type, x.value]));
	return `khach-hang-vung-chon-${p.year}${p.month}${p.day}-${p.hour}${p.minute}.xlsx`;
}
