/** Words for the readings screens' codes: statuses, flags, note codes, kinds and fields. */
import { m } from '#lib/paraglide/messages.js';
import { noteCodes } from '#lib/domain/readings/anomalies.ts';
import type { GridNotice } from '#lib/domain/readings/grid.ts';
import { formatNumber } from '#lib/format/vi.ts';

const statuses: Record<string, () => string> = {
	open: m.rd_status_open,
	closed: m.rd_status_closed,
	locked: m.rd_status_locked
};
export const statusLabel = (s: string) => statuses[s]?.() ?? s;

const flags: Record<string, () => string> = {
	rollback: m.rd_flag_rollback,
	rollover: m.rd_flag_rollover,
	zero: m.rd_flag_zero,
	spike: m.rd_flag_spike,
	drop: m.rd_flag_drop,
	far: m.rd_flag_far,
	no_photo: m.rd_flag_no_photo,
	suspended_use: m.rd_flag_suspended_use,
	field_note: m.rd_flag_field_note,
	no_history: m.rd_flag_no_history
};
export const flagLabel = (f: string) => flags[f]?.() ?? f;

const notes: Record<(typeof noteCodes)[number], () => string> = {
	no_access: m.rd_note_no_access,
	gate_locked: m.rd_note_gate_locked,
	dog: m.rd_note_dog,
	meter_broken: m.rd_note_meter_broken,
	meter_buried: m.rd_note_meter_buried,
	meter_missing: m.rd_note_meter_missing,
	leak_seen: m.rd_note_leak_seen,
	tampering: m.rd_note_tampering,
	other: m.rd_note_other
};
export const noteOptions = noteCodes.map((code) => ({ code, label: notes[code] }));

const kinds: Record<string, () => string> = {
	actual: m.rd_kind_actual,
	estimated: m.rd_kind_estimated,
	no_access: m.rd_kind_no_access
};
export const kindLabel = (k: string) => kinds[k]?.() ?? k;

const fields: Record<string, () => string> = {
	index: m.rd_field_index,
	noteCode: m.rd_field_noteCode,
	period: m.rd_field_period,
	periodId: m.rd_field_period,
	customerId: m.rd_field_customerId,
	status: m.rd_field_status,
	review: m.rd_field_review,
	plannedOn: m.rd_field_plannedOn,
	readerId: m.rd_field_readerId,
	routeId: m.rd_field_routeId,
	tolerancePct: m.rd_field_tolerancePct,
	toleranceM3: m.rd_field_toleranceM3,
	maxDistanceM: m.rd_field_maxDistanceM,
	photoRequired: m.rd_field_photoRequired,
	autoLockDays: m.rd_field_autoLockDays
};
export const fieldLabel = (f: string) => fields[f]?.() ?? f;

const preferential = {
	poor_household: m.rd_notice_poor_household,
	administrative: m.rd_notice_administrative,
	public_service: m.rd_notice_public_service
};
const index = (x: number | null) => (x === null ? '—' : formatNumber(x));

/** A grid notice in words: a replaced meter with its indexes, suspension, a preferential price. */
export function noticeText(n: GridNotice): string {
	if (n.kind === 'replaced')
		return m.rd_notice_replaced({
			oldFinal: index(n.oldFinalIndex),
			newInitial: index(n.newInitialIndex)
		});
	if (n.kind === 'preferential') return preferential[n.category]();
	return n.kind === 'suspended' ? m.rd_notice_suspended() : m.rd_notice_cut_off();
}
