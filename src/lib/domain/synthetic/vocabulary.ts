/**
 * Vietnamese words for the synthetic utility: people, places and organisations of a
 * Huế-like city. Weights are rough shares of the population (họ Nguyễn is about 38%).
 */

export const CITY = {
	provinceCode: '46',
	provinceName: 'Thành phố Huế',
	// Centre of the service area: Phú Xuân, on the north bank of the Perfume River.
	lat: 16.4637,
	lon: 107.5909
} as const;

export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
	['Nguyễn', 38],
	['Trần', 11],
	['Lê', 9.5],
	['Phạm', 7],
	['Hoàng', 3],
	['Huỳnh', 2.5],
	['Phan', 4.5],
	['Vũ', 2],
	['Võ', 2.5],
	['Đặng', 2.1],
	['Bùi', 2],
	['Đỗ', 1.4],
	['Hồ', 1.6],
	['Ngô', 1.3],
	['Dương', 1],
	['Lý', 0.5],
	['Trương', 1.2],
	['Đinh', 0.8],
	['Lâm', 0.5],
	['Mai', 0.4],
	// Old Huế families (descendants of the Nguyễn dynasty).
	['Tôn Thất', 1.2],
	['Nguyễn Phúc', 0.6],
	['Tôn Nữ', 0.3]
];

export const MALE_MIDDLE = [
	'Văn',
	'Hữu',
	'Đức',
	'Minh',
	'Quang',
	'Công',
	'Thanh',
	'Ngọc',
	'Xuân',
	'Đình'
];
export const FEMALE_MIDDLE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Bảo', 'Hoài', 'Diệu'];

// prettier-ignore
export const MALE_GIVEN = [
	'An', 'Bảo', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hòa', 'Hùng', 'Huy', 'Khang', 'Khoa',
	'Long', 'Lộc', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng',
	'Thành', 'Thiện', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Vũ', 'Khôi', 'Nhân', 'Tín'
];

// prettier-ignore
export const FEMALE_GIVEN = [
	'Anh', 'Châu', 'Diệp', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Hương',
	'Lan', 'Linh', 'Loan', 'Mai', 'My', 'Ngân', 'Nga', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Tâm',
	'Thảo', 'Thơ', 'Thủy', 'Trang', 'Trinh', 'Tuyết', 'Uyên', 'Vân', 'Yến', 'Huyền', 'Nhi'
];

/** Street names, the best known first: the downtown streets get them. */
// prettier-ignore
export const STREET_NAMES = [
	'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Hai Bà Trưng', 'Hùng Vương', 'Lý Thường Kiệt',
	'Nguyễn Trãi', 'Phan Đình Phùng', 'Bà Triệu', 'Đống Đa', 'Lê Duẩn', 'Trần Phú', 'Điện Biên Phủ',
	'Ngô Quyền', 'Nguyễn Du', 'Phan Bội Châu', 'Nguyễn Trường Tộ', 'Hà Nội', 'Lê Quý Đôn',
	'Nguyễn Chí Thanh', 'Đinh Tiên Hoàng', 'Mai Thúc Loan', 'Chi Lăng', 'Huỳnh Thúc Kháng',
	'Nguyễn Sinh Cung', 'Phạm Văn Đồng', 'Tố Hữu', 'Võ Văn Kiệt', 'Trường Chinh', 'Tôn Đức Thắng',
	'Nguyễn Tất Thành', 'Xuân Diệu', 'Kim Long', 'Lý Nam Đế', 'Bùi Thị Xuân', 'Phan Chu Trinh',
	'Trần Cao Vân', 'Nguyễn Khuyến', 'Ngự Bình', 'An Dương Vương', 'Dương Văn An', 'Hoàng Quốc Việt',
	'Tăng Bạt Hổ', 'Lê Thánh Tôn', 'Đoàn Thị Điểm', 'Đặng Dung', 'Trịnh Công Sơn', 'Nguyễn Lộ Trạch',
	'Hàn Mặc Tử', 'Võ Thị Sáu', 'Nguyễn Văn Cừ', 'Hoàng Diệu', 'Trần Quang Khải', 'Ông Ích Khiêm',
	'Phùng Hưng', 'Lý Thái Tổ', 'Nguyễn Hoàng', 'Lê Ngô Cát', 'Minh Mạng', 'Thiên Thai',
	'Ngô Đức Kế', 'Đào Duy Anh', 'Hồ Đắc Di', 'Nguyễn Văn Linh', 'Tự Đức', 'Cao Bá Quát',
	'Phạm Ngũ Lão', 'Chu Văn An', 'Đội Cung', 'Nguyễn Công Trứ', 'Trần Quốc Toản', 'Hồ Xuân Hương',
	'Lê Hồng Phong', 'Nguyễn Thái Học', 'Hoàng Hoa Thám', 'Yết Kiêu', 'Dã Tượng', 'Mạc Đĩnh Chi',
	'Lương Ngọc Quyến', 'Tuệ Tĩnh', 'Hải Triều', 'Nguyễn Thị Minh Khai', 'Lê Lai', 'Trần Thúc Nhẫn',
	'Nguyễn Bỉnh Khiêm', 'Hà Huy Tập', 'Lê Viết Thuật', 'Văn Cao', 'Đào Tấn', 'Nguyễn Phúc Nguyên',
	'Trần Nhân Tông', 'Lê Thánh Tông', 'Tôn Thất Thiệp', 'Nguyễn Lương Bằng', 'Hàm Nghi', 'Duy Tân',
	'Khải Định', 'Thanh Hải', 'Lê Hữu Trác', 'Phan Văn Trường', 'Ngô Thì Nhậm', 'Nguyễn Gia Thiều',
	'Bạch Đằng', 'Lê Trung Đình', 'Nhật Lệ', 'Thái Phiên', 'Phạm Hồng Thái', 'Nguyễn Biểu'
];

