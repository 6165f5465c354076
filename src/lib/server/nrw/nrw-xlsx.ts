/**
 * The NRW spreadsheets, Vietnamese headers, numbers as numbers ('#,##0' m³, '0.0' %,
 * '0.00' ILI: Excel shows them with the reader's vi-VN separators):
 * - the month: every zone's full IWA balance in ranking order, incomplete zones with the
 *   figures known and their reasons, never zeros;
 * - one zone: the IWA boxed table (merged cells), its indicators, warnings and data quality.
 */
import type { Writable } from 'node:stream';
import { iwaBoxes } from '../../components/nrw/iwa.ts';
import { monthWords, reasonText, warningText } from '../../components/nrw/labels.ts';
import {
	boldRow,
	countFormat,
	reportSheet,
	reportWorkbook
} from '../billing-reports/xlsx-sheet.ts';
import type { ZoneMonthView } from './views.service.ts';

const m3 = '#,##0';
const pct = '0.0';
const ratio = '0.00';
const km = '#,##0.000';

const compact = (month: string) => month.slice(0, 7).replace('-', '');
export const monthFileName = (month: string) => `can-bang-nuoc-${compact(month)}.xlsx`;
export const zoneFileName = (code: string, month: string) =>
	`can-bang-nuoc-${code.replace(/[^\w-]/g, '_')}-${compact(month)}.xlsx`;

/** Warnings of a complete balance, or the reasons of an incomplete one, in Vietnamese. */
export function notesVi(z: ZoneMonthView): string {
	if (!z.complete) return z.reasons.map((r) => reasonText(r, 'vi')).join('; ');
	return (z.result?.warnings ?? []).map((w) => warningText(w, 'vi')).join(' ');
}

const columns = [
	{ header: 'Mã vùng', width: 12 },
	{ header: 'Tên vùng', width: 26 },
	{ header: 'Trạng thái', width: 16 },
	{ header: 'Số ngày', width: 9, numFmt: countFormat },
	{ header: 'Số đấu nối', width: 11, numFmt: countFormat },
	{ header: 'Lượng nước vào hệ thống (m³)', width: 16, numFmt: m3 },
	{ header: 'Có hóa đơn, có đồng hồ (m³)', width: 16, numFmt: m3 },
	{ header: 'Có hóa đơn, không đồng hồ (m³)', width: 16, numFmt: m3 },
	{ header: 'Không hóa đơn, có đồng hồ (m³)', width: 16, numFmt: m3 },
	{ header: 'Không hóa đơn, không đồng hồ (m³)', width: 16, numFmt: m3 },
	{ header: 'Tiêu thụ hợp pháp (m³)', width: 16, numFmt: m3 },
	{ header: 'Nước có doanh thu (m³)', width: 16, numFmt: m3 },
	{ header: 'Nước không doanh thu (m³)', width: 16, numFmt: m3 },
	{ header: 'NRW (%)', width: 9, numFmt: pct },
	{ header: 'Nước thất thoát (m³)', width: 16, numFmt: m3 },
	{ header: 'Thất thoát biểu kiến (m³)', width: 16, numFmt: m3 },
	{ header: 'Sai số đồng hồ khách hàng (m³)', width: 16, numFmt: m3 },
	{ header: 'Sử dụng trái phép (m³)', width: 16, numFmt: m3 },
	{ header: 'Thất thoát thực (m³)', width: 16, numFmt: m3 },
	{ header: 'NRW (lít/đấu nối/ngày)', width: 14, numFmt: m3 },
	{ header: 'Thất thoát thực (lít/đấu nối/ngày)', width: 14, numFmt: m3 },
	{ header: 'CARL (m³/năm)', width: 14, numFmt: m3 },
	{ header: 'UARL (m³/năm)', width: 14, numFmt: m3 },
	{ header: 'ILI', width: 8, numFmt: ratio },
	{ header: 'Hạng WBI', width: 9 },
	{ header: 'Ống chính (km)', width: 12, numFmt: km },
	{ header: 'Ống dịch vụ (km)', width: 12, numFmt: km },
	{ header: 'Áp lực trung bình (m)', width: 12, numFmt: '0.0' },
	{ header: 'Điểm chất lượng dữ liệu', width: 12, numFmt: '0.0' },
	{ header: 'Cảnh báo / lý do chưa đủ dữ liệu', width: 70 }
];

function monthRow(z: ZoneMonthView): unknown[] {
	const k = z.known;
	const r = z.result;
	const box = new Map(iwaBoxes(k, r).map((b) => [b.key, b.value]));
	return [
		z.code,
		z.name,
		z.complete ? 'Đủ dữ liệu' : 'Chưa đủ dữ liệu',
		k.days,
		k.connections,
		k.systemInput,
		k.billedMetered,
		k.billedUnmetered,
		k.unbilledMetered,
		k.unbilledUnmetered,
		box.get('authorized'),
		box.get('revenueWater'),
		box.get('nrw'),
		r?.nrwPct ?? null,
		box.get('waterLosses'),
		r?.apparentLosses ?? null,
		r?.meterInaccuracy ?? null,
		r?.unauthorized ?? null,
		r?.realLosses ?? null,
		r?.nrwPerConnectionPerDayL ?? null,
		r?.realLossesPerConnectionPerDayL ?? null,
		r?.carlM3PerYear ?? null,
		r?.uarlM3PerYear ?? null,
		r?.ili ?? null,
		r?.band ?? null,
		k.mainsLengthKm,
		k.serviceLengthKm,
		k.avgPressureM,
		z.qualityScore,
		notesVi(z)
	];
}

