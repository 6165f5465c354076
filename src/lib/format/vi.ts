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
