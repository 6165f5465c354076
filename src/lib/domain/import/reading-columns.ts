/**
 * The readings workbook a reader sends in: one row per customer read, Vietnamese headers.
 * Note codes are written as the reader knows them (the Vietnamese label) or as the code; both
 * are matched without regard to case or diacritics.
 */
import { foldVi } from '../customers/customer-input.ts';
import { noteCodes, unreadableNotes, type NoteCode } from '../readings/anomalies.ts';
import { headerMapper, type ColumnSpec } from './columns.ts';

export const readingColumns = [
	{ key: 'code', header: 'Mã KH', required: true, note: 'Mã khách hàng (danh bộ)' },
	{
		key: 'serial',
		header: 'Số seri đồng hồ',
		note: 'Không bắt buộc; nếu ghi thì phải đúng đồng hồ đang sử dụng'
	},
	{
		key: 'index',
		header: 'Chỉ số mới',
		note: 'm³, tối đa 3 chữ số thập phân; để trống chỉ khi có mã ghi chú không đọc được'
	},
	{ key: 'noteCode', header: 'Mã ghi chú', note: 'Mã hoặc tên ghi chú (xem danh sách bên dưới)' },
	{
		key: 'readOn',
		header: 'Ngày ghi',
		note: 'dd/mm/yyyy; trong tháng của kỳ ghi ±10 ngày, không sau hôm nay (trống: ngày nhập)'
	},
	{ key: 'note', header: 'Ghi chú', note: 'Tối đa 300 ký tự' }
] as const satisfies readonly ColumnSpec[];

export type ReadingColumnKey = (typeof readingColumns)[number]['key'];

export const readingHeaderOf = Object.fromEntries(
	readingColumns.map((c) => [c.key, c.header])
) as Record<ReadingColumnKey, string>;

export const mapReadingHeader = headerMapper<ReadingColumnKey>(readingColumns);

/** The note codes as a reader writes them. */
export const noteLabelVi: Record<NoteCode, string> = {
	no_access: 'Không vào được',
	gate_locked: 'Cổng khóa',
	dog: 'Chó dữ',
	meter_broken: 'Đồng hồ hỏng',
	meter_buried: 'Đồng hồ bị lấp',
	meter_missing: 'Mất đồng hồ',
	leak_seen: 'Phát hiện rò rỉ',
	tampering: 'Nghi can thiệp đồng hồ',
	other: 'Khác'
};

// 'no_access', 'No access' and 'không vào được' all name the same code.
const fold = (text: string) => foldVi(text.replace(/_/g, ' '));
const noteByFolded = new Map<string, NoteCode>(
	noteCodes.flatMap((code) => [
		[fold(code), code],
		[fold(noteLabelVi[code]), code]
	])
);

/** The note code a cell names (code or Vietnamese label), or null when it names none. */
export function noteCodeOf(text: string): NoteCode | null {
	return noteByFolded.get(fold(text)) ?? null;
}

/** The notes that leave a meter unread (the index may then be blank), as labels. */
export const unreadableLabelsVi = unreadableNotes.map((c) => noteLabelVi[c]);