export async function writeMonthXlsx(
	month: string,
	zones: ZoneMonthView[],
	out: Writable
): Promise<void> {
	const workbook = reportWorkbook(out);
	const sheet = reportSheet(workbook, `Cân bằng nước ${compact(month)}`, columns);
	for (const z of zones) sheet.addRow(monthRow(z)).commit();
	sheet.commit();
	await workbook.commit();
}

/** One zone: the IWA table (10 columns: a label and its m³ per level), then the rest. */
export async function writeZoneXlsx(
	zone: { code: string; name: string },
	month: string,
	z: ZoneMonthView,
	out: Writable
): Promise<void> {
	const workbook = reportWorkbook(out);
	const sheet = workbook.addWorksheet(`Vùng ${zone.code}`.slice(0, 31));
	sheet.columns = Array.from({ length: 10 }, (_, i) => ({
		width: i % 2 ? 14 : 26,
		style: i % 2 ? { numFmt: m3 } : { alignment: { wrapText: true, vertical: 'middle' } }
	}));
	const title = sheet.addRow([
		`Cân bằng nước vùng ${zone.code} · ${zone.name} – ${monthWords(month)} (m³)`
	]);
	title.font = { bold: true };
	title.commit();
	// Component rows 0–6 sit on sheet rows 2–8.
	const first = 2;
	const grid: unknown[][] = Array.from({ length: 7 }, () => Array(10).fill(null));
	const boxes = iwaBoxes(z.known, z.result);
	for (const b of boxes) {
		grid[b.row][b.col * 2] = b.label({ locale: 'vi' });
		grid[b.row][b.col * 2 + 1 + (b.cols - 1) * 2] = b.value;
	}
	// The streaming writer merges only rows it still holds: add them, merge, then commit.
	const rows = grid.map((values) => sheet.addRow(values));
	for (const b of boxes) {
		const top = first + b.row;
		const bottom = top + b.span - 1;
		const left = b.col * 2 + 1;
		const right = left + (b.cols - 1) * 2;
		if (bottom > top || right > left) sheet.mergeCells(top, left, bottom, right);
		if (bottom > top) sheet.mergeCells(top, right + 1, bottom, right + 1);
	}
	for (const row of rows) row.commit();
	sheet.addRow([]).commit();

	const r = z.result;
	const line = (label: string, value: unknown, numFmt?: string) => {
		const row = sheet.addRow([label, value]);
		if (numFmt) row.getCell(2).numFmt = numFmt;
		row.commit();
	};
	boldRow(sheet, ['Chỉ số']);
	line('Trạng thái', z.complete ? 'Đủ dữ liệu' : 'Chưa đủ dữ liệu');
	line('NRW (%)', r?.nrwPct ?? null, pct);
	line('NRW (lít/đấu nối/ngày)', r?.nrwPerConnectionPerDayL ?? null, m3);
	line('Thất thoát thực (lít/đấu nối/ngày)', r?.realLossesPerConnectionPerDayL ?? null, m3);
	line('CARL (m³/năm)', r?.carlM3PerYear ?? null, m3);
	line('UARL (m³/năm)', r?.uarlM3PerYear ?? null, m3);
	line('ILI', r?.ili ?? null, ratio);
	line('Hạng WBI', r?.band ?? null);
	line('Số đấu nối', z.known.connections, countFormat);
	line('Số ngày', z.known.days, countFormat);
	sheet.addRow([]).commit();
	boldRow(sheet, [z.complete ? 'Cảnh báo' : 'Lý do chưa đủ dữ liệu']);
	const notes = z.complete
		? (r?.warnings ?? []).map((w) => warningText(w, 'vi'))
		: z.reasons.map((x) => reasonText(x, 'vi'));
	for (const n of notes.length ? notes : ['Không có']) sheet.addRow([n]).commit();
	sheet.addRow([]).commit();
	const q = z.quality;
	boldRow(sheet, ['Chất lượng dữ liệu']);
	line('Điểm chất lượng (0–100)', z.qualityScore, '0.0');
	line('Chỉ số cần có', q?.expectedReadings ?? null, countFormat);
	line('Đọc thực tế', q?.actual ?? null, countFormat);
	line('Ước tính', q?.estimated ?? null, countFormat);
	line('Không vào được', q?.noAccess ?? null, countFormat);
	line('Chưa có', q?.missing ?? null, countFormat);
	line('Ngoại suy (m³)', q?.extrapolatedM3 ?? null, m3);
	line('Đồng hồ tổng có số liệu', q ? `${q.masterMetersReporting}/${q.masterMeters}` : null);
	sheet.commit();
	await workbook.commit();
}