/**
 * Wards and communes of the two-tier Huế (since 1 July 2025), central ones first: the wards
 * nearest the city centre take the first names.
 */
// prettier-ignore
export const WARD_NAMES: readonly (readonly [string, 'phuong' | 'xa'])[] = [
	['Phú Xuân', 'phuong'], ['Thuận Hóa', 'phuong'], ['Vỹ Dạ', 'phuong'], ['An Cựu', 'phuong'],
	['Kim Long', 'phuong'], ['Thủy Xuân', 'phuong'], ['Hương An', 'phuong'], ['Dương Nỗ', 'phuong'],
	['Thuận An', 'phuong'], ['Hóa Châu', 'phuong'], ['Mỹ Thượng', 'phuong'], ['Hương Trà', 'phuong'],
	['Kim Trà', 'phuong'], ['Thanh Thủy', 'phuong'], ['Hương Thủy', 'phuong'], ['Phú Bài', 'phuong'],
	['Phong Điền', 'phuong'], ['Phong Thái', 'phuong'], ['Phong Dinh', 'phuong'], ['Phong Phú', 'phuong'],
	['Phong Quảng', 'phuong'], ['Phú Vinh', 'xa'], ['Phú Hồ', 'xa'], ['Phú Vang', 'xa'],
	['Vinh Lộc', 'xa'], ['Hưng Lộc', 'xa'], ['Lộc An', 'xa'], ['Phú Lộc', 'xa'],
	['Chân Mây – Lăng Cô', 'xa'], ['Long Quảng', 'xa'], ['Nam Đông', 'xa'], ['Khe Tre', 'xa'],
	['Bình Điền', 'xa'], ['Đan Điền', 'xa'], ['Quảng Điền', 'xa'], ['A Lưới 1', 'xa'],
	['A Lưới 2', 'xa'], ['A Lưới 3', 'xa'], ['A Lưới 4', 'xa'], ['A Lưới 5', 'xa']
];

/** "Phường Phú Xuân" / "Xã Phú Vang": how a ward is written in an address. */
export function wardLabel(name: string, kind: 'phuong' | 'xa' | 'dac_khu'): string {
	return `${kind === 'phuong' ? 'Phường' : kind === 'xa' ? 'Xã' : 'Đặc khu'} ${name}`;
}

/** Trade names used in company and shop names. */
// prettier-ignore
export const TRADE_NAMES = [
	'Hưng Thịnh', 'Phú Gia', 'Minh Phát', 'Thuận Thành', 'Sông Hương', 'Hoàng Long', 'An Phú',
	'Thành Công', 'Đại Việt', 'Tân Tiến', 'Phước Lộc', 'Kim Ngân', 'Hòa Bình', 'Trường An',
	'Hương Giang', 'Bạch Mã', 'Thiên An', 'Vĩnh Phát', 'Quang Minh', 'Cố Đô', 'Đông Ba', 'Ngọc Lan',
	'Sao Mai', 'Bình Minh', 'Hải Vân', 'Phương Nam', 'Trường Tiền', 'Thanh Tâm', 'Mộc Trà', 'Xuân Lộc'
];

export const FLOWERS = [
	'Hoa Mai',
	'Hoa Sen',
	'Hoa Hồng',
	'Sơn Ca',
	'Họa Mi',
	'Vành Khuyên',
	'Hướng Dương'
];

export type Category =
	'domestic' | 'poor_household' | 'administrative' | 'public_service' | 'production' | 'business';

/** Share of connections per usage category (đối tượng sử dụng). */
export const CATEGORY_MIX: readonly (readonly [Category, number])[] = [
	['domestic', 0.85],
	['poor_household', 0.03],
	['administrative', 0.02],
	['public_service', 0.015],
	['production', 0.025],
	['business', 0.06]
];

