/**
 * The tariff area's refusal: a RequestError that may carry every field at fault (a price
 * decision form shows each reason beside its input), the billing.edit check every write makes,
 * and the database refusals (unique keys, the used-decision trigger) as clear 409s.
 */
import { can } from '../../domain/access/permissions.ts';
import type { CaseIssue } from '../../domain/tariff/tariff.schema.ts';
import type { SessionUser } from '../auth/auth.repository.ts';
import { RequestError } from '../http/refusal.ts';

export class TariffError extends RequestError {
	readonly issues: CaseIssue[];
	constructor(status: RequestError['status'], issues: CaseIssue[]) {
		super(status, issues[0].field, issues[0].reason);
		this.issues = issues;
	}
	static of(status: RequestError['status'], field: string, reason: string): TariffError {
		return new TariffError(status, [{ field, reason }]);
	}
}

export const lockedReason = 'Đã dùng cho hóa đơn đã phát hành — không sửa được';

export function requireEdit(user: SessionUser): void {
	if (!can(user.permissions, 'billing', 'edit'))
		throw TariffError.of(403, 'user', 'cần quyền sửa hóa đơn (billing.edit) để đổi biểu giá');
}

/** The database's own refusals of a tariff write, named by field; anything else rethrown. */
export function databaseRefusal(err: unknown): never {
	const e = err as { code?: string; constraint_name?: string };
	if (e?.code === '55000') throw TariffError.of(409, 'id', lockedReason);
	if (e?.code === '23505' && e.constraint_name === 'tariff_schedule_effective_from_key')
		throw TariffError.of(409, 'effectiveFrom', 'đã có biểu giá khác hiệu lực từ ngày này');
	if (e?.code === '23505' && e.constraint_name === 'tariff_schedule_code_key')
		throw TariffError.of(409, 'code', 'mã biểu giá đã được dùng');
	if (e?.code === '23505' && e.constraint_name === 'tariff_category_pkey')
		throw TariffError.of(409, 'code', 'mã nhóm đã có');
	if (e?.code === '23503' && e.constraint_name === 'invoice_tariff_schedule_id_fkey')
		throw TariffError.of(
			409,
			'id',
			'biểu giá đang được hóa đơn nháp tham chiếu: chạy lại kỳ trước khi xóa'
		);
	throw err;
}
