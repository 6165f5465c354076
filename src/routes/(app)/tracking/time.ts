import { m } from '#lib/paraglide/messages.js';

// Clock times of the day being watched, in the utility's zone (Asia/Ho_Chi_Minh).
const clock = new Intl.DateTimeFormat('vi-VN', {
	timeZone: 'Asia/Ho_Chi_Minh',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hour12: false
});

export const formatClock = (at: string | number): string => clock.format(new Date(at));

/** "12 giây trước" / "3 phút trước" / "2 giờ trước" for a last-seen time. */
export function formatAgo(at: string | null, now: number): string {
	if (at === null) return m.trk_no_position();
	const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
	if (s < 60) return m.trk_ago_seconds({ n: s });
	if (s < 3600) return m.trk_ago_minutes({ n: Math.floor(s / 60) });
	return m.trk_ago_hours({ n: Math.floor(s / 3600) });
}
