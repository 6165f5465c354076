/**
 * The import template: sheet 1 is the header row and one example row, sheet 2 explains each
 * column and lists the values the utility accepts (categories, payment methods, wards, routes).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { categoryLabelVi } from '../../domain/map/customer-labels.ts';
import { importColumns } from '../../domain/import/columns.ts';
import { kindLabelVi, paymentMethodLabelVi } from '../../domain/customers/customer-input.ts';
import type { Database } from '../db/connection.ts';

export const TEMPLATE_FILE_NAME = 'mau-nhap-khach-hang.xlsx';

export async function writeTemplate(db: Database, out: Writable): Promise<void> {
	const wards = await db.selectFrom('ward').select(['code', 'name']).orderBy('name').execute();
	const routes = await db.selectFrom('route').select(['code', 'name']).orderBy('code').execute();
	const example = await db
		.selectFrom('ward')
		.select(['code'])
		.select((eb) => [
			eb.fn<number>('ST_X', [eb.fn('ST_PointOnSurface', ['geom'])]).as('lon'),
			eb.fn<number>('ST_Y', [eb.fn('ST_PointOnSurface', ['geom'])]).as('lat')
		])
		.where('geom', 'is not', null)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();

	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
	workbook.creator = 'Waterline';
	const sheet = workbook.addWorksheet('Khách hàng', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = importColumns.map((c) => ({ width: Math.max(14, c.header.length + 4) }));
	const header = sheet.addRow(
		importColumns.map((c) => ('required' in c ? `${c.header}` : c.header))
	);
	header.font = { bold: true };
	importColumns.forEach((c, i) => {
		if ('required' in c)
			header.getCell(i + 1).fill = {
				type: 'pattern',
				pattern: 'solid',
				fgColor: { argb: 'FFFFF2CC' }
			};
	});
	header.commit();
	const sample: Record<string, string | number> = {
		code: '',
		name: 'Nguyễn Văn An',
		kind: kindLabelVi.individual,
		taxId: '046090001234',
		address: '12 Lê Lợi',
		ward: example?.code ?? '',
		lon: example ? Math.round(Number(example.lon) * 1e6) / 1e6 : '',
		lat: example ? Math.round(Number(example.lat) * 1e6) / 1e6 : '',
		phone: '0905123456',
		email: 'an.nguyen@example.vn',
		paymentMethod: paymentMethodLabelVi.cash,
		bankAccount: '',
		bankName: '',
		category: categoryLabelVi.domestic,
		households: 1,
		persons: 4,
		route: routes[0]?.code ?? '',
		routeSeq: '',
		meterSerial: 'DH-000001',
		meterBrand: 'Itron',
		meterSize: 15,
		meterInstalledOn: '15/03/2025',
		meterInitialIndex: 0,
		signedOn: '10/03/2025',
		handoverOn: '15/03/2025',
		installationTeam: 'Đội thi công số 1'
	};
	sheet.addRow(importColumns.map((c) => sample[c.key] ?? '')).commit();
	sheet.commit();

	const help = workbook.addWorksheet('Hướng dẫn');
	help.columns = [{ width: 28 }, { width: 70 }, { width: 40 }];
	const title = help.addRow(['Cột', 'Ghi chú', 'Bắt buộc']);
	title.font = { bold: true };
	title.commit();
	for (const c of importColumns)
		help.addRow([c.header, 'note' in c ? c.note : '', 'required' in c ? 'Bắt buộc' : '']).commit();
	const section = (name: string, rows: string[][]) => {
		help.addRow([]).commit();
		const head = help.addRow([name]);
		head.font = { bold: true };
		head.commit();
		for (const r of rows) help.addRow(r).commit();
	};
	section('Ngày tháng', [['dd/mm/yyyy', 'Nhập dạng 15/03/2025 hoặc ô kiểu ngày của Excel']]);
	section(
		'Loại khách hàng',
		Object.values(kindLabelVi).map((v) => [v])
	);
	section(
		'Đối tượng sử dụng',
		Object.values(categoryLabelVi).map((v) => [v])
	);
	section(
		'Hình thức thanh toán',
		Object.values(paymentMethodLabelVi).map((v) => [v])
	);
	section(
		'Phường/Xã (mã, tên)',
		wards.map((w) => [w.code, w.name])
	);
	section(
		'Sổ đọc (mã, tên)',
		routes.map((r) => [r.code, r.name])
	);
	help.commit();
	await workbook.commit();
}
