/** Input at the NRW leads boundary and the area's refusal. */
import * as v from 'valibot';
import { leadKinds } from '../../domain/nrw-leads/rules.ts';
import { areaParser, idSchema, RequestError } from '../http/refusal.ts';

/** A refusal from the NRW leads; a 409 for an order already open carries that order. */
export class LeadError extends RequestError {
	constructor(
		status: RequestError['status'],
		field: string,
		reason: string,
		readonly order?: { id: number; number: string }
	) {
		super(status, field, reason);
	}
}

/** ?month=YYYY-MM (the reference month). */
export const monthParam = v.pipe(
	v.string(),
	v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'tháng phải có dạng YYYY-MM'),
	v.transform((s) => `${s}-01`)
);

/** The form behind "Tạo lệnh kiểm tra" on a lead's row. */
export const createInspectionSchema = v.object({
	customerId: idSchema,
	kind: v.picklist(leadKinds, `loại đầu mối phải là một trong ${leadKinds.join(', ')}`),
	month: monthParam
});

export const parseLeadInput = areaParser(LeadError, {
	customerId: 'khách hàng',
	kind: 'loại đầu mối',
	month: 'tháng'
});
