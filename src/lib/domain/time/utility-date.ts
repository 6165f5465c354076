/** The utility's time zone: calendar dates (due dates, periods) are days in this zone. */
export const utilityTimeZone = 'Asia/Ho_Chi_Minh';

const isoDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: utilityTimeZone,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar date (YYYY-MM-DD) of an instant in the utility's zone. */
export function utilityDate(at: Date = new Date()): string {
	return isoDay.format(at);
}
