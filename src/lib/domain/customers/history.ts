/**
 * The customer's timeline, built from audit_log: each entry about the customer or something of
 * theirs (contact, status change, meter, meter replacement, contract, attachment, route move)
 * becomes one event with a Vietnamese title and detail lines. Pure, so every rendering rule is
 * unit-tested. Unknown entities or actions still show, with their raw names.
 */
import { categoryVi, statusVi } from '../map/customer-labels.ts';
import { customerFieldLabelVi, kindLabelVi, paymentMethodLabelVi } from './customer-input.ts';
import { statusActionLabelVi, type StatusAction } from './status-change.ts';

export interface AuditRecord {
	entity: string;
	action: string;
	oldValues: Record<string, unknown> | null;
	newValues: Record<string, unknown> | null;
}

export type EventKind =
	| 'created'
	| 'changed'
	| 'payment'
	| 'status'
	| 'route'
	| 'meter'
	| 'replacement'
	| 'contract'
	| 'contact'
	| 'attachment'
	| 'deleted'
	| 'other';

export interface HistoryEvent {
	kind: EventKind;
	title: string;
	details: string[];
}

const extraLabels: Record<string, string> = {
	code: 'Danh bộ',
	status: 'Trạng thái',
	route: 'Tuyến ghi',
	ward: 'Phường/xã',
	zone: 'Vùng',
	geom: 'Vị trí'
};

function label(field: string): string {
	return (customerFieldLabelVi as Record<string, string>)[field] ?? extraLabels[field] ?? field;
}

function show(field: string, value: unknown): string {
	if (value === null || value === undefined || value === '') return '(trống)';
	const s = String(value);
	if (field === 'category') return categoryVi(s);
	if (field === 'status' || field === 'to_status' || field === 'from_status') return statusVi(s);
	if (field === 'kind') return (kindLabelVi as Record<string, string>)[s] ?? s;
	if (field === 'payment_method') return (paymentMethodLabelVi as Record<string, string>)[s] ?? s;
	return s;
}

const hidden = new Set(['customer_id', 'id', 'updated_at', 'created_at']);

/** 'Điện thoại: 0905… → 0914…' for each field whose value differs. */
export function changeLines(
	oldValues: Record<string, unknown> | null,
	newValues: Record<string, unknown> | null
): string[] {
	const keys = new Set([...Object.keys(oldValues ?? {}), ...Object.keys(newValues ?? {})]);
	const lines: string[] = [];
	for (const k of keys) {
		if (hidden.has(k)) continue;
		const before = oldValues?.[k];
		const after = newValues?.[k];
		if (JSON.stringify(before) === JSON.stringify(after)) continue;
		lines.push(`${label(k)}: ${show(k, before)} → ${show(k, after)}`);
	}
	return lines;
}

function str(v: unknown): string {
	return v === null || v === undefined ? '' : String(v);
}

function customerEvent(r: AuditRecord): HistoryEvent {
	const nv = r.newValues ?? {};
	if (r.action === 'create')
		return { kind: 'created', title: `Tạo khách hàng ${str(nv.code)}`.trim(), details: [] };
	if (r.action === 'delete') return { kind: 'deleted', title: 'Xóa khách hàng', details: [] };
	const lines = changeLines(r.oldValues, r.newValues);
	const keys = Object.keys(nv);
	if (
		keys.some((k) => k === 'route_id' || k === 'route') &&
		keys.every((k) => /^route/.test(k) || hidden.has(k))
	)
		return {
			kind: 'route',
			title: `Chuyển sang tuyến ${str(nv.route ?? nv.route_id)}`,
			details: lines
		};
	if (keys.includes('payment_method') && r.oldValues?.payment_method !== nv.payment_method)
		return { kind: 'payment', title: 'Đổi hình thức thanh toán', details: lines };
	return { kind: 'changed', title: 'Sửa thông tin khách hàng', details: lines };
}

/** One audit entry as a timeline event. */
export function describeAudit(r: AuditRecord): HistoryEvent {
	const nv = r.newValues ?? {};
	const ov = r.oldValues ?? {};
	switch (r.entity) {
		case 'customer':
			return customerEvent(r);
		case 'customer_status_change': {
			const action = str(nv.action) as StatusAction;
			const name = statusActionLabelVi[action] ?? action;
			return {
				kind: 'status',
				title: `${name}${nv.effective_on ? ` từ ngày ${formatDay(str(nv.effective_on))}` : ''}`,
				details: [`Lý do: ${str(nv.reason)}`]
			};
		}
		case 'customer_contact': {
			const who = str(nv.name ?? ov.name);
			const verb = r.action === 'create' ? 'Thêm' : r.action === 'delete' ? 'Xóa' : 'Sửa';
			return {
				kind: 'contact',
				title: `${verb} người liên hệ ${who}`,
				details: r.action === 'update' ? changeLines(r.oldValues, r.newValues) : []
			};
		}
		case 'meter': {
			const serial = str(nv.serial ?? ov.serial);
			if (r.action === 'install' || r.action === 'create')
				return {
					kind: 'meter',
					title: `Lắp đồng hồ ${serial}`.trim(),
					details: changeLines(null, pick(nv, ['installed_on', 'seal_no']))
				};
			if (r.action === 'detach' || r.action === 'remove')
				return { kind: 'meter', title: `Tháo đồng hồ ${serial}`.trim(), details: [] };
			return {
				kind: 'meter',
				title: `Cập nhật đồng hồ ${serial}`.trim(),
				details: changeLines(r.oldValues, r.newValues)
			};
		}
		case 'meter_replacement':
			return {
				kind: 'replacement',
				title: 'Thay đồng hồ',
				details: [
					`Đồng hồ cũ ${str(nv.old_serial ?? nv.old_meter_id)} chỉ số cuối ${str(nv.old_final_index)}`,
					`Đồng hồ mới ${str(nv.new_serial ?? nv.new_meter_id)} chỉ số đầu ${str(nv.new_initial_index)}`,
					...(nv.reason ? [`Lý do: ${str(nv.reason)}`] : [])
				]
			};
		case 'contract': {
			const number = str(nv.number ?? ov.number);
			const revision = Number(nv.revision ?? 1);
			if (r.action === 'create' || r.action === 'sign' || r.action === 'resign')
				return {
					kind: 'contract',
					title: revision > 1 ? `Ký lại hợp đồng ${number}` : `Ký hợp đồng ${number}`,
					details: nv.signed_on ? [`Ngày ký: ${formatDay(str(nv.signed_on))}`] : []
				};
			return {
				kind: 'contract',
				title: `Cập nhật hợp đồng ${number}`,
				details: changeLines(r.oldValues, r.newValues)
			};
		}
		case 'attachment':
			return {
				kind: 'attachment',
				title:
					r.action === 'delete' ? `Xóa tệp ${str(ov.file_name)}` : `Thêm tệp ${str(nv.file_name)}`,
				details: []
			};
		default:
			return {
				kind: 'other',
				title: `${r.entity}: ${r.action}`,
				details: changeLines(r.oldValues, r.newValues)
			};
	}
}

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
	return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
function formatDay(s: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : s;
}
