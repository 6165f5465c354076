/**
 * vi-VN number, money and date formatting for the whole UI (English UI keeps vi-VN formats
 * for figures, as the utility's documents do). Money is integer VND.
 */
const number = new Intl.NumberFormat('vi-VN');
const vnd = new Intl.NumberFormat('vi-VN', {
	style: 'currency',
	currency: 'VND',
	maximumFractionDigits: 0
});
const m3 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });
const date = new Intl.DateTimeFormat('vi-VN', {
	timeZone: 'Asia/Ho_Chi_Minh',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric'
});
const dateTime = new Intl.DateTimeFormat('vi-VN', {
	timeZone: 'Asia/Ho_Chi_Minh',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

export const formatNumber = (n: number): string => number.format(n);
export const formatVnd = (amount: number): string => vnd.format(amount);
export const formatM3 = (volume: number): string => `${m3.format(volume)} m³`;

/** A calendar date ('YYYY-MM-DD') or an instant, as dd/mm/yyyy in Asia/Ho_Chi_Minh. */
export function formatDate(value: string | Date): string {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
		const [y, mo, d] = value.split('-');
		return `${d}/${mo}/${y}`;
	}
	return date.format(new Date(value));
}

export const formatDateTime = (value: string | Date): string => dateTime.format(new Date(value));

const decimal1 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** A length in metres: "850 m" below 1 km, "1,25 km" above. */
export function formatLength(metres: number): string {
	return metres < 1000 ? `${decimal1.format(metres)} m` : `${decimal2.format(metres / 1000)} km`;
}

/** An area in m²: "950 m²" below one hectare, "2,35 ha" above (1 ha = 10 000 m²). */
export function formatArea(squareMetres: number): string {
	return squareMetres < 10_000
		? `${number.format(Math.round(squareMetres))} m²`
		: `${decimal2.format(squareMetres / 10_000)} ha`;
}

/** A reading month ('YYYY-MM-DD', first of the month) as "MM/YYYY". */
export function formatMonth(periodMonth: string): string {
	const [y, mo] = periodMonth.split('-');
	return `${mo}/${y}`;
}
