/**
 * The customer import template: the header row and one example row, and the instructions
 * with the values the utility accepts (categories, payment methods, wards, routes).
 */
import type { Writable } from 'node:stream';
import { categoryLabelVi } from '../../domain/map/customer-labels.ts';
import { importColumns } from '../../domain/import/columns.ts';
import { kindLabelVi, paymentMethodLabelVi } from '../../domain/customers/customer-input.ts';
import type { Database } from '../db/connection.ts';
import { writeTemplateWorkbook } from './template-workbook.ts';

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

	await writeTemplateWorkbook(out, {
		sheetName: 'Khách hàng',
		columns: importColumns,
		example: {
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
		},
		sections: [
			['Ngày tháng', [['dd/mm/yyyy', 'Nhập dạng 15/03/2025 hoặc ô kiểu ngày của Excel']]],
			['Loại khách hàng', Object.values(kindLabelVi).map((v) => [v])],
			['Đối tượng sử dụng', Object.values(categoryLabelVi).map((v) => [v])],
			['Hình thức thanh toán', Object.values(paymentMethodLabelVi).map((v) => [v])],
			['Phường/Xã (mã, tên)', wards.map((w) => [w.code, w.name])],
			['Sổ đọc (mã, tên)', routes.map((r) => [r.code, r.name])]
		]
	});
}
