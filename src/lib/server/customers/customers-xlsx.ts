/**
 * The customers list, filtered as on screen, as an .xlsx streamed with exceljs's
 * WorkbookWriter: rows go from the database cursor to `out` as they come, so memory stays flat
 * for a million customers. Vietnamese headers, bold and frozen; phone and account as text.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { kindLabelVi, paymentMethodLabelVi } from '../../domain/customers/customer-input.ts';
import { categoryVi, statusVi, wardLabelVi } from '../../domain/map/customer-labels.ts';
import { utilityDate } from '../../domain/time/utility-date.ts';
import type { Database } from '../db/connection.ts';
import { streamListed, type ListFilter } from './customers.repository.ts';

type Row = Awaited<ReturnType<typeof streamListed> extends AsyncIterable<infer R> ? R : never>;

const columns: { header: string; width: number; value: (r: Row) => string | number | null }[] = [
	{ header: 'Mã KH (danh bộ)', width: 14, value: (r) => r.code },
	{ header: 'Tên khách hàng', width: 32, value: (r) => r.name },
	{ header: 'Loại', width: 10, value: (r) => kindLabelVi[r.kind as 'individual'] ?? r.kind },
	{ header: 'MST / CCCD', width: 16, value: (r) => r.taxOrIdNumber },
	{ header: 'Địa chỉ', width: 44, value: (r) => r.address },
	{ header: 'Phường/Xã', width: 22, value: (r) => wardLabelVi(r.ward, r.wardKind) },
	{ header: 'Vùng cấp nước', width: 20, value: (r) => r.zone },
	{ header: 'Điện thoại', width: 14, value: (r) => r.phone },
	{ header: 'Email', width: 24, value: (r) => r.email },
	{ header: 'Đối tượng', width: 24, value: (r) => categoryVi(r.category) },
	{ header: 'Trạng thái', width: 14, value: (r) => statusVi(r.status) },
	{
		header: 'Hình thức thanh toán',
		width: 18,
		value: (r) => paymentMethodLabelVi[r.paymentMethod as 'cash'] ?? r.paymentMethod
	},
	{ header: 'Số tài khoản', width: 18, value: (r) => r.bankAccount },
	{ header: 'Ngân hàng', width: 18, value: (r) => r.bankName },
	{ header: 'Số hộ', width: 8, value: (r) => r.households },
	{ header: 'Số nhân khẩu', width: 10, value: (r) => r.persons },
	{ header: 'Tuyến ghi', width: 12, value: (r) => r.route },
	{ header: 'Thứ tự', width: 8, value: (r) => r.routeSeq },
	{ header: 'Ngày tạo', width: 12, value: (r) => utilityDate(new Date(r.createdAt)) },
	{ header: 'Kinh độ', width: 12, value: (r) => Number(r.lon) },
	{ header: 'Vĩ độ', width: 12, value: (r) => Number(r.lat) }
];

export const customersExportHeaders = columns.map((c) => c.header);

export function customersExportFileName(now: Date): string {
	return `khach-hang-${utilityDate(now)}.xlsx`;
}

/** Returns the number of customer rows written. */
export async function writeCustomersXlsx(
	db: Database,
	filter: ListFilter,
	out: Writable
): Promise<number> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	workbook.creator = 'Waterline';
	const sheet = workbook.addWorksheet('Khách hàng', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = columns.map((c, k) => ({ key: `c${k}`, width: c.width }));
	const header = sheet.addRow(customersExportHeaders);
	header.font = { bold: true };
	header.commit();
	let written = 0;
	for await (const r of streamListed(db, filter)) {
		if (out.destroyed) break;
		sheet.addRow(columns.map((c) => c.value(r))).commit();
		written++;
	}
	sheet.commit();
	await workbook.commit();
	return written;
}
