/**
 * Vietnamese words for the register's codes, as the utility's staff write them on paper and
 * in spreadsheets (đối tượng sử dụng, trạng thái). The export and the map card use them.
 */
import type { CustomerCategory, CustomerStatus } from './selection.ts';

export const categoryLabelVi: Record<CustomerCategory, string> = {
	domestic: 'Sinh hoạt',
	poor_household: 'Sinh hoạt hộ nghèo',
	administrative: 'Cơ quan hành chính sự nghiệp',
	public_service: 'Phục vụ công cộng',
	production: 'Sản xuất vật chất',
	business: 'Kinh doanh dịch vụ'
};

export const statusLabelVi: Record<CustomerStatus, string> = {
	active: 'Đang sử dụng',
	suspended: 'Tạm ngừng',
	cut_off: 'Đã cắt nước'
};

const wardKindVi: Record<string, string> = { phuong: 'Phường', xa: 'Xã', dac_khu: 'Đặc khu' };

/** The label of a code, or the code itself if a newer code has no label yet. */
export function categoryVi(code: string): string {
	return (categoryLabelVi as Record<string, string>)[code] ?? code;
}

export function statusVi(code: string): string {
	return (statusLabelVi as Record<string, string>)[code] ?? code;
}

/** 'Phường Phú Xuân', 'Xã Phú Vang': the two-tier ward name with its kind. */
export function wardLabelVi(name: string, kind: string): string {
	const prefix = wardKindVi[kind];
	return prefix ? `${prefix} ${name}` : name;
}
