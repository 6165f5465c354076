/**
 * The Vietnamese description of an inspection order raised from an NRW lead: what was seen,
 * the evidence period by period and the m³ at stake, so the technician knows what to check.
 * Stored text, so Vietnamese whatever the UI language.
 */
import { formatDate, formatM3, formatMonth } from '../../format/vi.ts';
import type { Lead } from './leads.ts';
import type { History, LeadKind } from './rules.ts';

export const leadTitleVi: Record<LeadKind, string> = {
	zero_consumption: 'Tiêu thụ bằng 0 nhiều kỳ liền',
	sudden_drop: 'Tiêu thụ giảm đột ngột',
	verification_overdue: 'Đồng hồ quá hạn kiểm định',
	flat_large: 'Khách hàng lớn có tiêu thụ không đổi'
};

const kindVi = { actual: 'thực đọc', estimated: 'ước tính', no_access: 'không vào được' };

/** "05/2026: 12 m³ (thực đọc); 04/2026: không có chỉ số; …", oldest first. */
export function evidenceVi(history: History, months: readonly string[]): string {
	return months
		.map((month, i) => {
			const r = history[i];
			const what = !r
				? 'không có chỉ số'
				: r.m3 === null
					? kindVi[r.kind]
					: `${formatM3(r.m3)} (${kindVi[r.kind]})`;
			return `${formatMonth(month)}: ${what}`;
		})
		.reverse()
		.join('; ');
}

/** Why the lead was raised and how much it may hide, one sentence. */
export function findingVi(lead: Lead): string {
	const stake = `${formatM3(lead.stakeM3)}/tháng`;
	switch (lead.kind) {
		case 'zero_consumption':
			return (
				`Chỉ số thực đọc 0 m³ trong ${lead.run} kỳ liền. Lượng có thể thất thoát ≈ ${stake} ` +
				(lead.basis === 'own_history'
					? '(mức dùng trung bình của khách hàng trước đó).'
					: lead.basis === 'category_mean'
						? '(mức dùng trung bình của nhóm khách hàng cùng loại trong vùng).'
						: '(chưa có số liệu để ước tính).')
			);
		case 'sudden_drop':
			return (
				`Kỳ gần nhất ${formatM3(lead.latestM3!)}, thấp hơn nhiều so với trung bình ` +
				`${formatM3(lead.previousMeanM3!)} của ${lead.previousCount} kỳ thực đọc trước. ` +
				`Lượng hụt ≈ ${stake} (đồng hồ có thể dừng hoặc đo thiếu).`
			);
		case 'verification_overdue':
			return (
				`Hạn kiểm định ${formatDate(lead.dueOn!)} đã qua. Đồng hồ quá hạn thường đo thiếu ` +
				`khoảng ${Math.round(lead.share! * 100)}% của ${formatM3(lead.meanM3!)}/tháng ≈ ${stake}.`
			);
		case 'flat_large':
			return (
				`Tiêu thụ ${formatM3(lead.valueM3!)} y hệt nhau trong ${lead.run} kỳ liền ` +
				`(trung bình ${formatM3(lead.meanM3!)}/tháng): có thể chép số ước tính hoặc đồng hồ kẹt. ` +
				`${stake} đang được tính mà không đo thực tế.`
			);
	}
}

export interface LeadCustomer {
	code: string;
	name: string;
	meterSerial: string | null;
}

export function orderDescriptionVi(
	lead: Lead,
	customer: LeadCustomer,
	referenceMonth: string,
	evidence: History,
	evidenceMonths: readonly string[]
): string {
	const meter = customer.meterSerial ? `, đồng hồ ${customer.meterSerial}` : '';
	return (
		`Kiểm tra thất thoát nước (${leadTitleVi[lead.kind].toLowerCase()}), kỳ ` +
		`${formatMonth(referenceMonth)}: khách hàng ${customer.code} (${customer.name})${meter}. ` +
		`${findingVi(lead)} Tiêu thụ các kỳ: ${evidenceVi(evidence, evidenceMonths)}.`
	);
}
