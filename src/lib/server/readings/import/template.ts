/**
 * The readings workbook template: Mã KH, serial, new index, note code, date, note; one example
 * row (a customer of the user's routes when there is one) and the instructions with the note
 * codes a reader may write.
 */
import type { Writable } from 'node:stream';
import { noteLabelVi, readingColumns } from '../../../domain/import/reading-columns.ts';
import { noteCodes, unreadableNotes } from '../../../domain/readings/anomalies.ts';
import type { SessionUser } from '../../auth/auth.repository.ts';
import type { Database } from '../../db/connection.ts';
import { writeTemplateWorkbook } from '../../import/template-workbook.ts';
import { exampleCustomer } from './readings-import.repository.ts';

export const READINGS_TEMPLATE_FILE_NAME = 'mau-nhap-chi-so.xlsx';

export async function writeReadingsTemplate(
	db: Database,
	user: SessionUser,
	out: Writable,
	today: string
): Promise<void> {
	const example = await exampleCustomer(db, user.routeIds);
	const [y, mo, d] = today.split('-');
	await writeTemplateWorkbook(out, {
		sheetName: 'Chỉ số',
		columns: readingColumns,
		example: {
			code: example?.code ?? 'KH00000001',
			serial: example?.serial ?? '',
			index: 1234.5,
			noteCode: '',
			readOn: `${d}/${mo}/${y}`,
			note: ''
		},
		sections: [
			[
				'Chỉ số',
				[
					['Chỉ số mới', 'Số m³ trên mặt đồng hồ, dấu phẩy hoặc dấu chấm thập phân (1234,5)'],
					['', 'Không quá số chữ số của đồng hồ, tối đa 3 chữ số thập phân']
				]
			],
			['Ngày tháng', [['dd/mm/yyyy', 'Nhập dạng 15/03/2025 hoặc ô kiểu ngày của Excel']]],
			[
				'Mã ghi chú (mã, tên, chỉ số được để trống)',
				noteCodes.map((c) => [
					c,
					noteLabelVi[c],
					unreadableNotes.includes(c) ? 'Được để trống' : ''
				])
			]
		]
	});
}