/**
 * Organisation name templates per category with their industry (ngành nghề). `{w}` is the
 * ward, `{s}` a street, `{t}` a trade name, `{f}` a flower (kindergartens).
 */
// prettier-ignore
export const ORGANIZATIONS: Record<Exclude<Category, 'domestic' | 'poor_household'>, readonly (readonly [string, string])[]> = {
	administrative: [
		['UBND {w}', 'Quản lý nhà nước'], ['Công an {w}', 'Quản lý nhà nước'],
		['Trường Tiểu học {s}', 'Giáo dục'], ['Trường THCS {s}', 'Giáo dục'],
		['Trường THPT {s}', 'Giáo dục'], ['Trường Mầm non {f}', 'Giáo dục'],
		['Trạm Y tế {w}', 'Y tế'], ['Trung tâm Y tế khu vực {t}', 'Y tế'],
		['Kho bạc Nhà nước khu vực {t}', 'Quản lý nhà nước'], ['Ban Quản lý di tích {t}', 'Văn hóa']
	],
	public_service: [
		['Công viên {s}', 'Dịch vụ công cộng'], ['Nhà vệ sinh công cộng {s}', 'Dịch vụ công cộng'],
		['Vòi nước công cộng {s}', 'Dịch vụ công cộng'], ['Nhà văn hóa tổ dân phố {n}', 'Dịch vụ công cộng'],
		['Trung tâm Văn hóa – Thể thao {w}', 'Dịch vụ công cộng'], ['Đài phun nước {s}', 'Dịch vụ công cộng']
	],
	production: [
		['Công ty TNHH {t}', 'Chế biến thực phẩm'], ['Công ty CP {t}', 'Dệt may'],
		['Cơ sở sản xuất nước đá {t}', 'Sản xuất nước đá'], ['Xưởng may {t}', 'Dệt may'],
		['Cơ sở chế biến hải sản {t}', 'Chế biến thực phẩm'], ['Xí nghiệp bún bánh {t}', 'Chế biến thực phẩm'],
		['Công ty TNHH Bê tông {t}', 'Vật liệu xây dựng']
	],
	business: [
		['Khách sạn {t}', 'Lưu trú'], ['Nhà hàng {t}', 'Ăn uống'], ['Quán cà phê {t}', 'Ăn uống'],
		['Công ty TNHH Thương mại {t}', 'Thương mại'], ['Cửa hàng {t}', 'Thương mại'],
		['Homestay {t}', 'Lưu trú'], ['Tiệm giặt ủi {t}', 'Dịch vụ'], ['Rửa xe {t}', 'Dịch vụ'],
		['Spa {t}', 'Dịch vụ']
	]
};

export const METER_BRANDS: readonly (readonly [
	{ brand: string; prefix: string; models: readonly string[] },
	number
])[] = [
	[{ brand: 'Asahi', prefix: 'AS', models: ['WVM', 'GMK', 'WP-MFD'] }, 30],
	[{ brand: 'Zenner', prefix: 'ZN', models: ['MTKD', 'ETK', 'WPH-N'] }, 20],
	[{ brand: 'Itron', prefix: 'IT', models: ['Multimag', 'Aquadis+', 'Flostar M'] }, 18],
	[{ brand: 'Sensus', prefix: 'SN', models: ['620', '405S', 'WP-Dynamic'] }, 14],
	[{ brand: 'Elster', prefix: 'EL', models: ['V100', 'S130', 'H4000'] }, 10],
	[{ brand: 'Actaris', prefix: 'AC', models: ['Flodis', 'Aquadis'] }, 8]
];

// prettier-ignore
export const BANKS = [
	'Vietcombank', 'VietinBank', 'BIDV', 'Agribank', 'Techcombank', 'MB', 'ACB', 'Sacombank',
	'VPBank', 'TPBank'
];

/** Mobile prefixes in use since the 2018 renumbering (Viettel, VinaPhone, MobiFone…). */
export const PHONE_PREFIXES = [
	'090',
	'091',
	'093',
	'094',
	'096',
	'097',
	'098',
	'032',
	'035',
	'037',
	'039',
	'077',
	'079',
	'083',
	'085',
	'088'
];

export const REPLACEMENT_REASONS = [
	'Hết hạn kiểm định',
	'Đồng hồ hỏng, không quay',
	'Đồng hồ chạy sai',
	'Khách hàng yêu cầu kiểm tra',
	'Nâng cỡ đồng hồ'
];

export const NO_ACCESS_NOTES = ['Không gặp chủ nhà', 'Cổng khóa', 'Đồng hồ bị che khuất', 'Chó dữ'];
export const ESTIMATE_NOTES = ['Khoán theo bình quân 3 kỳ', 'Đồng hồ mờ số, ước tính'];

/** ASCII form of a Vietnamese string, for e-mail addresses. */
export function asciiFold(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D');
}
