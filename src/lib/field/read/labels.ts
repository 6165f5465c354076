import { m } from '#lib/paraglide/messages.js';
import { noteCodes, type NoteCode } from '#lib/domain/readings/anomalies.ts';

// Names the reading app shows for note codes, anomaly flags, notices, payment methods and the
// fields a refusal names, in the user's language; an unknown code is shown as it is.

const notes: Record<NoteCode, () => string> = {
	no_access: m.fr_note_no_access,
	gate_locked: m.fr_note_gate_locked,
	dog: m.fr_note_dog,
	meter_broken: m.fr_note_meter_broken,
	meter_buried: m.fr_note_meter_buried,
	meter_missing: m.fr_note_meter_missing,
	leak_seen: m.fr_note_leak_seen,
	tampering: m.fr_note_tampering,
	other: m.fr_note_other
};
const flags: Record<string, () => string> = {
	rollback: m.fr_flag_rollback,
	rollover: m.fr_flag_rollover,
	zero: m.fr_flag_zero,
	spike: m.fr_flag_spike,
	drop: m.fr_flag_drop,
	far: m.fr_flag_far,
	no_photo: m.fr_flag_no_photo,
	suspended_use: m.fr_flag_suspended_use,
	field_note: m.fr_flag_field_note,
	no_history: m.fr_flag_no_history
};
const notices: Record<string, () => string> = {
	suspended: m.fr_notice_suspended,
	cut_off: m.fr_notice_cut_off,
	meter_replaced: m.fr_notice_meter_replaced,
	no_meter: m.fr_notice_no_meter
};
const methods: Record<string, () => string> = {
	cash: m.fr_method_cash,
	bank_transfer: m.fr_method_bank_transfer,
	qr: m.fr_method_qr
};
const fields: Record<string, () => string> = {
	index: m.fr_field_index,
	photo: m.fr_field_photo,
	period: m.fr_field_period,
	customerId: m.fr_field_customer,
	noteCode: m.fr_field_note_code,
	amountVnd: m.fr_field_amount,
	method: m.fr_field_method
};

const label = (table: Record<string, () => string>) => (key: string) => table[key]?.() ?? key;

export const noteChoices = noteCodes.map((code) => ({ code, label: () => notes[code]() }));
export const noteLabel = label(notes);
export const flagLabel = label(flags);
export const noticeLabel = label(notices);
export const methodLabel = label(methods);
export const readFieldLabel = label(fields);
export const paymentMethods = ['cash', 'bank_transfer', 'qr'] as const;
