/**
 * The verification-due list as .xlsx, written with exceljs's streaming writer straight from a
 * database cursor: Vietnamese headers, dates as real dates, overdue rows in red.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { verificationState } from '../../domain/meters/meter-rules.ts';
import type { Database } from '../db/connection.ts';
import { streamVerificationDue, type DueFilter } from './meters.repository.ts';

const columns = [
	{ header: 'Số seri', width: 16 },
	{ header: 'Hiệu đồng hồ', width: 14 },
	{ header: 'Cỡ (mm)', width: 9 },
	{ header: 'Số niêm chì', width: 14 },
	{ header: 'Mã khách hàng', width: 14 },
	{ header: 'Tên khách hàng', width: 30 },
	{ header: 'Địa chỉ', width: 40 },
	{ header: 'Sổ đọc', width: 10 },
	{ header: 'Vùng', width: 10 },
	{ header: 'Ngày lắp', width: 12, numFmt: 'dd/mm/yyyy' },
	{ header: 'Ngày kiểm định', width: 14, numFmt: 'dd/mm/yyyy' },
	{ header: 'Hạn kiểm định', width: 14, numFmt: 'dd/mm/yyyy' },
	{ header: 'Tình trạng', width: 12 }
];

const asDate = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

export function dueFileName(today: string): string {
	return `dong-ho-den-han-kiem-dinh-${today.replaceAll('-', '')}.xlsx`;
}

/** Returns the number of meters written. */
export async function writeVerificationDueXlsx(
	db: Database,
	filter: DueFilter,
	today: string,
	out: Writable
): Promise<number> {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	workbook.creator = 'Waterline';
	const sheet = workbook.addWorksheet('Đến hạn kiểm định', {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.columns = columns.map((c, k) => ({
		key: `c${k}`,
		width: c.width,
		style: c.numFmt ? { numFmt: c.numFmt } : {}
	}));
	const header = sheet.addRow(columns.map((c) => c.header));
	header.font = { bold: true };
	header.commit();
	let written = 0;
	for await (const r of streamVerificationDue(db, filter)) {
		if (out.destroyed) break;
		const overdue = verificationState(r.verification_due_on, today, 0) === 'overdue';
		const row = sheet.addRow([
			r.serial,
			r.brand,
			r.size_mm,
			r.seal_no,
			r.customer_code,
			r.customer_name,
			r.address,
			r.route_code,
			r.zone_code,
			asDate(r.installed_on),
			asDate(r.verified_on),
			asDate(r.verification_due_on),
			overdue ? 'Quá hạn' : 'Sắp đến hạn'
		]);
		if (overdue) row.font = { color: { argb: 'FFC0392B' } };
		row.commit();
		written++;
	}
	sheet.commit();
	await workbook.commit();
	return written;
}
