import { describe, expect, it } from 'vitest';
import { categoryLabelVi, statusLabelVi, wardLabelVi } from './customer-labels.ts';
import { customerCategories, customerStatuses } from './selection.ts';
import { exportColumns, exportFileName, type ExportCustomer } from './selection-export.ts';

describe('selection export', () => {
	it('names the file by the time in Asia/Ho_Chi_Minh (UTC+7)', () => {
		expect(exportFileName(new Date('2026-11-23T18:05:00Z'))).toBe(
			'khach-hang-vung-chon-20261124-0105.xlsx'
		);
		expect(exportFileName(new Date('2026-01-01T00:00:00Z'))).toBe(
			'khach-hang-vung-chon-20260101-0700.xlsx'
		);
	});

	it('has the Vietnamese headers in order, and writes labels and numbers', () => {
		expect(exportColumns.map((c) => c.header)).toEqual([
			'Mã KH (danh bộ)',
			'Tên khách hàng',
			'Địa chỉ',
			'Điện thoại',
			'Đối tượng',
			'Trạng thái',
			'Tuyến ghi',
			'Phường/Xã',
			'Vùng cấp nước',
			'Số seri đồng hồ',
			'Tiêu thụ kỳ gần nhất (m³)',
			'Kinh độ',
			'Vĩ độ'
		]);
		const c: ExportCustomer = {
			code: 'KH00000001',
			name: 'Nguyễn Văn An',
			address: '12 Lê Lợi',
			phone: '0905123456',
			category: 'poor_household',
			status: 'cut_off',
			route: 'S01-001',
			ward: 'Phường Phú Xuân',
			zone: 'DMA-01',
			meterSerial: 'AS2400000001',
			lastConsumptionM3: 12.5,
			lon: 107.58,
			lat: 16.46
		};
		expect(exportColumns.map((col) => col.value(c))).toEqual([
			'KH00000001',
			'Nguyễn Văn An',
			'12 Lê Lợi',
			'0905123456',
			'Sinh hoạt hộ nghèo',
			'Đã cắt nước',
			'S01-001',
			'Phường Phú Xuân',
			'DMA-01',
			'AS2400000001',
			12.5,
			107.58,
			16.46
		]);
	});

	it('labels every category, status and ward kind in Vietnamese', () => {
		for (const c of customerCategories) expect(categoryLabelVi[c]).toMatch(/\S/);
		for (const s of customerStatuses) expect(statusLabelVi[s]).toMatch(/\S/);
		expect(new Set(Object.values(categoryLabelVi)).size).toBe(customerCategories.length);
		expect(wardLabelVi('Phú Xuân', 'phuong')).toBe('Phường Phú Xuân');
		expect(wardLabelVi('Phú Vang', 'xa')).toBe('Xã Phú Vang');
	});
});
