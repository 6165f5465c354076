/**
 * Tạm ngưng / cắt nước / mở lại: which status each action leaves from and goes to, and the
 * form's validation (a reason of 3–500 characters and an effective date, not more than a year
 * ahead). Pure: the service applies it inside the transaction that locks the customer.
 */
import * as v from 'valibot';
import type { CustomerStatus } from '../map/selection.ts';

export const statusActions = ['suspend', 'cut_off', 'reconnect'] as const;
export type StatusAction = (typeof statusActions)[number];

export const statusActionLabelVi: Record<StatusAction, string> = {
	suspend: 'Tạm ngưng',
	cut_off: 'Cắt nước',
	reconnect: 'Mở lại'
};

const transitions: Record<StatusAction, { from: CustomerStatus[]; to: CustomerStatus }> = {
	suspend: { from: ['active'], to: 'suspended' },
	cut_off: { from: ['active', 'suspended'], to: 'cut_off' },
	reconnect: { from: ['suspended', 'cut_off'], to: 'active' }
};

/** The actions open to a customer in a status (for the buttons shown). */
export function actionsFrom(status: string): StatusAction[] {
	return statusActions.filter((a) => (transitions[a].from as string[]).includes(status));
}

/** The status an action leads to, or a message when it does not apply. */
export function nextStatus(
	action: StatusAction,
	from: string
): { ok: true; to: CustomerStatus } | { ok: false; message: string } {
	const t = transitions[action];
	if (!(t.from as string[]).includes(from))
		return {
			ok: false,
			message: `action: không thể ${statusActionLabelVi[action].toLowerCase()} khách hàng đang ở trạng thái này`
		};
	return { ok: true, to: t.to };
}

export interface StatusChangeInput {
	action: StatusAction;
	reason: string;
	effective_on: string;
}

function isCalendarDate(s: string): boolean {
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `today` is the utility's calendar date (YYYY-MM-DD). */
export function statusChangeSchema(today: string) {
	const limit = new Date(`${today}T00:00:00Z`);
	limit.setUTCFullYear(limit.getUTCFullYear() + 1);
	const latest = limit.toISOString().slice(0, 10);
	return v.object({
		action: v.picklist(statusActions, 'action: chọn tạm ngưng, cắt nước hoặc mở lại'),
		reason: v.pipe(
			v.string('reason: bắt buộc, nhập lý do'),
			v.trim(),
			v.minLength(3, 'reason: bắt buộc, lý do ít nhất 3 ký tự'),
			v.maxLength(500, 'reason: tối đa 500 ký tự')
		),
		effective_on: v.pipe(
			v.string('effective_on: bắt buộc, chọn ngày hiệu lực'),
			v.regex(/^\d{4}-\d{2}-\d{2}$/, 'effective_on: bắt buộc, chọn ngày hiệu lực'),
			v.check(isCalendarDate, 'effective_on: ngày không tồn tại'),
			v.check((s) => s <= latest, 'effective_on: không quá một năm kể từ hôm nay')
		)
	});
}
