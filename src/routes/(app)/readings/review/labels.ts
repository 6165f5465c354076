/** Display names of the review's codes: flags, review statuses, kinds, note codes, fields. */
import type { AnomalyFlag, NoteCode } from '#lib/domain/readings/anomalies.ts';
import { m } from '#lib/paraglide/messages.js';

export const flagLabel: Record<AnomalyFlag, () => string> = {
	rollback: m.rv_flag_rollback,
	rollover: m.rv_flag_rollover,
	zero: m.rv_flag_zero,
	spike: m.rv_flag_spike,
	drop: m.rv_flag_drop,
	far: m.rv_flag_far,
	no_photo: m.rv_flag_no_photo,
	suspended_use: m.rv_flag_suspended_use,
	field_note: m.rv_flag_field_note,
	no_history: m.rv_flag_no_history
};

export const statusLabel: Record<string, () => string> = {
	ok: m.rv_status_ok,
	flagged: m.rv_status_flagged,
	accepted: m.rv_status_accepted,
	corrected: m.rv_status_corrected,
	re_read: m.rv_status_re_read
};

export const kindLabel: Record<string, () => string> = {
	actual: m.rv_kind_actual,
	estimated: m.rv_kind_estimated,
	no_access: m.rv_kind_no_access
};

export const periodStatusLabel: Record<string, () => string> = {
	open: m.rv_period_open,
	closed: m.rv_period_closed,
	locked: m.rv_period_locked
};

export const noteLabel: Record<NoteCode, () => string> = {
	no_access: m.rv_note_no_access,
	gate_locked: m.rv_note_gate_locked,
	dog: m.rv_note_dog,
	meter_broken: m.rv_note_meter_broken,
	meter_buried: m.rv_note_meter_buried,
	meter_missing: m.rv_note_meter_missing,
	leak_seen: m.rv_note_leak_seen,
	tampering: m.rv_note_tampering,
	other: m.rv_note_other
};

export const fieldLabel: Record<string, () => string> = {
	previous_index: m.rv_field_previous_index,
	current_index: m.rv_field_current_index,
	consumption_m3: m.rv_field_consumption_m3,
	kind: m.rv_field_kind,
	review_status: m.rv_field_review_status,
	note_code: m.rv_field_note_code
};

/** The label of a code, or the code itself when it has none (a newer code than the UI). */
export const label = (table: Record<string, () => string>, code: string | null): string =>
	code === null ? '—' : (table[code]?.() ?? code);

/** Form and refusal fields (the service's field names) as the form labels them. */
export const formFieldLabel: Record<string, () => string> = {
	currentIndex: m.rv_new_current,
	previousIndex: m.rv_new_previous,
	reason: m.rv_reason,
	note: m.rv_accept_note,
	volumeM3: m.rv_backbilling_volume,
	period: m.rv_period,
	orderId: m.rv_orders_title,
	type: m.rv_order_title
};

/** A reading_correction value as the UI shows it: statuses and kinds named, numbers vi-VN. */
export function correctionValue(field: string, value: string | null): string {
	if (value === null) return '—';
	if (field === 'review_status') return label(statusLabel, value);
	if (field === 'kind') return label(kindLabel, value);
	if (field === 'note_code') return label(noteLabel, value);
	const n = Number(value);
	return value.trim() !== '' && Number.isFinite(n)
		? new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 }).format(n)
		: value;
}
